"""The secretariat manages and reviews the cities' adaptations of practices ("transfer")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_adaptation", "add_adaptation", "change_adaptation", "delete_adaptation"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("practices")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    secretariat.permissions.add(
        *Permission.objects.filter(content_type__app_label="practices", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Secretariat"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="practices", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0005_transfer_adaptations"),
        ("icc", "0002_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
