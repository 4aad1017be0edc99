"""What is missing or out of date, per item, field and language.

For each translated text field of an item, and each site language:

- **missing**: the language is empty while another language has text (for a target language,
  normally the English; for the source language, an item written only in French);
- **out of date**: the language has text, the source language (``settings.LANGUAGE_CODE``) has
  text too, and the source was written after it (``FieldStamp.written_at``).

The whole site's status is one memo (``status_summary``), valid for one content generation, day
and stamps version: every content save starts a new generation, and a stamp written alone
(``mark_still_correct``) a new stamps version. Computing it costs two queries per translated
model, whatever the number of items; the admin index and the workspace only read it.
"""

import datetime
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import reduce
from operator import or_
from typing import NamedTuple

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from icc.caching.memo import memoize

from .models import FieldStamp
from .registry import (
    language_codes,
    localized_name,
    source_language,
    translated_fields,
    translated_models,
)
from .stamps import stamps_version, write_stamps

MISSING = "missing"
OUTDATED = "outdated"
STATE_LABELS = {MISSING: _("missing"), OUTDATED: _("out of date")}


class Entry(NamedTuple):
    """One item with something to translate: ``issues`` is ``((field, language, state), ...)``."""

    model: str  # label_lower, e.g. "practices.practice"
    pk: int
    latest: datetime.datetime | None  # when any of its texts was last written
    issues: tuple


def field_states(has_text, is_outdated):
    """``{language: MISSING | OUTDATED | None}`` of one field.

    ``has_text`` maps each language to whether it has text; ``is_outdated(language)`` tells
    whether the source language was written after that language. The one rule of this module.
    """
    source = source_language()
    states = {}
    for language, present in has_text.items():
        if not present:
            others = any(has_text[other] for other in has_text if other != language)
            states[language] = MISSING if others else None
        elif language != source and has_text.get(source) and is_outdated(language):
            states[language] = OUTDATED
        else:
            states[language] = None
    return states


def _has_text(column):
    return Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})


def _outdated_stamps(model, content_type):
    """``{(object_id, field, language): source written_at}`` of texts older than the source."""
    source = source_language()
    targets = [language for language in language_codes() if language != source]
    if not targets:
        return {}
    annotations = {
        f"written_{index}": Subquery(
            FieldStamp.objects.filter(
                content_type=content_type,
                object_id=OuterRef("object_id"),
                field=OuterRef("field"),
                language=language,
            ).values("written_at")[:1]
        )
        for index, language in enumerate(targets)
    }
    newer = reduce(or_, [Q(written_at__gt=F(name)) for name in annotations])
    rows = (
        FieldStamp.objects.filter(
            content_type=content_type, language=source, field__in=translated_fields(model)
        )
        .annotate(**annotations)
        .filter(newer)
        .values_list("object_id", "field", "written_at", *annotations)
    )
    outdated = {}
    for object_id, field, written_at, *targets_written in rows:
        for language, target_written in zip(targets, targets_written, strict=True):
            if target_written is not None and written_at > target_written:
                outdated[(object_id, field, language)] = written_at
    return outdated


def model_entries(model):
    """The ``Entry`` of every item of ``model`` with a missing or out-of-date text (2 queries)."""
    content_type = ContentType.objects.get_for_model(model)
    fields = translated_fields(model)
    languages = language_codes()
    flags = {
        f"has_{index}_{language_index}": models.ExpressionWrapper(
            _has_text(localized_name(field, language)), output_field=models.BooleanField()
        )
        for index, field in enumerate(fields)
        for language_index, language in enumerate(languages)
    }
    outdated = _outdated_stamps(model, content_type)
    latest = dict(
        FieldStamp.objects.filter(content_type=content_type)
        .values("object_id")
        .annotate(latest=models.Max("written_at"))
        .values_list("object_id", "latest")
    )
    entries = []
    rows = model._base_manager.annotate(**flags).values_list("pk", *flags).order_by("pk")
    for pk, *values in rows.iterator(chunk_size=2000):
        issues = []
        for index, field in enumerate(fields):
            has_text = {
                language: bool(values[index * len(languages) + language_index])
                for language_index, language in enumerate(languages)
            }
            states = field_states(
                has_text, lambda language, field=field, pk=pk: (pk, field, language) in outdated
            )
            issues += [(field, language, state) for language, state in states.items() if state]
        if issues:
            entries.append(Entry(model._meta.label_lower, pk, latest.get(pk), tuple(issues)))
    return entries


def _sort_key(entry):
    # Latest written first; items never stamped last.
    latest = entry.latest.timestamp() if entry.latest else float("-inf")
    return (-latest, entry.model, -entry.pk)


def _memo_parts():
    return (
        stamps_version(),
        tuple(language_codes()),
        tuple(
            (model._meta.label_lower, tuple(translated_fields(model)))
            for model in translated_models()
        ),
    )


def status_summary():
    """Every ``Entry`` of the site, latest written first (memoised)."""

    def compute():
        entries = [entry for model in translated_models() for entry in model_entries(model)]
        return sorted(entries, key=_sort_key)

    return memoize("translation-status", _memo_parts(), compute)


def filter_entries(entries, *, models=None, language=None, state=None, pks=None, fields=None):
    """The entries (and their issues) matching every filter given; ``models``: labels."""
    chosen = []
    for entry in entries:
        if models is not None and entry.model not in models:
            continue
        if pks is not None and entry.pk not in pks:
            continue
        issues = tuple(
            issue
            for issue in entry.issues
            if (language is None or issue[1] == language)
            and (state is None or issue[2] == state)
            and (fields is None or issue[0] in fields)
        )
        if issues:
            chosen.append(entry._replace(issues=issues))
    return chosen


class Counts(NamedTuple):
    items: int
    missing: int
    outdated: int


def count_entries(entries):
    """``{model label: Counts}`` of items, missing texts and out-of-date texts."""
    items, states = Counter(), Counter()
    for entry in entries:
        items[entry.model] += 1
        for _field, _language, state in entry.issues:
            states[(entry.model, state)] += 1
    return {
        label: Counts(count, states[(label, MISSING)], states[(label, OUTDATED)])
        for label, count in items.items()
    }


def counts_by_model():
    """``count_entries`` of the whole site (memoised apart: the admin index reads only this)."""
    return memoize(
        "translation-status-counts", _memo_parts(), lambda: count_entries(status_summary())
    )


# --- Who may translate what ---------------------------------------------------------------


def can_translate(user, model):
    """Staff with the change permission on ``model`` (the admin's rule)."""
    opts = model._meta
    return bool(
        user
        and user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )


def models_for(user):
    return [model for model in translated_models() if can_translate(user, model)]


def count_for(user):
    """How many items the user may bring up to date (the admin index's figure)."""
    labels = {model._meta.label_lower for model in models_for(user)}
    if not labels:
        return 0
    return sum(counts.items for label, counts in counts_by_model().items() if label in labels)


# --- One item: its fields side by side ----------------------------------------------------


@dataclass
class FieldRow:
    """One translated field of one item, every language."""

    field: str
    label: str
    is_long: bool
    texts: dict
    written: dict
    states: dict
    reference: dict = dataclass_field(default_factory=dict)  # language -> reference language

    def state(self, language):
        return self.states.get(language)


def _text(value):
    return "" if value is None else str(value)


def same_text(first, second):
    """Equal but for line endings and surrounding blanks (what a browser's form changes)."""

    def normal(text):
        return _text(text).replace("\r\n", "\n").strip()

    return normal(first) == normal(second)


def item_stamps(instance):
    content_type = ContentType.objects.get_for_model(type(instance))
    return {
        (field, language): written_at
        for field, language, written_at in FieldStamp.objects.filter(
            content_type=content_type, object_id=instance.pk
        ).values_list("field", "language", "written_at")
    }


def reference_language(texts, written, target):
    """The language a translator of ``target`` reads: the source, else the latest written."""
    source = source_language()
    if target != source and texts.get(source):
        return source
    others = [language for language in texts if language != target and texts[language]]
    oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return max(others, key=lambda language: written.get(language) or oldest) if others else None


def item_rows(instance):
    """A ``FieldRow`` for each translated text field of ``instance`` (one query)."""
    model = type(instance)
    stamps = item_stamps(instance)
    source = source_language()
    rows = []
    for field in translated_fields(model):
        texts = {
            language: _text(getattr(instance, localized_name(field, language)))
            for language in language_codes()
        }
        written = {language: stamps.get((field, language)) for language in language_codes()}

        def is_outdated(language, written=written):
            return bool(
                written.get(source)
                and written.get(language)
                and written[source] > written[language]
            )

        has_text = {language: bool(text) for language, text in texts.items()}
        model_field = model._meta.get_field(field)
        rows.append(
            FieldRow(
                field=field,
                label=str(model_field.verbose_name).capitalize(),
                is_long=isinstance(model_field, models.TextField),
                texts=texts,
                written=written,
                states=field_states(has_text, is_outdated),
                reference={
                    language: reference_language(texts, written, language)
                    for language in language_codes()
                },
            )
        )
    return rows


def item_issue_count(rows, language=None):
    return sum(
        1
        for row in rows
        for code, state in row.states.items()
        if state and (language is None or code == language)
    )


# --- What the reference text was when the translation was written -------------------------


def previous_reference_text(instance, *, reference, target, target_written_at):
    """The ``reference`` text as it was when ``target`` was last written, from revisions.

    The revision of the save that wrote ``target`` is the first one at or after its stamp
    whose ``target`` text is today's; without such a revision, the last one before the stamp.
    None when the model keeps no revisions or none is found.
    """
    if target_written_at is None or not reversion.is_registered(type(instance)):
        return None

    def versions():
        return Version.objects.get_for_object(instance).select_related("revision")

    return _previous_text(instance, versions, reference, target, target_written_at)


def _field_dict(version):
    try:
        return version.field_dict
    except Exception:  # noqa: BLE001 - an old revision of another schema: ignore it
        return None


def _previous_text(instance, versions, reference, target, target_written_at):
    reference_column, target_column = reference, target
    current_target = _text(getattr(instance, target_column))
    later = (
        versions()
        .filter(revision__date_created__gte=target_written_at)
        .order_by("revision__date_created", "pk")[:5]
    )
    for version in later:
        values = _field_dict(version)
        if values is not None and _text(values.get(target_column)) == current_target:
            return _text(values.get(reference_column))
    earlier = (
        versions()
        .filter(revision__date_created__lt=target_written_at)
        .order_by("-revision__date_created", "-pk")
        .first()
    )
    values = _field_dict(earlier) if earlier else None
    return _text(values.get(reference_column)) if values is not None else None


def previous_texts(instance, rows, target):
    """``{field: previous reference text}`` for each out-of-date field whose reference changed."""
    found = {}
    for row in rows:
        if row.state(target) != OUTDATED:
            continue
        reference = row.reference.get(target)
        if not reference:
            continue
        before = previous_reference_text(
            instance,
            reference=localized_name(row.field, reference),
            target=localized_name(row.field, target),
            target_written_at=row.written.get(target),
        )
        if before is not None and before != row.texts[reference]:
            found[row.field] = before
    return found


_TOKENS = re.compile(r"(\s+)")


def word_diff(before, after):
    """``before`` -> ``after`` as HTML: removed words in ``<del>``, added ones in ``<ins>``."""
    old, new = _TOKENS.split(before), _TOKENS.split(after)
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            parts.append(("{}", "".join(new[new_start:new_end])))
            continue
        if old_end > old_start:
            parts.append(("<del>{}</del>", "".join(old[old_start:old_end])))
        if new_end > new_start:
            parts.append(("<ins>{}</ins>", "".join(new[new_start:new_end])))
    return format_html_join("", "{}", ((format_html(template, text),) for template, text in parts))


# --- Writing a translation ------------------------------------------------------------------


class TranslationConflict(Exception):
    """Someone else wrote these fields since the editor was opened; nothing was saved."""

    def __init__(self, fields):
        super().__init__("translation conflict")
        self.fields = fields


def text_digest(text):
    import hashlib

    return hashlib.blake2b(_text(text).encode(), digest_size=8).hexdigest()


def save_translation(*, instance, language, texts, still_correct=(), loaded=None, user, comment):
    """Write ``texts`` (``{field: text}``) in ``language`` through the model's own save.

    The save is one django-reversion revision (user, ``comment(changed fields)``) when the model
    keeps them;
    ``still_correct`` fields whose text is unchanged are stamped as written now. ``loaded``
    (``{field: text_digest}`` of what the editor showed) guards against overwriting another
    person's text: TranslationConflict, nothing saved. Returns ``(changed, marked)`` fields.
    """
    model = type(instance)
    with transaction.atomic():
        current = model._base_manager.select_for_update().get(pk=instance.pk)
        if loaded:
            conflicts = [
                field
                for field, digest in loaded.items()
                if (field in texts or field in still_correct)
                and text_digest(getattr(current, localized_name(field, language))) != digest
            ]
            if conflicts:
                raise TranslationConflict(conflicts)
        changed = [
            field
            for field, text in texts.items()
            if not same_text(getattr(current, localized_name(field, language)), text)
        ]
        for field in changed:
            setattr(
                current, localized_name(field, language), _text(texts[field]).replace("\r\n", "\n")
            )
        if changed:
            if reversion.is_registered(model):
                with reversion.create_revision():
                    current.save()
                    reversion.set_user(user)
                    reversion.set_comment(comment(changed))
            else:
                current.save()
        marked = [field for field in still_correct if field not in changed]
        mark_still_correct(current, marked, language)
    return changed, marked


def mark_still_correct(instance, fields, language):
    """Stamp ``fields`` in ``language`` as written now: their text needs no change."""
    write_stamps(type(instance), instance.pk, [(field, language) for field in fields])
