"""The coordinators' translation status: their practices' missing or out-of-date texts.

The same status as the secretariat's (icc.translation_status), for the practices of the user's
cities (``Practice.objects.editable_by``; a 404 for anyone else's) and the fields a coordinator
writes (``workspace_services.EDITABLE_FIELDS``). The workspace's life cycle applies: texts can be
written only while the practice is a draft or changes are requested, and they are saved by
``workspace_services.practice_update`` like any workspace edit (same revision, same conflict
check); a published or submitted practice is shown read-only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cities.models import City
from icc.translation_status import status
from icc.translation_status.forms import TranslationForm, language_name
from icc.translation_status.registry import language_codes, localized_name, translated_fields
from icc.translation_status.views import default_language, editor_context, side_by_side

from . import workspace_services
from .models import Practice
from .workspace_views import workspace_view

PAGE_SIZE = 50
PRACTICE_LABEL = Practice._meta.label_lower


def coordinator_fields():
    """The translated fields a coordinator writes (every language in EDITABLE_FIELDS)."""
    editable = set(workspace_services.EDITABLE_FIELDS)
    return [
        field
        for field in translated_fields(Practice)
        if all(localized_name(field, code) in editable for code in language_codes())
    ]


@workspace_view
def translation_list(request):
    language = request.GET.get("language")
    language = language if language in language_codes() else None
    own = set(Practice.objects.editable_by(request.user).values_list("pk", flat=True))
    entries = status.filter_entries(
        status.status_summary(),
        models={PRACTICE_LABEL},
        pks=own,
        language=language,
        fields=set(coordinator_fields()),
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    practices = Practice.objects.filter(pk__in=[entry.pk for entry in page.object_list])
    practices = practices.prefetch_related(
        Prefetch("cities", queryset=City.objects.order_by("name"))
    ).in_bulk()
    rows = []
    for entry in page.object_list:
        practice = practices.get(entry.pk)
        if practice is None:
            continue
        languages = list(dict.fromkeys(issue[1] for issue in entry.issues))
        rows.append(
            {
                "practice": practice,
                "url": reverse("workspace:translation_editor", args=[practice.pk])
                + f"?language={language or languages[0]}",
                "issues": [
                    {
                        "field": str(Practice._meta.get_field(field).verbose_name).capitalize(),
                        "language": language_name(code),
                        "state": issue_state,
                        "state_label": status.STATE_LABELS[issue_state],
                    }
                    for field, code, issue_state in entry.issues
                ],
            }
        )
    return render(
        request,
        "workspace/translations.html",
        {
            "rows": rows,
            "page_obj": page,
            "practice_count": len(own),
            "language": language,
            "languages": [(code, language_name(code)) for code in language_codes()],
        },
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def translation_editor(request, pk):
    practice = get_object_or_404(Practice.objects.editable_by(request.user), pk=pk)
    fields = coordinator_fields()
    rows = [row for row in status.item_rows(practice) if row.field in fields]
    requested = request.POST.get("language") or request.GET.get("language")
    language = requested if requested in language_codes() else default_language(rows)
    show_all = (request.POST.get("all") or request.GET.get("all")) == "1"
    can_edit = practice.is_editable
    context = editor_context(
        instance=practice,
        rows=rows,
        language=language,
        show_all=show_all,
        posted=request.POST if request.method == "POST" and can_edit else None,
    )
    form = TranslationForm(
        request.POST if request.method == "POST" and can_edit else None,
        rows=context["shown"],
        language=language,
        model=Practice,
    )
    status_code = 200
    if request.method == "POST":
        if not can_edit:
            messages.error(request, _not_editable_message(practice))
            status_code = 409
        elif form.is_valid():
            saved = _save(request, practice=practice, form=form, language=language)
            if not saved:
                practice.refresh_from_db()  # saving again knowingly keeps this text
            else:
                url = reverse("workspace:translation_editor", args=[practice.pk])
                return redirect(f"{url}?language={language}" + ("&all=1" if show_all else ""))
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    context.update(
        {
            "practice": practice,
            "form": form,
            "items": side_by_side(form, context["previous"]),
            "can_edit": can_edit,
            "not_editable": None if can_edit else _not_editable_message(practice),
            "loaded_at": practice.updated_at.isoformat(),
            "editor_base": reverse("workspace:translation_editor", args=[practice.pk]),
        }
    )
    return render(request, "workspace/translations_editor.html", context, status=status_code)


def _not_editable_message(practice):
    return _(
        "This practice is “%(status)s”: its texts can be changed only while it is a draft or "
        "when changes are requested. Send your translation to the secretariat."
    ) % {"status": practice.get_status_display()}


def _save(request, *, practice, form, language):
    """Write the texts through the workspace's own service; True when the form is done."""
    changed = {
        localized_name(field, language): text.replace("\r\n", "\n")
        for field, text in form.texts().items()
        if not status.same_text(getattr(practice, localized_name(field, language)), text)
    }
    cities = list(practice.cities.filter(coordinators=request.user))
    try:
        with transaction.atomic():
            if changed:
                practice = workspace_services.practice_update(
                    practice=practice,
                    user=request.user,
                    fields=changed,
                    cities=cities,
                    topics=list(practice.topics.all()),
                    loaded_at=request.POST.get("loaded_at") or None,
                )
            marked = [
                field
                for field in form.still_correct()
                if localized_name(field, language) not in changed
            ]
            if marked:
                _mark_still_correct(request.user, practice, marked, language)
    except workspace_services.EditConflict as conflict:
        names = ", ".join(label for label, _value in conflict.changes) or _("some texts")
        form.add_error(
            None,
            _(
                "Someone else saved this practice since you opened this page (%(fields)s). "
                "Nothing was saved. Check their changes, then save again to keep your text."
            )
            % {"fields": names},
        )
        return False
    except PermissionDenied:
        messages.error(request, _not_editable_message(practice))
        return True
    except ValidationError as error:
        form.add_error(None, error)
        return False
    labels = {row.field: row.label for row in form.rows}
    by_column = {localized_name(field, language): field for field in labels}
    if changed:
        messages.success(
            request,
            _("Saved: %(fields)s.")
            % {"fields": ", ".join(labels[by_column[column]] for column in changed)},
        )
    if marked:
        messages.success(
            request,
            _("Marked as still correct: %(fields)s.")
            % {"fields": ", ".join(labels[field] for field in marked)},
        )
    if not changed and not marked:
        messages.info(request, _("Nothing was changed."))
    return True


def _mark_still_correct(user, practice, fields, language):
    current = Practice.objects.select_for_update().get(pk=practice.pk)
    if not current.is_coordinated_by(user) or not current.is_editable:
        raise PermissionDenied
    status.mark_still_correct(current, fields, language)
