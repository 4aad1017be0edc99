"""Writes of the coordinators' workspace: create, change and delete a practice's content.

Status changes are NOT made here: they go through practices.services. Every write happens
inside a django-reversion revision (user + comment), so nothing a coordinator wrote is lost and a
deleted draft can be recovered by the secretariat in the admin.
"""

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from icc.models import Document, DocumentFile, Image

from . import services
from .models import Practice, PracticeTopic


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


# The practice columns a coordinator may write (never status, slug, author or dates).
EDITABLE_FIELDS = (
    [f"{name}_{code}" for name in ("title", "period") for code in language_codes()]
    + ["first_year", "last_year", "is_ongoing"]
    + [f"{name}_{code}" for name in Practice.SECTION_FIELDS for code in language_codes()]
)
# "contact": the contact person and whether the page shows a contact.
EDITABLE_FIELDS += ["show_contact", "contact_name", "contact_email"] + [
    f"{name}_{code}" for name in Practice.CONTACT_TRANSLATED_FIELDS for code in language_codes()
]


class EditConflict(Exception):
    """Someone else saved the practice after it was loaded; nothing was saved."""

    def __init__(self, *, practice, changes, editors):
        super().__init__("edit conflict")
        self.practice = practice
        self.changes = changes  # [(label, their value as text), ...]
        self.editors = editors  # names of the people who saved in between


def field_label(name):
    """A readable name for a practice column: ``purpose_fr`` -> ``Purpose (French)``."""
    base, _sep, code = name.rpartition("_")
    languages = dict(settings.LANGUAGES)
    if code in languages and base:
        label = Practice._meta.get_field(base).verbose_name
        return f"{str(label).capitalize()} ({languages[code]})"
    return str(Practice._meta.get_field(name).verbose_name).capitalize()


def version_token(practice):
    """``(updated_at as text, latest revision id)``: what the edit form remembers as loaded."""
    latest = Version.objects.get_for_object(practice).order_by("-pk").first()
    return practice.updated_at.isoformat(), latest.pk if latest else None


def _check_cities(*, user, cities):
    own = set(user.coordinated_cities.values_list("pk", flat=True))
    if not cities:
        raise ValidationError(_("Choose at least one of your cities."), code="no_city")
    if any(city.pk not in own for city in cities):
        raise PermissionDenied(_("You can only write practices for your own cities."))


def _clean_fields(fields):
    # Whatever the caller passes, only the editable columns are written.
    return {name: fields[name] for name in EDITABLE_FIELDS if name in fields}


def _add_image(*, practice, image):
    picture = Image(file=image["file"], credit=image.get("credit") or "")
    for code in language_codes():
        setattr(picture, f"alt_text_{code}", image.get(f"alt_text_{code}") or "")
    picture.save()
    practice.images.add(picture)
    return picture


def _add_document(*, practice, document):
    item = Document(kind=document.get("kind") or Document.Kind.OTHER)
    for code in language_codes():
        setattr(item, f"title_{code}", document.get(f"title_{code}") or "")
    item.save()
    DocumentFile.objects.create(
        document=item,
        language=document.get("language") or settings.LANGUAGE_CODE,
        file=document["file"],
    )
    practice.documents.add(item)
    return item


def _revision_comment(text):
    # Revision comments are read by the secretariat in the admin: written in the site language.
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


@transaction.atomic
def practice_create(*, user, fields, cities, topics=(), new_image=None, new_document=None):
    """Create a draft practice of ``user``'s ``cities``; return it."""
    cities = list(cities)
    _check_cities(user=user, cities=cities)
    practice = Practice(**_clean_fields(fields), created_by=user, status=Practice.Status.DRAFT)
    practice.country = cities[0].country
    practice.full_clean(exclude=["slug"])
    with reversion.create_revision():
        practice.save()
        practice.cities.set(cities)
        practice.topics.set(topics)
        if new_image:
            _add_image(practice=practice, image=new_image)
        if new_document:
            _add_document(practice=practice, document=new_document)
        reversion.add_to_revision(practice)
        reversion.set_user(user)
        reversion.set_comment(_revision_comment(gettext_lazy("Created in the workspace.")))
    return practice


def _describe_conflict(*, current, loaded_revision, submitted):
    """What changed since ``loaded_revision`` (or, without one, where the practice differs)."""
    versions = Version.objects.get_for_object(current).select_related("revision__user")
    loaded = versions.filter(pk=loaded_revision).first() if loaded_revision else None
    newer = versions.filter(pk__gt=loaded_revision) if loaded_revision else versions.none()
    editors = sorted(
        {
            version.revision.user.get_full_name() or version.revision.user.get_username()
            for version in newer
            if version.revision.user
        }
    )
    if loaded is not None:
        before = loaded.field_dict
        compared = [
            name
            for name in EDITABLE_FIELDS
            if (before.get(name) or "") != (getattr(current, name) or "")
        ]
        topic_type = ContentType.objects.get_for_model(PracticeTopic)
        topics_before = {
            version.field_dict.get("topic_id")
            for version in loaded.revision.version_set.filter(content_type=topic_type)
        }
        topics_changed = topics_before != set(
            current.topic_links.values_list("topic_id", flat=True)
        )
    else:
        compared = [
            name
            for name in EDITABLE_FIELDS
            if name in submitted and (submitted[name] or "") != (getattr(current, name) or "")
        ]
        topics_changed = False
    changes = [(field_label(name), getattr(current, name)) for name in compared]
    if topics_changed:
        changes.append((str(_("Topics")), ", ".join(str(topic) for topic in current.topics.all())))
    return changes, editors


@transaction.atomic
def practice_update(
    *,
    practice,
    user,
    fields,
    cities,
    topics=(),
    loaded_at=None,
    loaded_revision=None,
    new_image=None,
    new_document=None,
    remove_images=(),
    remove_documents=(),
):
    """Save ``user``'s changes to an editable practice of their cities; return it.

    Raises EditConflict, without saving, when the practice changed since ``loaded_at``.
    """
    current = Practice.objects.select_for_update().get(pk=practice.pk)
    if not current.is_coordinated_by(user):
        raise PermissionDenied(_("You may not change this practice."))
    if not current.is_editable:
        raise PermissionDenied(
            _(
                "This practice is “%(status)s”: it can be changed only while it is a draft or when changes are requested."
            )
            % {"status": current.get_status_display()}
        )
    cities = list(cities)
    _check_cities(user=user, cities=cities)
    fields = _clean_fields(fields)
    if loaded_at is not None and loaded_at != current.updated_at.isoformat():
        changes, editors = _describe_conflict(
            current=current, loaded_revision=loaded_revision, submitted=fields
        )
        raise EditConflict(practice=current, changes=changes, editors=editors)

    changed = [
        name for name, value in fields.items() if (getattr(current, name) or "") != (value or "")
    ]
    for name, value in fields.items():
        setattr(current, name, value)
    # Cities of other coordinators (a practice shared by a network) stay linked.
    others = list(current.cities.exclude(coordinators=user))
    all_cities = cities + [city for city in others if city not in cities]
    if current.country not in {city.country for city in all_cities}:
        current.country = cities[0].country
    current.full_clean(exclude=["slug"])
    with reversion.create_revision():
        current.save()
        current.cities.set(all_cities)
        if set(current.topics.values_list("pk", flat=True)) != {topic.pk for topic in topics}:
            changed.append("topics")
            current.topics.set(topics)
        if remove_images:
            current.images.remove(*remove_images)
            changed.append("images")
        if remove_documents:
            current.documents.remove(*remove_documents)
            changed.append("documents")
        if new_image:
            _add_image(practice=current, image=new_image)
            changed.append("images")
        if new_document:
            _add_document(practice=current, document=new_document)
            changed.append("documents")
        reversion.add_to_revision(current)
        reversion.set_user(user)
        with translation.override(settings.LANGUAGE_CODE):
            labels = [
                field_label(name) if name in EDITABLE_FIELDS else name
                for name in dict.fromkeys(changed)
            ]
            reversion.set_comment(
                _("Changed in the workspace: %(fields)s.") % {"fields": ", ".join(labels)}
                if labels
                else _("Saved in the workspace without changes.")
            )
    return current


@transaction.atomic
def practice_delete_draft(*, practice, user):
    """Delete a draft of ``user``'s cities, keeping a revision so the secretariat can recover it."""
    current = Practice.objects.select_for_update().get(pk=practice.pk)
    if not current.is_coordinated_by(user):
        raise PermissionDenied(_("You may not delete this practice."))
    if current.status != Practice.Status.DRAFT:
        raise PermissionDenied(_("Only a draft can be deleted."))
    # The service records a revision (with the life-cycle log) before the rows go, so the
    # admin's "Recover" list offers the draft back as it was.
    services.practice_delete(
        practice=current,
        user=user,
        comment=_revision_comment(gettext_lazy("Deleted in the workspace.")),
    )
