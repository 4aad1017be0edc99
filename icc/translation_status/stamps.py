"""Writing the stamps: every door through which translated text is written stamps what changed.

The doors, and how each one stamps:

- ``Model.save()`` (the admin, the workspace, services, forms, ``objects.create()``,
  ``update_or_create()``, ``load_demo``, django-import-export's rows), ``loaddata`` and
  django-reversion's revert and recover (``save_base(raw=True)``): the ``pre_save`` receiver reads
  the row's current text, the ``post_save`` receiver stamps each language whose text differs.
- ``QuerySet.update()``: wrap it in ``track_bulk_writes(queryset)``, or call
  ``stamp_written(queryset, fields=..., languages=...)`` after it.
- ``bulk_create()`` (the benchmark's generator, an import written in bulk): call
  ``stamp_written(Model.objects.filter(pk__in=...))`` after it (every non-empty text: written now).
- Raw SQL, data migrations, a database restored from elsewhere: ``manage.py translation_stamps``
  stamps every text that has no stamp yet (idempotent).
- A deletion removes the item's stamps (``post_delete``).

All the languages written by one save share one time, so writing English and French together
leaves neither out of date.
"""

import time
from contextlib import contextmanager, suppress

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from .models import FieldStamp
from .registry import localized_fields, translated_models

# Stamps written outside a content save (marked as still correct, bulk stamping) change the
# status without starting a new content generation: the status memos are keyed on this too.
STAMPS_VERSION_KEY = "icc:translation-stamps-version"
_OLD_VALUES = "_translation_status_old_values"


def stamps_version():
    return cache.get(STAMPS_VERSION_KEY) or 0


def _touch():
    # A cache outage must not fail the save; the memos then simply miss.
    with suppress(Exception):
        cache.set(STAMPS_VERSION_KEY, time.time_ns(), timeout=None)


def touch_stamps_version(using=None):
    """A new stamps version now, and again when the transaction commits (once per transaction)."""
    _touch()
    connection = transaction.get_connection(using or DEFAULT_DB_ALIAS)
    if connection.in_atomic_block and any(
        callback is _touch for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_touch, using=using or DEFAULT_DB_ALIAS, robust=True)


def _text(value):
    return "" if value is None else str(value)


def _pairs(model, update_fields=None):
    pairs = localized_fields(model)
    if update_fields is not None:
        wanted = set(update_fields)
        pairs = [pair for pair in pairs if pair[2] in wanted or pair[0] in wanted]
    return pairs


def write_stamps(model, object_id, fields_languages, *, when=None, using=None, keep_existing=False):
    """Record that each ``(field, language)`` of the item was written at ``when`` (now).

    ``keep_existing``: leave the stamps already recorded alone (a row loaded from a fixture
    whose stamps were loaded first).
    """
    fields_languages = list(dict.fromkeys(fields_languages))
    if not fields_languages or object_id is None:
        return
    when = when or timezone.now()
    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    FieldStamp.objects.using(using or DEFAULT_DB_ALIAS).bulk_create(
        [
            FieldStamp(
                content_type=content_type,
                object_id=object_id,
                field=field,
                language=language,
                written_at=when,
            )
            for field, language in fields_languages
        ],
        **(
            {"ignore_conflicts": True}
            if keep_existing
            else {
                "update_conflicts": True,
                "unique_fields": ["content_type", "object_id", "field", "language"],
                "update_fields": ["written_at"],
            }
        ),
    )
    touch_stamps_version(using)


def stamp_changes(
    instance, old_values, *, when=None, using=None, update_fields=None, keep_existing=False
):
    """Stamp each language of each translated field of ``instance`` that differs from before.

    ``old_values`` maps column names (``title_fr``) to the text before the write; a column
    missing from it was empty (a new item). Returns the ``(field, language)`` pairs stamped.
    """
    model = type(instance)
    changed = []
    for field, language, column in _pairs(model, update_fields):
        if column not in instance.__dict__:
            continue  # deferred: not written by this save
        if _text(instance.__dict__[column]) != _text(old_values.get(column)):
            changed.append((field, language))
    write_stamps(model, instance.pk, changed, when=when, using=using, keep_existing=keep_existing)
    return changed


def remember_old_values(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    pairs = _pairs(sender, update_fields)
    if not pairs:
        instance.__dict__.pop(_OLD_VALUES, None)
        return
    old = None
    if instance.pk is not None:
        columns = [column for _field, _language, column in pairs]
        old = sender._base_manager.using(using).filter(pk=instance.pk).values(*columns).first()
    # A raw save of a new row (loaddata, or django-reversion recovering a deleted item) keeps
    # the stamps a fixture may already have loaded; a raw save of an existing row (a revision
    # reverted) stamps what it changes, like any save.
    keep_existing = raw and old is None
    instance.__dict__[_OLD_VALUES] = (old or {}, update_fields, keep_existing)


def stamp_saved_values(sender, instance, raw=False, using=None, **kwargs):
    remembered = instance.__dict__.pop(_OLD_VALUES, None)
    if remembered is None:
        return
    old, update_fields, keep_existing = remembered
    stamp_changes(
        instance, old, using=using, update_fields=update_fields, keep_existing=keep_existing
    )


def replace_stamp_on_load(sender, instance, raw=False, using=None, **kwargs):
    """A stamp loaded from a fixture replaces the one its item's own load just wrote."""
    if raw:
        FieldStamp.objects.using(using or DEFAULT_DB_ALIAS).filter(
            content_type_id=instance.content_type_id,
            object_id=instance.object_id,
            field=instance.field,
            language=instance.language,
        ).exclude(pk=instance.pk).delete()


def forget_deleted_item(sender, instance, using=None, **kwargs):
    content_type = ContentType.objects.db_manager(using).get_for_model(sender)
    FieldStamp.objects.using(using or DEFAULT_DB_ALIAS).filter(
        content_type=content_type, object_id=instance.pk
    ).delete()


def connect_receivers():
    for model in translated_models():
        uid = f"translation-status-{model._meta.label_lower}"
        pre_save.connect(remember_old_values, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(stamp_saved_values, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(forget_deleted_item, sender=model, dispatch_uid=f"{uid}-delete")
    pre_save.connect(
        replace_stamp_on_load, sender=FieldStamp, dispatch_uid="translation-status-load"
    )


# --- Bulk writes ------------------------------------------------------------------------------


def _values(queryset, columns):
    return {row["pk"]: row for row in queryset.values("pk", *columns)}


@contextmanager
def track_bulk_writes(queryset):
    """Stamp what a bulk write (``queryset.update(...)``) inside the block changed, row by row."""
    model = queryset.model
    pairs = localized_fields(model)
    columns = [column for _field, _language, column in pairs]
    before = _values(queryset, columns)
    yield
    after = _values(model._base_manager.using(queryset.db).filter(pk__in=list(before)), columns)
    when = timezone.now()
    for pk, row in after.items():
        old = before.get(pk, {})
        changed = [
            (field, language)
            for field, language, column in pairs
            if _text(row.get(column)) != _text(old.get(column))
        ]
        write_stamps(model, pk, changed, when=when, using=queryset.db)


def stamp_written(queryset, *, fields=None, languages=None, when=None, only_unstamped=False):
    """Stamp the rows of ``queryset`` as written at ``when`` (now); returns the stamps written.

    ``fields``/``languages`` (default: all) name what was written; an empty text is stamped
    only when a field and language are named (it was cleared). ``only_unstamped`` leaves
    existing stamps alone (the initialisation of content written before the stamps existed).
    """
    model = queryset.model
    pairs = [
        pair
        for pair in localized_fields(model)
        if (fields is None or pair[0] in fields) and (languages is None or pair[1] in languages)
    ]
    if not pairs:
        return 0
    named = fields is not None and languages is not None
    when = when or timezone.now()
    using = queryset.db
    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    existing = set()
    if only_unstamped:
        existing = set(
            FieldStamp.objects.using(using)
            .filter(content_type=content_type)
            .values_list("object_id", "field", "language")
        )
    columns = [column for _field, _language, column in pairs]
    stamps = []
    for row in queryset.values("pk", *columns).iterator(chunk_size=2000):
        for field, language, column in pairs:
            if (row["pk"], field, language) in existing:
                continue
            if named or _text(row[column]):
                stamps.append(
                    FieldStamp(
                        content_type=content_type,
                        object_id=row["pk"],
                        field=field,
                        language=language,
                        written_at=when,
                    )
                )
    FieldStamp.objects.using(using).bulk_create(
        stamps,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "field", "language"],
        update_fields=["written_at"],
    )
    if stamps:
        touch_stamps_version(using)
    return len(stamps)


def initialise_stamps(models=None, *, when=None):
    """Stamp every text that has none yet, all languages at one time; ``{label: count}``."""
    when = when or timezone.now()
    return {
        model._meta.label: stamp_written(model._base_manager.all(), when=when, only_unstamped=True)
        for model in (models or translated_models())
    }
