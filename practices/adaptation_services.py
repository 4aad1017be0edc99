"""Transfer between cities: a city's record that it adapted a practice, and its review.

Writes and status changes of ``Adaptation`` go through these functions, as a practice's go
through practices.services: keyword-only, atomic, checking who may do what, keeping a revision
(django-reversion) and e-mailing the people concerned, each in their language, once the
transaction has committed.

The life cycle: a coordinator writes a draft for one of their cities and submits it; the
secretariat publishes it, sends it back to draft with a comment, or rejects it with a comment;
it may unpublish a published one (back to draft) or reopen a rejected one.
"""

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from icc.tasks.queue import enqueue, retry_on_failure

from .models import Adaptation, Practice
from .services import (
    COORDINATOR,
    SECRETARIAT,
    TransitionNotAllowed,
    secretariat_recipients,
    user_is_secretariat,
)

Status = Adaptation.Status

# (from, to) -> who may make the move.
ALLOWED_TRANSITIONS = {
    (Status.DRAFT, Status.SUBMITTED): {COORDINATOR, SECRETARIAT},
    (Status.SUBMITTED, Status.PUBLISHED): {SECRETARIAT},
    (Status.SUBMITTED, Status.DRAFT): {SECRETARIAT},
    (Status.SUBMITTED, Status.REJECTED): {SECRETARIAT},
    (Status.DRAFT, Status.PUBLISHED): {SECRETARIAT},
    (Status.PUBLISHED, Status.DRAFT): {SECRETARIAT},
    (Status.REJECTED, Status.DRAFT): {SECRETARIAT},
}
# Sending back or refusing: the coordinators are told why.
COMMENT_REQUIRED = {(Status.SUBMITTED, Status.DRAFT), (Status.SUBMITTED, Status.REJECTED)}
# The columns a coordinator writes.
EDITABLE_FIELDS = ("year", *(f"note_{code}" for code, _name in settings.LANGUAGES))


def user_coordinates(user, city):
    return bool(user and user.is_authenticated and city.coordinators.filter(pk=user.pk).exists())


def user_roles(*, adaptation, user):
    roles = set()
    if user_is_secretariat(user):
        roles.add(SECRETARIAT)
    if user_coordinates(user, adaptation.city):
        roles.add(COORDINATOR)
    return roles


def allowed_transitions(*, adaptation, user):
    """The statuses ``user`` may move ``adaptation`` to now."""
    roles = user_roles(adaptation=adaptation, user=user)
    return [
        target
        for (source, target), who in ALLOWED_TRANSITIONS.items()
        if source == adaptation.status and roles & who
    ]


def check_adaptable(*, practice, city):
    """Raise ValidationError unless ``city`` may record that it adapted ``practice``."""
    if practice.status != Practice.Status.PUBLISHED:
        raise ValidationError(
            _("Only a published good practice can be recorded as adapted."), code="unpublished"
        )
    if practice.cities.filter(pk=city.pk).exists():
        raise ValidationError(
            _("This is a practice of %(city)s itself: record only practices of other cities.")
            % {"city": city},
            code="own_practice",
        )


def _clean_fields(fields):
    return {name: fields[name] for name in EDITABLE_FIELDS if name in fields}


def _save(adaptation, *, user, comment):
    with reversion.create_revision():
        adaptation.save()
        reversion.set_user(user)
        with translation.override(settings.LANGUAGE_CODE):
            reversion.set_comment(str(comment))


def _unique_error():
    return ValidationError(
        _("Your city has already recorded that it adapted this practice."), code="duplicate"
    )


@transaction.atomic
def adaptation_create(*, user, practice, city, fields):
    """A draft saying that ``city`` (one of ``user``'s cities) adapted ``practice``."""
    if not user_coordinates(user, city):
        raise PermissionDenied(_("You can only record adaptations for your own cities."))
    check_adaptable(practice=practice, city=city)
    if Adaptation.objects.filter(practice=practice, city=city).exists():
        raise _unique_error()
    adaptation = Adaptation(practice=practice, city=city, created_by=user, **_clean_fields(fields))
    adaptation.full_clean()
    try:
        with transaction.atomic():
            _save(adaptation, user=user, comment=gettext_lazy("Recorded in the workspace."))
    except IntegrityError as error:  # the same record sent twice at once
        raise _unique_error() from error
    return adaptation


@transaction.atomic
def adaptation_update(*, adaptation, user, fields, practice=None):
    """Save a coordinator's changes to a draft of their city; return it."""
    current = Adaptation.objects.select_for_update().get(pk=adaptation.pk)
    if not user_coordinates(user, current.city):
        raise PermissionDenied(_("You may not change this adaptation."))
    if not current.is_editable:
        raise PermissionDenied(
            _("This adaptation is “%(status)s”: it can be changed only while it is a draft.")
            % {"status": current.get_status_display()}
        )
    if practice is not None and practice.pk != current.practice_id:
        check_adaptable(practice=practice, city=current.city)
        if Adaptation.objects.filter(practice=practice, city=current.city).exists():
            raise _unique_error()
        current.practice = practice
    for name, value in _clean_fields(fields).items():
        setattr(current, name, value)
    current.full_clean()
    _save(current, user=user, comment=gettext_lazy("Changed in the workspace."))
    return current


@transaction.atomic
def adaptation_delete(*, adaptation, user):
    """Delete a draft of ``user``'s city (a revision keeps it for the secretariat)."""
    current = Adaptation.objects.select_for_update().get(pk=adaptation.pk)
    if not user_coordinates(user, current.city):
        raise PermissionDenied(_("You may not delete this adaptation."))
    if current.status != Status.DRAFT:
        raise PermissionDenied(_("Only a draft can be deleted."))
    current.delete()


@transaction.atomic
def adaptation_transition(*, adaptation, user, to_status, comment=""):
    """Move ``adaptation`` to ``to_status`` on behalf of ``user``; return it."""
    current = (
        Adaptation.objects.select_for_update().select_related("practice").get(pk=adaptation.pk)
    )
    source = current.status
    who = ALLOWED_TRANSITIONS.get((source, to_status))
    if who is None:
        raise TransitionNotAllowed(
            _("An adaptation that is “%(source)s” cannot become “%(target)s”.")
            % {"source": Status(source).label, "target": Status(to_status).label},
            code="transition_not_allowed",
        )
    if not user_roles(adaptation=current, user=user) & who:
        raise PermissionDenied(_("You may not make this change to this adaptation."))
    comment = (comment or "").strip()
    if (source, to_status) in COMMENT_REQUIRED and not comment:
        raise ValidationError(
            _("Please write a comment for the coordinator."), code="comment_required"
        )
    if to_status == Status.PUBLISHED:
        check_adaptable(practice=current.practice, city=current.city)

    now = timezone.now()
    current.status = to_status
    if to_status == Status.SUBMITTED:
        current.submitted_at = now
    if to_status == Status.PUBLISHED:
        current.published_at = now
    if SECRETARIAT in who and COORDINATOR not in who:
        current.review_comment = comment  # the secretariat's latest word
    with translation.override(settings.LANGUAGE_CODE):  # the admin's history is read there
        label = f"{Status(source).label} → {Status(to_status).label}"
    _save(current, user=user, comment=f"{label}: {comment}" if comment else label)
    transaction.on_commit(lambda: notify(current.pk, source, to_status, comment))
    return current


def adaptation_submit(*, adaptation, user, comment=""):
    return adaptation_transition(
        adaptation=adaptation, user=user, to_status=Status.SUBMITTED, comment=comment
    )


def adaptation_publish(*, adaptation, user, comment=""):
    return adaptation_transition(
        adaptation=adaptation, user=user, to_status=Status.PUBLISHED, comment=comment
    )


def adaptation_return_to_draft(*, adaptation, user, comment=""):
    return adaptation_transition(
        adaptation=adaptation, user=user, to_status=Status.DRAFT, comment=comment
    )


def adaptation_reject(*, adaptation, user, comment):
    return adaptation_transition(
        adaptation=adaptation, user=user, to_status=Status.REJECTED, comment=comment
    )


# --- E-mails --------------------------------------------------------------------------------


def coordinator_recipients(adaptation):
    """The adapting city's coordinators (and the author), each with their language."""
    users = adaptation.city.coordinators.filter(is_active=True)
    people = {user.email: user.preferred_language for user in users if user.email}
    author = adaptation.created_by
    if author and author.is_active and author.email:
        people.setdefault(author.email, author.preferred_language)
    return list(people.items())


def notify(adaptation_id, source, target, comment):
    """E-mail the secretariat of a submission, the coordinators of a decision."""
    adaptation = (
        Adaptation.objects.select_related("city", "created_by").filter(pk=adaptation_id).first()
    )
    if adaptation is None:
        return
    if target == Status.SUBMITTED:
        recipients, kind = secretariat_recipients(), "submitted"
    elif source == Status.SUBMITTED:
        recipients, kind = coordinator_recipients(adaptation), "decision"
    else:
        return
    for address, language in recipients:
        enqueue(send_adaptation_email, adaptation_id, kind, target, comment, address, language)


@task(takes_context=True)
@retry_on_failure
def send_adaptation_email(context, adaptation_id, kind, target, comment, address, language):
    """Send one person the e-mail about an adaptation's review, in ``language``."""
    adaptation = (
        Adaptation.objects.select_related("practice", "city").filter(pk=adaptation_id).first()
    )
    if adaptation is None:  # deleted since
        return {"sent": 0}
    with translation.override(language):
        values = {
            "adaptation": adaptation,
            "practice": adaptation.practice,
            "city": adaptation.city,
            "target": target,
            "comment": comment,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string(f"practices/email/adaptation_{kind}_subject.txt", values)
        body = render_to_string(f"practices/email/adaptation_{kind}_body.txt", values)
    return {"sent": send_mail(" ".join(subject.split()), body, None, [address])}
