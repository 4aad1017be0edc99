"""The coordinators' workspace on the public site: their cities' practices, written and submitted.

Every view needs a signed-in user and finds practices through ``Practice.objects.editable_by``
(the practices of the user's own cities), so a coordinator of another city gets a 404 whatever
URL or form data they send. The secretariat may look at (and preview) any practice here; it
edits and reviews in the admin. Writes go through practices.workspace_services, status changes
through practices.services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cities.models import City
from icc.account_views import form_error_summary

from . import services, workspace_services
from .forms import AttachedItemsForm, NewDocumentForm, NewImageForm, PracticeForm, SubmitForm
from .models import Practice, Transition
from .views import practice_body_prefetches

Status = Practice.Status
# Transitions whose comment is the secretariat's word to the coordinator.
REVIEW_STATUSES = (Status.CHANGES_REQUESTED, Status.REJECTED, Status.PUBLISHED)
PAGE_SIZE = 50


def workspace_view(view):
    """Signed-in users only (others go to the sign-in page); never cached."""
    return login_required(never_cache(view))


def _practice_for_reading(user, pk, *prefetches):
    queryset = Practice.objects.editable_by(user)
    if services.user_is_secretariat(user):
        queryset = Practice.objects.all()
    return get_object_or_404(queryset.prefetch_related(*prefetches), pk=pk)


def _practice_for_writing(user, pk):
    # Only coordinators of one of the practice's cities: a 404 for everyone else, so the
    # existence of other cities' drafts is not revealed.
    return get_object_or_404(Practice.objects.editable_by(user), pk=pk)


def _latest_review_comment(practice):
    return (
        practice.transitions.filter(to_status__in=REVIEW_STATUSES)
        .exclude(comment="")
        .select_related("actor")
        .first()
    )


@workspace_view
def practice_list(request):
    latest_comment = (
        Transition.objects.filter(practice=OuterRef("pk"), to_status__in=REVIEW_STATUSES)
        .exclude(comment="")
        .order_by("-created_at", "-pk")
    )
    practices = (
        Practice.objects.editable_by(request.user)
        .annotate(
            latest_comment=Subquery(latest_comment.values("comment")[:1]),
            latest_comment_status=Subquery(latest_comment.values("to_status")[:1]),
        )
        .prefetch_related(Prefetch("cities", queryset=City.objects.order_by("name")))
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(practices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/practice_list.html",
        {
            "page_obj": page,
            "practices": page.object_list,
            "can_create": request.user.coordinated_cities.exists(),
            "is_secretariat": services.user_is_secretariat(request.user),
            "statuses": Status,
        },
    )


@workspace_view
def practice_detail(request, pk):
    practice = _practice_for_reading(request.user, pk)
    is_coordinator = practice.is_coordinated_by(request.user)
    return render(
        request,
        "workspace/practice_detail.html",
        {
            "practice": practice,
            "transitions": practice.transitions.select_related("actor"),
            "review_comment": _latest_review_comment(practice),
            "can_edit": is_coordinator and practice.is_editable,
            "can_submit": is_coordinator
            and Status.SUBMITTED
            in services.allowed_transitions(practice=practice, user=request.user),
            "can_delete": is_coordinator and practice.status == Status.DRAFT,
            "missing": services.missing_for_publication(practice),
            "images": practice.images.all(),
            "documents": practice.documents.prefetch_related("files"),
        },
    )


def _forms(request, *, practice=None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    user = request.user
    initial = {}
    if practice is not None and data is None:
        loaded_at, loaded_revision = workspace_services.version_token(practice)
        initial = {"loaded_at": loaded_at, "loaded_revision": loaded_revision}
    return {
        "form": PracticeForm(data, instance=practice, user=user, initial=initial),
        "image_form": NewImageForm(data, files, prefix="image", user=user),
        "document_form": NewDocumentForm(data, files, prefix="document", user=user),
        "attached_form": AttachedItemsForm(data, prefix="attached", practice=practice),
    }


def _render_form(request, forms, *, practice=None, conflict=None, status=200):
    all_forms = list(forms.values())
    return render(
        request,
        "workspace/practice_form.html",
        {
            **forms,
            "practice": practice,
            "error_summary": form_error_summary(*all_forms),
            "conflict": conflict,
            "review_comment": _latest_review_comment(practice) if practice else None,
            "images": practice.images.all() if practice else [],
            "documents": practice.documents.prefetch_related("files") if practice else [],
        },
        status=status,
    )


def _all_valid(forms):
    # Every form is validated (no short-circuit): each keeps its accepted upload and shows
    # all its errors at once.
    results = [form.is_valid() for form in forms.values()]
    return all(results)


def _upload_arguments(forms):
    image_form, document_form = forms["image_form"], forms["document_form"]
    new_image = None
    if image_form.has_upload():
        new_image = {"file": image_form.cleaned_data["file"], **image_form.image_fields()}
    new_document = None
    if document_form.has_upload():
        new_document = {
            "file": document_form.cleaned_data["file"],
            "language": document_form.cleaned_data["language"],
            **document_form.document_fields(),
        }
    return new_image, new_document


def _after_save(request, forms, practice):
    forms["image_form"].discard_kept_upload()
    forms["document_form"].discard_kept_upload()
    if request.POST.get("action") == "preview":
        return redirect("workspace:practice_preview", pk=practice.pk)
    messages.success(request, _("Your draft has been saved."))
    return redirect("workspace:practice_edit", pk=practice.pk)


@workspace_view
@require_http_methods(["GET", "POST"])
def practice_create(request):
    if not request.user.coordinated_cities.exists():
        raise PermissionDenied(_("Only the coordinator of a member city can write practices."))
    forms = _forms(request)
    if request.method == "POST" and _all_valid(forms):
        form = forms["form"]
        new_image, new_document = _upload_arguments(forms)
        try:
            practice = workspace_services.practice_create(
                user=request.user,
                fields=form.practice_fields(),
                cities=form.cleaned_data["cities"],
                topics=form.cleaned_data["topics"],
                new_image=new_image,
                new_document=new_document,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _after_save(request, forms, practice)
    return _render_form(request, forms)


@workspace_view
@require_http_methods(["GET", "POST"])
def practice_edit(request, pk):
    practice = _practice_for_writing(request.user, pk)
    if not practice.is_editable:
        raise PermissionDenied(
            _(
                "This practice can be changed only while it is a draft or when changes are requested."
            )
        )
    forms = _forms(request, practice=practice)
    conflict = None
    if request.method == "POST" and _all_valid(forms):
        form, attached = forms["form"], forms["attached_form"]
        new_image, new_document = _upload_arguments(forms)
        try:
            saved = workspace_services.practice_update(
                practice=practice,
                user=request.user,
                fields=form.practice_fields(),
                cities=form.cleaned_data["cities"],
                topics=form.cleaned_data["topics"],
                loaded_at=form.cleaned_data.get("loaded_at") or None,
                loaded_revision=form.cleaned_data.get("loaded_revision"),
                new_image=new_image,
                new_document=new_document,
                remove_images=attached.cleaned_data["remove_images"],
                remove_documents=attached.cleaned_data["remove_documents"],
            )
        except workspace_services.EditConflict as error:
            conflict = error
            # Saving again now overwrites the other version knowingly.
            loaded_at, loaded_revision = workspace_services.version_token(error.practice)
            form.data = form.data.copy()
            form.data["loaded_at"] = loaded_at
            form.data["loaded_revision"] = loaded_revision or ""
            practice = error.practice
            form.add_error(
                None,
                ValidationError(
                    _(
                        "Someone else saved this practice while you were editing it. Your changes have not been saved yet."
                    ),
                    code="edit_conflict",
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _after_save(request, forms, saved)
    return _render_form(request, forms, practice=practice, conflict=conflict)


@workspace_view
def practice_preview(request, pk):
    practice = _practice_for_reading(request.user, pk, *practice_body_prefetches())
    response = render(
        request,
        "workspace/practice_preview.html",
        {
            "practice": practice,
            "is_preview": True,
            "can_edit": practice.is_editable_by(request.user),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@workspace_view
@require_http_methods(["GET", "POST"])
def practice_submit(request, pk):
    practice = _practice_for_writing(request.user, pk)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_submit(
                practice=practice, user=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Your practice has been submitted for review. The secretariat has been told."),
            )
        return redirect("workspace:practice_detail", pk=practice.pk)
    if Status.SUBMITTED not in services.allowed_transitions(practice=practice, user=request.user):
        messages.error(request, _("This practice cannot be submitted in its present status."))
        return redirect("workspace:practice_detail", pk=practice.pk)
    return render(
        request,
        "workspace/practice_submit.html",
        {
            "practice": practice,
            "form": form,
            "missing": services.missing_for_publication(practice),
            "error_summary": form_error_summary(form),
        },
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def practice_delete(request, pk):
    practice = _practice_for_writing(request.user, pk)
    if practice.status != Status.DRAFT:
        raise PermissionDenied(_("Only a draft can be deleted."))
    if request.method == "POST":
        title = str(practice)
        workspace_services.practice_delete_draft(practice=practice, user=request.user)
        messages.success(
            request,
            _("The draft “%(title)s” has been deleted. The secretariat can restore it if needed.")
            % {"title": title},
        )
        return redirect(reverse("workspace:practice_list"))
    return render(request, "workspace/practice_confirm_delete.html", {"practice": practice})
