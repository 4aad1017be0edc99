"""The secretariat reads (and may delete) the copies of messages sent to contacts, as data.

Nobody adds or changes them in the admin: they are written by the contact form only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_contactmessage", "delete_contactmessage"]


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    app_config = apps.get_app_config("practices")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat, _created = Group.objects.get_or_create(name="Secretariat")
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
        ("practices", "0007_contact_fields_and_messages"),
        ("icc", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
