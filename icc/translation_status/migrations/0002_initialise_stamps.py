"""Stamp the content written before the stamps existed: every non-empty text, written now.

All languages get the same time, so nothing is out of date at first; only missing texts show.
Texts of fields added by later migrations are stamped by ``manage.py translation_stamps``.
"""

from django.db import migrations
from django.utils import timezone


def initialise(apps, schema_editor):
    from icc.translation_status.registry import language_codes, localized_name, translated_models

    ContentType = apps.get_model("contenttypes", "ContentType")
    FieldStamp = apps.get_model("translation_status", "FieldStamp")
    alias = schema_editor.connection.alias
    now = timezone.now()
    for real_model in translated_models():
        opts = real_model._meta
        try:
            model = apps.get_model(opts.app_label, opts.model_name)
        except LookupError:
            continue  # a model created by a later migration: nothing to stamp yet
        columns = {field.name for field in model._meta.concrete_fields}
        pairs = [
            (field, language, localized_name(field, language))
            for field in _fields(real_model)
            for language in language_codes()
            if localized_name(field, language) in columns
        ]
        if not pairs or not model._base_manager.using(alias).exists():
            continue
        content_type, _created = ContentType.objects.using(alias).get_or_create(
            app_label=opts.app_label, model=opts.model_name
        )
        stamps = []
        rows = model._base_manager.using(alias).values("pk", *(column for *_, column in pairs))
        for row in rows.iterator(chunk_size=2000):
            stamps += [
                FieldStamp(
                    content_type=content_type,
                    object_id=row["pk"],
                    field=field,
                    language=language,
                    written_at=now,
                )
                for field, language, column in pairs
                if row[column] not in (None, "")
            ]
        FieldStamp.objects.using(alias).bulk_create(stamps, batch_size=2000, ignore_conflicts=True)


def _fields(model):
    from icc.translation_status.registry import translated_fields

    return translated_fields(model)


class Migration(migrations.Migration):
    dependencies = [
        ("translation_status", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("icc", "0005_image_rendition_widths_task_permissions"),
        ("cities", "0003_public_listing_indexes"),
        ("events", "0004_event_sequence"),
        ("news", "0002_public_listing_indexes"),
        ("practices", "0004_listing_order_index"),
        ("pages", "0002_secretariat_permissions"),
    ]

    operations = [migrations.RunPython(initialise, migrations.RunPython.noop, elidable=True)]
