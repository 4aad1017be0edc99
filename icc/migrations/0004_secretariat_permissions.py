"""The secretariat may read the revision log and unlock locked-out accounts (django-axes)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("reversion", "view_revision"),
    ("reversion", "view_version"),
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accesslog"),
    ("axes", "view_accessfailurelog"),
]


def grant(apps, schema_editor):
    for label in ("reversion", "axes"):
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
                content_type__app_label__in=["reversion", "axes"],
                codename__in=[codename for _app, codename in PERMISSIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("icc", "0003_search_vector_index"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("axes", "0010_accessattemptexpiration"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
