"""The coordinators' workspace on the public site: their cities' practices, written and submitted.

Every view needs a signed-in user and finds practices through ``Practice.objects.editable_by``
(the practices of the user's own cities), so a coordinator of another city gets a 404 whatever
URL or form data they send. The secretariat may look at (and preview) any practice here; it
edits and reviews in the admin. Writes go through practices.workspace_services, status changes
through practices.services.
"""

import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cities.models import City
from icc.account_views import form_error_summary

from . import services, workspace_services
from .forms import AttachedItemsForm, NewDocumentForm, NewImageForm, PracticeForm, SubmitForm
from .models import Practice, Topic, Transition
from .views import practice_body_prefetches

Status = Practice.Status
# Transitions whose comment is the secretariat's word to the coordinator.
REVIEW_STATUSES = (Status.CHANGES_REQUESTED, Status.REJECTED, Status.PUBLISHED)
PAGE_SIZE = 50


def workspace_view(view):
    """Signed-in users only (others go to the sign-in page); never cached."""
    return login_required(never_cache(view))


# --- Nothing written is lost ------------------------------------------------------------------
# A coordinator whose session expired while writing posts the form signed out. What they sent is
# kept in the (new, anonymous) session, which signing in carries over (login() cycles the key
# but keeps the data), and the form shows it again after sign-in. The CSRF token lives in its
# own cookie (CSRF_USE_SESSIONS is off), so such a post passes the CSRF check and reaches us.
# The form carries a signed "editor" token naming the user and the practice: only a form
# rendered for a signed-in coordinator is kept, and only that coordinator gets it back.

EDITOR_TOKEN_SALT = "practices.workspace.editor"
EDITOR_TOKEN_MAX_AGE = 60 * 60 * 24 * 30
UNSAVED_SESSION_KEY = "workspace_unsaved"
# Bounds of what a session keeps: characters of text per form, and forms per session.
UNSAVED_MAX_CHARACTERS = 500_000
UNSAVED_MAX_FORMS = 3
# The posted fields worth keeping (files cannot be kept in a session; kept uploads' tokens can).
KEPT_FIELDS = frozenset(
    [*workspace_services.EDITABLE_FIELDS, "cities", "topics", "loaded_at", "loaded_revision"]
)
KEPT_PREFIXES = ("image-", "document-", "attached-")


def editor_token(user, practice):
    """The signed name of who edits which practice (``None``: a new one), for the form."""
    return signing.dumps(
        {"user": user.pk, "practice": practice.pk if practice else None}, salt=EDITOR_TOKEN_SALT
    )


def _editor_of(token, practice_pk):
    """The user id in a valid editor token for ``practice_pk``, else None."""
    try:
        payload = signing.loads(token or "", salt=EDITOR_TOKEN_SALT, max_age=EDITOR_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("practice") != practice_pk:
        return None
    return payload.get("user") if isinstance(payload.get("user"), int) else None


def _unsaved_key(practice_pk):
    return f"practice-{practice_pk}" if practice_pk else "new"


def _posted_text(request):
    return {
        name: request.POST.getlist(name)
        for name in request.POST
        if name in KEPT_FIELDS or name.startswith(KEPT_PREFIXES)
    }


def _size(text):
    return sum(len(name) + sum(len(value) for value in values) for name, values in text.items())


def keeps_text_across_sign_in(view):
    """A form posted signed out is kept for after sign-in (see above), never dropped."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        practice_pk = kwargs.get("pk")
        editor = _editor_of(request.POST.get("editor"), practice_pk)
        if editor is None:
            # Not a form of this workspace: sign in, as for any other page.
            return redirect_to_login(request.get_full_path())
        text = _posted_text(request)
        if _size(text) > UNSAVED_MAX_CHARACTERS:
            return _unsaved_response(
                request,
                data=request.POST,
                happened=_("Your session has expired, so your changes were not saved."),
                advice=_(
                    "Your text is too long to be kept until you sign in again: copy it below, "
                    "sign in, then paste it into the form."
                ),
                had_files=bool(request.FILES),
                sign_in_url=redirect_to_login(request.get_full_path())["Location"],
                status=403,
            )
        unsaved = dict(request.session.get(UNSAVED_SESSION_KEY) or {})
        key = _unsaved_key(practice_pk)
        unsaved.pop(key, None)
        unsaved[key] = {
            "user": editor,
            "text": text,
            "had_files": bool(request.FILES),
            "sent_at": timezone.now().isoformat(),
        }
        while len(unsaved) > UNSAVED_MAX_FORMS:
            unsaved.pop(next(iter(unsaved)))
        request.session[UNSAVED_SESSION_KEY] = unsaved
        messages.warning(
            request,
            _(
                "Your session had expired, so your changes were not saved. Sign in again: "
                "the text you sent is kept and will be back in the form."
            ),
        )
        return redirect_to_login(request.get_full_path())

    return never_cache(wrapper)


def _take_unsaved(request, practice_pk):
    """The text this user sent signed out for this practice, as form data (once), or None."""
    unsaved = request.session.get(UNSAVED_SESSION_KEY)
    key = _unsaved_key(practice_pk)
    if not unsaved or key not in unsaved:
        return None
    unsaved = dict(unsaved)
    kept = unsaved.pop(key)
    if unsaved:
        request.session[UNSAVED_SESSION_KEY] = unsaved
    else:
        del request.session[UNSAVED_SESSION_KEY]
    if kept.get("user") != request.user.pk:
        return None  # someone else signed in on this browser: not theirs
    data = QueryDict(mutable=True)
    for name, values in kept.get("text", {}).items():
        data.setlist(name, [str(value) for value in values])
    try:
        sent_at = datetime.datetime.fromisoformat(kept.get("sent_at", ""))
    except (TypeError, ValueError):
        sent_at = None
    return {"data": data, "had_files": bool(kept.get("had_files")), "sent_at": sent_at}


def _valid_ids(values):
    return [
        int(value) for value in values if value.isascii() and value.isdigit() and len(value) < 18
    ]


def _kept_texts(data):
    """[(label, text)] of every non-empty field of a posted practice form, in form order."""
    texts = []
    for name in workspace_services.EDITABLE_FIELDS:
        value = (data.get(name) or "").strip()
        if name == "is_ongoing":
            if value:
                texts.append((workspace_services.field_label(name), _("yes")))
        elif value:
            texts.append((workspace_services.field_label(name), data.get(name)))
    for label, model, name in ((_("Cities"), City, "cities"), (_("Topics"), Topic, "topics")):
        chosen = model.objects.filter(pk__in=_valid_ids(data.getlist(name))).order_by("pk")
        if chosen:
            texts.append((label, ", ".join(str(item) for item in chosen)))
    languages = dict(settings.LANGUAGES)
    for prefix, field, label in (
        ("image", "alt_text", _("Alternative text of the new image")),
        ("document", "title", _("Title of the new document")),
    ):
        for code, language in languages.items():
            value = (data.get(f"{prefix}-{field}_{code}") or "").strip()
            if value:
                texts.append((f"{label} ({language})", value))
    credit = (data.get("image-credit") or "").strip()
    if credit:
        texts.append((_("Credit of the new image"), credit))
    return texts


def _unsaved_response(
    request, *, data, happened, advice, practice=None, step=None, had_files=False,
    sign_in_url="", status,
):  # fmt: skip
    """A page giving back, to copy, the text of a form that could not be saved."""
    texts = [
        (label, text, min(20, max(2, str(text).count("\n") + len(str(text)) // 80 + 1)))
        for label, text in _kept_texts(data)
    ]
    return render(
        request,
        "workspace/practice_unsaved.html",
        {
            "practice": practice,
            "happened": happened,
            "advice": advice,
            "step": step,
            "review_comment": _latest_review_comment(practice) if practice else None,
            "had_files": had_files,
            "texts": texts,
            "sign_in_url": sign_in_url,
        },
        status=status,
    )


def _status_changed_messages(status):
    """(what happened, what the coordinator can do) for a practice no longer editable."""
    if status == Status.PUBLISHED:
        happened = _("The secretariat published this practice while you were editing it.")
        advice = _(
            "Copy what you want to keep and send it to the secretariat: they can bring your "
            "changes into the published practice."
        )
    elif status == Status.ARCHIVED:
        happened = _("The secretariat unpublished this practice while you were editing it.")
        advice = _(
            "Copy what you want to keep and send it to the secretariat: they can make the "
            "changes or return the practice to draft for you."
        )
    elif status == Status.REJECTED:
        happened = _("The secretariat rejected this practice while you were editing it.")
        advice = _(
            "Copy what you want to keep. The secretariat's reason is shown above; they can "
            "return the practice to draft if you want to work on it again."
        )
    elif status == Status.SUBMITTED:
        happened = _("This practice was submitted for review while you were editing it.")
        advice = _(
            "Copy what you want to keep: if the secretariat requests changes, you can edit the "
            "practice again and paste it in; or send it to the secretariat now."
        )
    else:
        happened = _("The status of this practice changed while you were editing it.")
        advice = _("Copy what you want to keep and send it to the secretariat.")
    return happened, " ".join((_("Your text is below; it has not been saved."), advice))


def _status_changed_response(request, *, practice, data, had_files=False):
    happened, advice = _status_changed_messages(practice.status)
    return _unsaved_response(
        request,
        data=data,
        practice=practice,
        step=practice.transitions.select_related("actor").first(),
        happened=happened,
        advice=advice,
        had_files=had_files,
        status=409,
    )


def _not_found_response(request, *, data, had_files=False):
    # The same answer whether the practice exists or not: nothing is revealed about it.
    return _unsaved_response(
        request,
        data=data,
        happened=_(
            "This practice no longer exists, or you no longer coordinate any of its cities."
        ),
        advice=_(
            "Your text is below; it has not been saved. Copy what you want to keep: you can "
            "start a new practice with it."
        ),
        had_files=had_files,
        status=404,
    )


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


def _forms(request, *, practice=None, restored=None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    if restored is not None:
        # The text sent before signing in again: shown (and checked) as if just posted.
        data, files = restored["data"], None
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


def _render_form(request, forms, *, practice=None, conflict=None, restored=None, status=200):
    all_forms = list(forms.values())
    return render(
        request,
        "workspace/practice_form.html",
        {
            **forms,
            "practice": practice,
            "error_summary": form_error_summary(*all_forms),
            "conflict": conflict,
            "restored": restored,
            "editor_token": editor_token(request.user, practice),
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


@keeps_text_across_sign_in
@workspace_view
@require_http_methods(["GET", "POST"])
def practice_create(request):
    restored = _take_unsaved(request, None) if request.method == "GET" else None
    if not request.user.coordinated_cities.exists():
        if request.method == "POST" or restored:
            return _unsaved_response(
                request,
                data=restored["data"] if restored else request.POST,
                happened=_(
                    "You no longer coordinate a member city, so this practice was not created."
                ),
                advice=_(
                    "Your text is below; it has not been saved. Copy what you want to keep and "
                    "ask the secretariat to make you a coordinator of your city again."
                ),
                had_files=bool(request.FILES) or bool(restored and restored["had_files"]),
                status=403,
            )
        raise PermissionDenied(_("Only the coordinator of a member city can write practices."))
    forms = _forms(request, restored=restored)
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
    return _render_form(request, forms, restored=restored)


@keeps_text_across_sign_in
@workspace_view
@require_http_methods(["GET", "POST"])
def practice_edit(request, pk):
    restored = _take_unsaved(request, pk) if request.method == "GET" else None
    sent = restored["data"] if restored else request.POST
    had_files = bool(request.FILES) or bool(restored and restored["had_files"])
    practice = Practice.objects.editable_by(request.user).filter(pk=pk).first()
    if practice is None:
        if request.method == "POST" or restored:
            return _not_found_response(request, data=sent, had_files=had_files)
        raise Http404
    if not practice.is_editable:
        if request.method == "POST" or restored:
            return _status_changed_response(
                request, practice=practice, data=sent, had_files=had_files
            )
        messages.info(
            request,
            _(
                "This practice is “%(status)s”: it can be changed only while it is a draft or "
                "when changes are requested."
            )
            % {"status": practice.get_status_display()},
        )
        return redirect("workspace:practice_detail", pk=practice.pk)
    forms = _forms(request, practice=practice, restored=restored)
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
        except PermissionDenied:
            # Its status changed between the check above and the save (which re-checks).
            practice.refresh_from_db()
            if practice.is_editable:
                raise
            return _status_changed_response(
                request, practice=practice, data=request.POST, had_files=had_files
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _after_save(request, forms, saved)
    return _render_form(request, forms, practice=practice, conflict=conflict, restored=restored)


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
