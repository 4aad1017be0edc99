"""The good-practice life cycle: every change of status goes through these functions.

Each one is atomic, checks that the transition is allowed and that the user may make it,
records who/when/why in a Transition, keeps a revision, and e-mails the people concerned once
the transaction has committed. Admin actions, views and commands call them; nothing else
writes ``Practice.status``.
"""

import contextvars

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from reversion import revisions as reversion_revisions

from icc.models import SECRETARIAT_GROUP
from icc.tasks.queue import enqueue, retry_on_failure

from .models import Practice, Transition

Status = Practice.Status

COORDINATOR = "coordinator"
SECRETARIAT = "secretariat"

# (from, to) -> who may make the move.
ALLOWED_TRANSITIONS = {
    (Status.DRAFT, Status.SUBMITTED): {COORDINATOR, SECRETARIAT},
    (Status.CHANGES_REQUESTED, Status.SUBMITTED): {COORDINATOR, SECRETARIAT},
    (Status.SUBMITTED, Status.PUBLISHED): {SECRETARIAT},
    (Status.SUBMITTED, Status.CHANGES_REQUESTED): {SECRETARIAT},
    (Status.SUBMITTED, Status.REJECTED): {SECRETARIAT},
    (Status.DRAFT, Status.PUBLISHED): {SECRETARIAT},
    (Status.PUBLISHED, Status.ARCHIVED): {SECRETARIAT},
    (Status.ARCHIVED, Status.PUBLISHED): {SECRETARIAT},
    (Status.REJECTED, Status.DRAFT): {SECRETARIAT},
    (Status.ARCHIVED, Status.DRAFT): {SECRETARIAT},
}
COMMENT_REQUIRED = {Status.CHANGES_REQUESTED, Status.REJECTED}


class TransitionNotAllowed(ValidationError):
    """The practice cannot go from its status to the one asked for."""


def user_is_secretariat(user):
    return bool(user and user.is_authenticated and user.has_perm("practices.review_practice"))


def user_roles(*, practice, user):
    """The roles ``user`` holds towards ``practice``."""
    roles = set()
    if user_is_secretariat(user):
        roles.add(SECRETARIAT)
    if practice.is_coordinated_by(user):
        roles.add(COORDINATOR)
    return roles


def allowed_transitions(*, practice, user):
    """The statuses ``user`` may move ``practice`` to now."""
    roles = user_roles(practice=practice, user=user)
    return [
        target
        for (source, target), who in ALLOWED_TRANSITIONS.items()
        if source == practice.status and roles & who
    ]


def missing_for_publication(practice):
    """What a practice still lacks to be published (both titles, a country, a topic)."""
    missing = []
    for code, name in settings.LANGUAGES:
        if not getattr(practice, f"title_{code}", ""):
            missing.append(_("a title in %(language)s") % {"language": _(name)})
    if not practice.topics.exists():
        missing.append(_("at least one topic"))
    return missing


@transaction.atomic
def practice_transition(*, practice, user, to_status, comment=""):
    """Move ``practice`` to ``to_status`` on behalf of ``user``; return the Transition."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    source = practice.status
    who = ALLOWED_TRANSITIONS.get((source, to_status))
    if who is None:
        raise TransitionNotAllowed(
            _("A practice that is “%(source)s” cannot become “%(target)s”.")
            % {"source": Status(source).label, "target": Status(to_status).label},
            code="transition_not_allowed",
        )
    if not user_roles(practice=practice, user=user) & who:
        raise PermissionDenied(_("You may not make this change to this practice."))
    comment = (comment or "").strip()
    if to_status in COMMENT_REQUIRED and not comment:
        raise ValidationError(
            _("Please write a comment for the coordinator."), code="comment_required"
        )
    if to_status == Status.PUBLISHED:
        missing = missing_for_publication(practice)
        if missing:
            raise ValidationError(
                _("This practice cannot be published yet: it needs %(missing)s.")
                % {"missing": ", ".join(missing)},
                code="incomplete",
            )

    now = timezone.now()
    practice.status = to_status
    if to_status == Status.SUBMITTED:
        practice.submitted_at = now
    if to_status == Status.PUBLISHED and practice.published_at is None:
        practice.published_at = now
    with reversion.create_revision():
        practice.save(update_fields=["status", "submitted_at", "published_at", "updated_at"])
        reversion.set_user(user)
        reversion.set_comment(
            f"{Status(source).label} → {Status(to_status).label}"
            + (f": {comment}" if comment else "")
        )
    step = Transition.objects.create(
        practice=practice,
        from_status=source,
        to_status=to_status,
        actor=user,
        comment=comment,
        created_at=now,
    )
    transaction.on_commit(lambda: notify_transition(step))
    return step


def practice_submit(*, practice, user, comment=""):
    return practice_transition(
        practice=practice, user=user, to_status=Status.SUBMITTED, comment=comment
    )


def practice_publish(*, practice, user, comment=""):
    return practice_transition(
        practice=practice, user=user, to_status=Status.PUBLISHED, comment=comment
    )


def practice_request_changes(*, practice, user, comment):
    return practice_transition(
        practice=practice, user=user, to_status=Status.CHANGES_REQUESTED, comment=comment
    )


def practice_reject(*, practice, user, comment):
    return practice_transition(
        practice=practice, user=user, to_status=Status.REJECTED, comment=comment
    )


def practice_unpublish(*, practice, user, comment=""):
    return practice_transition(
        practice=practice, user=user, to_status=Status.ARCHIVED, comment=comment
    )


# --- The other doors: deleting, recovering, reverting to a revision -------------------------
# A practice's life cycle is its status, its dates of submission and publication and its
# Transition log. Only the transitions above change it: reverting content to an earlier
# revision keeps it, and a deleted practice is recovered with it (docs/admin.md, "Revisions").

LIFE_CYCLE_FIELDS = ("status", "submitted_at", "published_at")
# "freshness": the yearly check's dates are kept too (practices/freshness.py).
LIFE_CYCLE_FIELDS += ("last_checked", "ended_on", "check_asked_on")

# The log is kept in the revision saved at deletion, so "Recover deleted" brings it back. It is
# not followed by ordinary revisions: reverting one never deletes or rewrites later steps.
if not reversion.is_registered(Transition):
    reversion.register(Transition)


def _site_language_text(text):
    # Revision comments and automatic log comments are read by the secretariat in the admin.
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _save_revision_now(practice, steps, *, user, comment):
    with reversion.create_revision():
        reversion.add_to_revision(practice)  # follows its city and topic links
        for step in steps:
            reversion.add_to_revision(step)
        reversion.set_user(user)
        reversion.set_comment(comment)


@transaction.atomic
def practice_delete(*, practice, user, comment=""):
    """Delete ``practice``, first saving a revision of it, its relations and its life-cycle log."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    comment = comment or _site_language_text(gettext_lazy("Deleted."))
    # Inside another revision (the admin change list's, for "Delete selected"), this one would
    # be merged into it and saved after the deletion, when reversion drops the versions of
    # objects that no longer exist. A copy of the context with no revision active (reversion
    # keeps its stack in a ContextVar; the database connection is shared) saves it now.
    context = contextvars.copy_context()
    context.run(reversion_revisions._stack.set, [])
    context.run(
        _save_revision_now, practice, practice.transitions.all(), user=user, comment=comment
    )
    practice.delete()


def practice_life_cycles(*, practice_ids):
    """``{pk: {field: value}}``: the life cycle of each existing practice among ``practice_ids``."""
    rows = Practice.objects.filter(pk__in=practice_ids).values("pk", *LIFE_CYCLE_FIELDS)
    return {row.pop("pk"): row for row in rows}


@transaction.atomic
def practice_keep_life_cycles(*, kept, practice_ids, user):
    """After a revision was reverted, give back each practice its life cycle.

    ``kept`` is ``practice_life_cycles()`` taken before the revert: those practices get their
    status and dates back. A practice of ``practice_ids`` that did not exist (recovered, or
    recreated by the revert) keeps the status of its revision only if its restored log ends
    there; otherwise it comes back as a draft, and a Transition says so.
    """
    practices = Practice.objects.select_for_update().filter(pk__in=practice_ids)
    for practice in practices.order_by("pk"):
        if practice.pk in kept:
            changed = [
                name
                for name, value in kept[practice.pk].items()
                if getattr(practice, name) != value
            ]
            if changed:
                for name in changed:
                    setattr(practice, name, kept[practice.pk][name])
                practice.save(update_fields=changed)
            continue
        last_step = practice.transitions.order_by("-created_at", "-pk").first()
        if practice.status == (last_step.to_status if last_step else Status.DRAFT):
            continue
        source = practice.status
        practice.status = Status.DRAFT
        practice.save(update_fields=["status", "updated_at"])
        Transition.objects.create(
            practice=practice,
            from_status=source,
            to_status=Status.DRAFT,
            actor=user,
            comment=_site_language_text(
                gettext_lazy("Recovered from a revision without its life-cycle log: back to draft.")
            ),
        )


# --- E-mails --------------------------------------------------------------------------------


def secretariat_recipients():
    """Addresses that hear of new submissions: configured ones plus the Secretariat group."""
    addresses = list(settings.SECRETARIAT_EMAILS)
    staff = get_user_model().objects.filter(groups__name=SECRETARIAT_GROUP, is_active=True)
    addresses += [email for email in staff.values_list("email", flat=True) if email]
    return [(address, settings.LANGUAGE_CODE) for address in dict.fromkeys(addresses)]


def coordinator_recipients(practice):
    """The practice's coordinators (and its author), each with their preferred language."""
    users = (
        get_user_model()
        .objects.filter(coordinated_cities__in=practice.cities.all(), is_active=True)
        .distinct()
    )
    people = {user.email: user.preferred_language for user in users if user.email}
    if practice.created_by and practice.created_by.is_active and practice.created_by.email:
        people.setdefault(practice.created_by.email, practice.created_by.preferred_language)
    return list(people.items())


def notify_transition(step):
    """E-mail the people a transition concerns, each in their own language.

    One background task per message, so a failure (and its retry) concerns one person only.
    """
    if step.to_status == Status.SUBMITTED:
        recipients = secretariat_recipients()
    elif step.to_status in (Status.PUBLISHED, Status.CHANGES_REQUESTED, Status.REJECTED):
        recipients = coordinator_recipients(step.practice)
    else:
        return
    for address, language in recipients:
        enqueue(send_transition_email, step.pk, address, language)


@task(takes_context=True)
@retry_on_failure
def send_transition_email(context, transition_id, address, language):
    """Send one person the e-mail about a transition, in ``language``."""
    step = Transition.objects.select_related("practice").filter(pk=transition_id).first()
    if step is None:  # the practice was deleted since
        return {"sent": 0}
    template = "submitted" if step.to_status == Status.SUBMITTED else "decision"
    with translation.override(language):
        values = {"step": step, "practice": step.practice, "site_url": settings.SITE_URL}
        subject = render_to_string(f"practices/email/{template}_subject.txt", values)
        body = render_to_string(f"practices/email/{template}_body.txt", values)
    return {"sent": send_mail(" ".join(subject.split()), body, None, [address])}


# --- Moving a site's practices in (issue 11, "import") -------------------------------------


@transaction.atomic
def practice_import_published(*, practice, user, published_at, created=False):
    """Publish ``practice``, just written by an import, with its original publication date.

    The secretariat moving another site's practices in: the listing and the feeds keep their
    original order, the log records the import (who, and now) and nobody is e-mailed: the
    coordinators did not submit anything. A practice already published only gets the date.
    ``created``: the import has just created it (the step is logged from no status). Returns
    the Transition, or None when the status did not change.
    """
    if user is not None and not user_is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat may import practices as published."))
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    now = timezone.now()
    if published_at > now:
        raise ValidationError(
            _("A publication date must be past."), code="publication_in_the_future"
        )
    if practice.status == Status.PUBLISHED:
        if practice.published_at != published_at:
            practice.published_at = published_at
            practice.save(update_fields=["published_at", "updated_at"])
        return None
    if practice.status != Status.DRAFT:
        raise TransitionNotAllowed(
            _("A practice that is “%(source)s” cannot become “%(target)s”.")
            % {"source": Status(practice.status).label, "target": Status.PUBLISHED.label},
            code="transition_not_allowed",
        )
    missing = missing_for_publication(practice)
    if missing:
        raise ValidationError(
            _("This practice cannot be published yet: it needs %(missing)s.")
            % {"missing": ", ".join(missing)},
            code="incomplete",
        )
    source = "" if created else practice.status
    comment = _site_language_text(gettext_lazy("Imported from a file"))
    practice.status = Status.PUBLISHED
    practice.published_at = published_at
    # Inside an import this joins the revision of the row.
    with reversion.create_revision():
        practice.save(update_fields=["status", "published_at", "updated_at"])
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)
    return Transition.objects.create(
        practice=practice,
        from_status=source,
        to_status=Status.PUBLISHED,
        actor=user,
        comment=comment,
        created_at=now,
    )
