"""The two roles, as data: "Secretariat" and "City coordinator" with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT_MODELS = {
    "icc": ["user", "image", "document", "documentfile"],
    "cities": ["city", "network", "networkmembership"],
    "events": ["event"],
    "news": ["newsitem", "newsvideo"],
    "practices": ["topic", "practice", "transition"],
}
COORDINATOR_PERMISSIONS = [
    ("practices", "view_practice"),
    ("practices", "add_practice"),
    ("practices", "change_practice"),
    ("practices", "view_topic"),
    ("icc", "add_image"),
    ("icc", "view_image"),
    ("icc", "add_document"),
    ("icc", "view_document"),
    ("cities", "view_city"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    permissions = Permission.objects.filter(
        content_type__app_label__in=SECRETARIAT_MODELS.keys()
    )
    secretariat.permissions.set(
        [p for p in permissions if p.content_type.model in SECRETARIAT_MODELS[p.content_type.app_label]]
    )
    secretariat.permissions.add(
        Permission.objects.get(content_type__app_label="practices", codename="review_practice")
    )

    coordinator, _ = Group.objects.get_or_create(name="City coordinator")
    coordinator.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in COORDINATOR_PERMISSIONS
        ]
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Secretariat", "City coordinator"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("icc", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cities", "0002_initial"),
        ("events", "0002_initial"),
        ("news", "0001_initial"),
        ("practices", "0002_initial_topics"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
