"""Images record which renditions are written; the secretariat sees the background tasks.

Images uploaded before this migration had their renditions made during the upload, so they
are recorded as written (``make_renditions`` rewrites any that are missing). The Secretariat
group may view the task results (django-tasks-db) and open the Redis queue's dashboard
(django-rq) in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

RENDITION_WIDTHS = (480, 960, 1600)  # icc.renditions.RENDITION_WIDTHS when this was written
PERMISSIONS = [
    ("django_tasks_database", "view_dbtaskresult"),
    ("django_rq", "admin"),
]


def record_existing_renditions(apps, schema_editor):
    Image = apps.get_model("icc", "Image")
    for image in Image.objects.exclude(width=None).only("pk", "width").iterator():
        widths = [width for width in RENDITION_WIDTHS if width < image.width]
        if widths:
            Image.objects.filter(pk=image.pk).update(rendition_widths=widths)


def grant(apps, schema_editor):
    for label in ("django_tasks_database", "django_rq"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    secretariat.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in PERMISSIONS
        ]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Secretariat"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label__in=[app for app, _codename in PERMISSIONS],
                codename__in=[codename for _app, codename in PERMISSIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("icc", "0004_secretariat_permissions"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("django_rq", "0003_alter_dashboard_permission_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="rendition_widths",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="rendition widths"
            ),
        ),
        migrations.RunPython(record_existing_renditions, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
