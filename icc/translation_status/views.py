"""The secretariat's translation status in the admin: the list, and the side-by-side editor.

Mounted under /admin/translation-status/ (icc/urls.py) and wrapped by the admin site's
``admin_view`` (staff only, never cached). A user sees the models they may change, and the
items the model's admin shows them; the editor saves through the model's own ``save()``.
"""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import status
from .forms import TranslationForm, language_name
from .registry import language_codes, source_language

PAGE_SIZE = 50


def model_admin_of(model):
    return admin.site._registry.get(model)


def visible_queryset(request, model):
    """The items of ``model`` the user may see: its admin's queryset when it has one."""
    model_admin = model_admin_of(model)
    if model_admin is not None:
        return model_admin.get_queryset(request)
    return model._base_manager.all()


def labelled(queryset, pks):
    """``{pk: str(item)}``, reading forward relations at once (some names include them)."""
    model = queryset.model
    relations = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.many_to_one
    ]
    return {item.pk: str(item) for item in queryset.select_related(*relations).filter(pk__in=pks)}


def change_url(model, pk):
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return None


def editor_url(model, pk, language=None):
    content_type = ContentType.objects.get_for_model(model)
    url = reverse("translation_status:editor", args=[content_type.pk, pk])
    return f"{url}?{urlencode({'language': language})}" if language else url


def _choice(value, allowed):
    return value if value in allowed else None


def status_view(request):
    permitted = status.models_for(request.user)
    if not permitted:
        raise PermissionDenied
    by_label = {model._meta.label_lower: model for model in permitted}
    chosen_model = _choice(request.GET.get("model"), by_label)
    language = _choice(request.GET.get("language"), language_codes())
    state = _choice(request.GET.get("state"), status.STATE_LABELS)

    visible = {
        label: set(visible_queryset(request, model).values_list("pk", flat=True))
        for label, model in by_label.items()
    }
    entries = [
        entry
        for entry in status.filter_entries(
            status.status_summary(), models=set(by_label), language=language, state=state
        )
        if entry.pk in visible[entry.model]
    ]
    counts = status.count_entries(entries)
    if chosen_model:
        entries = [entry for entry in entries if entry.model == chosen_model]
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))

    labels = {}
    for label, model in by_label.items():
        pks = [entry.pk for entry in page.object_list if entry.model == label]
        if pks:
            labels[label] = labelled(visible_queryset(request, model), pks)
    rows = []
    for entry in page.object_list:
        model = by_label[entry.model]
        languages = list(dict.fromkeys(issue[1] for issue in entry.issues))
        rows.append(
            {
                "entry": entry,
                "model_name": str(model._meta.verbose_name).capitalize(),
                "label": labels.get(entry.model, {}).get(entry.pk) or f"#{entry.pk}",
                "change_url": change_url(model, entry.pk),
                "editor_url": editor_url(model, entry.pk, language or languages[0]),
                "issues": [
                    {
                        "field": str(model._meta.get_field(field).verbose_name).capitalize(),
                        "language": language_name(code),
                        "state": issue_state,
                        "state_label": status.STATE_LABELS[issue_state],
                    }
                    for field, code, issue_state in entry.issues
                ],
            }
        )
    model_counts = [
        {
            "verbose_name_plural": str(model._meta.verbose_name_plural).capitalize(),
            "label": model._meta.label_lower,
            "counts": counts.get(model._meta.label_lower, status.Counts(0, 0, 0)),
        }
        for model in permitted
    ]
    query = {
        key: value
        for key, value in (("model", chosen_model), ("language", language), ("state", state))
        if value
    }
    context = {
        **admin.site.each_context(request),
        "title": gettext_lazy("Translation status"),
        "rows": rows,
        "page_obj": page,
        "model_counts": model_counts,
        "total": sum(item["counts"].items for item in model_counts),
        "chosen_model": chosen_model,
        "language": language,
        "state": state,
        "languages": [(code, language_name(code)) for code in language_codes()],
        "states": list(status.STATE_LABELS.items()),
        "query": urlencode(query),
        "source_language": language_name(source_language()),
    }
    return TemplateResponse(request, "translation_status/status.html", context)


MAX_ID = 2**63 - 1


def _item(request, content_type_id, object_id):
    if content_type_id > MAX_ID or object_id > MAX_ID:
        raise Http404
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    if model is None or model not in status.translated_models():
        raise Http404
    if not status.can_translate(request.user, model):
        raise PermissionDenied
    instance = visible_queryset(request, model).filter(pk=object_id).first()
    if instance is None:
        raise Http404
    model_admin = model_admin_of(model)
    if model_admin is not None and not model_admin.has_change_permission(request, instance):
        raise PermissionDenied
    return model, instance


def default_language(rows):
    """The first language with something to do (targets before the source), else a target."""
    codes = language_codes()
    ordered = codes[1:] + codes[:1]
    for code in ordered:
        if any(row.state(code) for row in rows):
            return code
    return ordered[0]


def editor_context(*, instance, rows, language, show_all, posted=None):
    """What both editors (admin, workspace) show: the rows, the language tabs, the diffs.

    A posted form keeps the fields it was shown with (``posted``: its data), even if their
    state changed since: what was written is checked and saved, not silently dropped.
    """
    if posted is not None:
        shown = [row for row in rows if f"loaded_{row.field}" in posted]
    else:
        shown = [row for row in rows if show_all or row.state(language)]
    previous = status.previous_texts(instance, shown, language)
    tabs = [
        {
            "code": code,
            "name": language_name(code),
            "count": status.item_issue_count(rows, code),
            "current": code == language,
        }
        for code in language_codes()
    ]
    return {
        "instance": instance,
        "language": language,
        "language_label": language_name(language),
        "tabs": tabs,
        "shown": shown,
        "show_all": show_all,
        "hidden_count": len(rows) - len(shown),
        "previous": {
            row.field: status.word_diff(previous[row.field], row.texts[row.reference[language]])
            for row in shown
            if row.field in previous
        },
        "issue_count": status.item_issue_count(rows, language),
    }


def side_by_side(form, diffs, conflicts=()):
    """One dict per field shown, with everything its block of the editor needs."""
    language = form.language
    items = []
    for row, text, still, loaded in form.bound_rows():
        reference = row.reference.get(language)
        state = row.state(language)
        items.append(
            {
                "field": row.field,
                "label": row.label,
                "text": text,
                "still": still,
                "loaded": loaded,
                "state": state,
                "state_label": status.STATE_LABELS[state] if state else None,
                "written": row.written.get(language),
                "reference": reference,
                "reference_name": language_name(reference) if reference else None,
                "reference_text": row.texts.get(reference, "") if reference else "",
                "reference_written": row.written.get(reference) if reference else None,
                "diff": diffs.get(row.field),
                "is_long": row.is_long,
                "conflict_text": row.texts[language] if row.field in conflicts else None,
            }
        )
    return items


def revision_comment(rows_changed, language, labels):
    """The revision's comment, in the site's language (the secretariat reads the history)."""
    with translation.override(source_language()):
        return _("Translation updated (%(language)s): %(fields)s.") % {
            "language": language_name(language),
            "fields": ", ".join(labels[field] for field in rows_changed),
        }


def editor_view(request, content_type_id, object_id):
    model, instance = _item(request, content_type_id, object_id)
    rows = status.item_rows(instance)
    requested = request.POST.get("language") or request.GET.get("language")
    language = _choice(requested, language_codes()) or default_language(rows)
    show_all = (request.POST.get("all") or request.GET.get("all")) == "1"
    context = editor_context(
        instance=instance,
        rows=rows,
        language=language,
        show_all=show_all,
        posted=request.POST if request.method == "POST" else None,
    )
    form = TranslationForm(
        request.POST if request.method == "POST" else None,
        rows=context["shown"],
        language=language,
        model=model,
    )
    conflicts = ()
    if request.method == "POST" and form.is_valid():
        labels = {row.field: row.label for row in rows}
        try:
            changed, marked = status.save_translation(
                instance=instance,
                language=language,
                texts=form.texts(),
                still_correct=form.still_correct(),
                loaded=form.loaded(),
                user=request.user,
                comment=lambda changed: revision_comment(changed, language, labels),
            )
        except status.TranslationConflict as conflict:
            conflicts = conflict.fields
            # Saving again now replaces their text knowingly.
            form.data = form.data.copy()
            for row in context["shown"]:
                if row.field in conflicts:
                    form.data[f"loaded_{row.field}"] = status.text_digest(row.texts[language])
            form.add_error(
                None,
                _(
                    "Someone else changed these texts since you opened this page: %(fields)s. "
                    "Nothing was saved. Their text is shown under yours: save again to replace "
                    "it with yours."
                )
                % {"fields": ", ".join(labels[field] for field in conflicts)},
            )
        else:
            _report_saved(request, changed, marked, labels)
            return redirect(
                editor_url(model, instance.pk, language) + ("&all=1" if show_all else "")
            )
    context.update(
        {
            **admin.site.each_context(request),
            "title": _("Translate: %(item)s") % {"item": instance},
            "opts": model._meta,
            "form": form,
            "items": side_by_side(form, context["previous"], conflicts),
            "change_url": change_url(model, instance.pk),
            "status_url": reverse("translation_status:status"),
            "editor_base": editor_url(model, instance.pk),
        }
    )
    return TemplateResponse(request, "translation_status/editor.html", context)


def _report_saved(request, changed, marked, labels):
    if changed:
        messages.success(
            request,
            _("Saved: %(fields)s.") % {"fields": ", ".join(labels[field] for field in changed)},
        )
    if marked:
        messages.success(
            request,
            _("Marked as still correct: %(fields)s.")
            % {"fields": ", ".join(labels[field] for field in marked)},
        )
    if not changed and not marked:
        messages.info(request, _("Nothing was changed."))
