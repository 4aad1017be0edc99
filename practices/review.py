"""What a reviewer needs to see: what changed in a practice since it was last submitted.

practices.services saves a reversion revision on every transition, so the Version saved with
a submission is the practice exactly as the secretariat received it.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from cities.models import City

from .models import Practice, PracticeCity, PracticeTopic, Topic, Transition

# The plain fields a reviewer compares; translated ones are expanded per language below.
COMPARED_FIELDS = (
    "title",
    "country",
    "period",
    "first_year",
    "last_year",
    "is_ongoing",
) + Practice.SECTION_FIELDS
TRANSLATED = {"title", "period", *Practice.SECTION_FIELDS}


def compared_field_names():
    names = []
    for name in COMPARED_FIELDS:
        if name in TRANSLATED:
            names += [f"{name}_{code}" for code, _language in settings.LANGUAGES]
        else:
            names.append(name)
    return names


def reference_submission(practice):
    """The submission to compare with: the one before the current review, else the latest."""
    submissions = list(
        Transition.objects.filter(practice=practice, to_status=Practice.Status.SUBMITTED)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)[:2]
    )
    if practice.status == Practice.Status.SUBMITTED:
        submissions = submissions[1:]
    return submissions[0] if submissions else None


def submission_version(practice, submitted_at):
    """The Version saved by the transition made at ``submitted_at`` (the first one after it)."""
    return (
        Version.objects.get_for_object(practice)
        .filter(revision__date_created__gte=submitted_at)
        .select_related("revision")
        .order_by("revision__date_created", "pk")
        .first()
    )


def _related_ids(version, model, field):
    """The ids ``field`` points to in the through rows saved with ``version``'s revision."""
    ids = set()
    for other in version.revision.version_set.all():
        if other.content_type.model_class() is not model:
            continue
        row = other._object_version.object
        if row.practice_id == version._object_version.object.pk:
            ids.add(getattr(row, f"{field}_id"))
    return ids


def _names(model, ids):
    return ", ".join(str(obj) for obj in model.objects.filter(pk__in=ids).order_by("pk"))


def _display(practice, name, value):
    if value is None or value == "":
        return ""
    field = practice._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(getattr(value, "code", value), value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(getattr(value, "code", value))


def practice_changes_since_last_submission(practice):
    """[(field label, old value, new value)] for each field changed since the last submission.

    Empty when the practice was never submitted before (or no revision was kept then).
    """
    submitted_at = reference_submission(practice)
    if submitted_at is None:
        return []
    version = submission_version(practice, submitted_at)
    if version is None:
        return []
    old = version._object_version.object
    changes = []
    for name in compared_field_names():
        before = _display(practice, name, getattr(old, name, None))
        after = _display(practice, name, getattr(practice, name, None))
        if before != after:
            label = str(practice._meta.get_field(name).verbose_name)
            changes.append((label[:1].upper() + label[1:], before, after))
    for label, model, through, field in (
        (_("Cities"), City, PracticeCity, "city"),
        (_("Topics"), Topic, PracticeTopic, "topic"),
    ):
        before_ids = _related_ids(version, through, field)
        after_ids = set(
            through.objects.filter(practice=practice).values_list(f"{field}_id", flat=True)
        )
        if before_ids != after_ids:
            changes.append((str(label), _names(model, before_ids), _names(model, after_ids)))
    return changes
