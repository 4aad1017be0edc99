"""The yearly check: does each published good practice still run?

Every published practice has a date of last check (``Practice.last_checked``; until a first
check, its publication date counts: ``Practice.checked_on``). A year after it, the scheduled
command ``manage.py check_practices`` e-mails the practice's coordinators, each in their own
language, one e-mail listing all their practices due, each with a signed link. The link opens a
page, without signing in, where they confirm that the practice still runs (``last_checked``
becomes today) or mark it ended (``ended_on``; it stays public, marked as such).

A practice is asked about at most once in ``REMIND_AFTER_DAYS`` (``check_asked_on``), so running
the command twice the same day sends nothing twice; an unanswered check is asked again after
that delay. The secretariat sees the overdue practices in the admin (``overdue_practices``).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from cities.models import City
from icc.formatting import format_date
from icc.tasks.queue import enqueue, retry_on_failure

from .models import Practice, PracticeCity, Transition
from .services import user_is_secretariat

Status = Practice.Status

# A practice is due for its check this long after the last one.
CHECK_INTERVAL_YEARS = 1
# The listing's filter "checked in the last two years".
RECENTLY_CHECKED_YEARS = 2
# An unanswered check is asked again after this many days (the command may run every day).
REMIND_AFTER_DAYS = 28
# How long the link of an e-mail works.
LINK_MAX_AGE = datetime.timedelta(days=60)
TOKEN_SALT = "practices.freshness.check"

RUNNING, ENDED = "running", "ended"


# --- Dates and conditions -------------------------------------------------------------------


def years_before(day, years):
    """The same day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def start_of_day(day):
    """Midnight at the start of ``day`` in the site's time zone (to compare ``published_at``)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def checked_since(day):
    """``Q``: last checked on or after ``day`` (before a first check: published since ``day``)."""
    return Q(last_checked__gte=day) | Q(
        last_checked__isnull=True, published_at__gte=start_of_day(day)
    )


def checked_before(day):
    """``Q``: last checked before ``day``: the exact complement of ``checked_since`` for
    published practices (they all have a publication date)."""
    return Q(last_checked__lt=day) | Q(
        last_checked__isnull=True, published_at__lt=start_of_day(day)
    )


def recently_checked(today=None):
    """``Q`` of the listing's filter: checked in the last two years."""
    today = today or timezone.localdate()
    return checked_since(years_before(today, RECENTLY_CHECKED_YEARS))


def may_still_run(year):
    """``Q``: not confirmed ended, and not over by its own years (it covers ``year`` or later).

    A practice that says it ran from 2015 to 2017 is not asked whether it still runs.
    """
    return Q(ended_on__isnull=True) & (
        Q(last_year__gte=year)
        | Q(last_year__isnull=True, is_ongoing=True)
        | Q(last_year__isnull=True, first_year__isnull=True)
        | Q(last_year__isnull=True, first_year__gte=year)
    )


def practice_may_still_run(practice, year):
    """The rule of ``may_still_run`` for one practice already loaded; keep them twins."""
    if practice.ended_on is not None:
        return False
    if practice.last_year is not None:
        return practice.last_year >= year
    if practice.is_ongoing:
        return True
    return practice.first_year is None or practice.first_year >= year


def practice_is_overdue(practice, today=None):
    """The rule of ``overdue_practices`` for one practice already loaded; keep them twins."""
    today = today or timezone.localdate()
    return (
        practice.status == Status.PUBLISHED
        and practice.checked_on is not None
        and practice.checked_on <= years_before(today, CHECK_INTERVAL_YEARS)
        and practice_may_still_run(practice, today.year)
    )


def overdue_practices(today=None):
    """Published practices that may still run and were last checked a year ago or more."""
    today = today or timezone.localdate()
    limit = years_before(today, CHECK_INTERVAL_YEARS) + datetime.timedelta(days=1)
    return Practice.objects.published().filter(may_still_run(today.year), checked_before(limit))


def due_practices(today=None, remind_after=REMIND_AFTER_DAYS):
    """The overdue practices whose coordinators were not asked in the last ``remind_after`` days."""
    today = today or timezone.localdate()
    asked_long_ago = today - datetime.timedelta(days=remind_after)
    return overdue_practices(today).filter(
        Q(check_asked_on__isnull=True) | Q(check_asked_on__lte=asked_long_ago)
    )


# --- Who is asked ---------------------------------------------------------------------------


def coordinators_by_practice(practice_ids):
    """``{practice id: [user, ...]}``: the active coordinators, with an address, of each
    practice's cities (three queries, whatever the number of practices)."""
    cities_of = defaultdict(set)
    for practice_id, city_id in PracticeCity.objects.filter(
        practice_id__in=practice_ids
    ).values_list("practice_id", "city_id"):
        cities_of[practice_id].add(city_id)
    city_ids = {city_id for ids in cities_of.values() for city_id in ids}
    people_of_city = defaultdict(set)
    for city_id, user_id in City.coordinators.through.objects.filter(
        city_id__in=city_ids
    ).values_list("city_id", "user_id"):
        people_of_city[city_id].add(user_id)
    users = (
        get_user_model()
        .objects.filter(
            pk__in={user_id for ids in people_of_city.values() for user_id in ids}, is_active=True
        )
        .exclude(email="")
        .in_bulk()
    )
    result = {}
    for practice_id in practice_ids:
        user_ids = set().union(*(people_of_city[city_id] for city_id in cities_of[practice_id]))
        result[practice_id] = sorted(
            (users[user_id] for user_id in user_ids if user_id in users), key=lambda user: user.pk
        )
    return result


@dataclass
class CheckRun:
    """What one run of the yearly check did (or, for a dry run, would do)."""

    today: datetime.date
    due: list = field(default_factory=list)
    # [(user, [practice, ...])]: one e-mail each.
    messages: list = field(default_factory=list)
    # Due practices with no coordinator to ask: the secretariat checks them.
    unreachable: list = field(default_factory=list)


def run_yearly_check(*, today=None, remind_after=REMIND_AFTER_DAYS, dry_run=False):
    """E-mail each coordinator of a due practice once, listing all their due practices.

    The asked practices get ``check_asked_on = today``, in the transaction that queues the
    e-mails, so a second run within ``remind_after`` days sends nothing. Idempotent.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(due_practices(today, remind_after).order_by("pk"))
        run = CheckRun(today=today, due=due)
        people = coordinators_by_practice([practice.pk for practice in due])
        practices_of = defaultdict(list)
        users = {}
        for practice in due:
            if not people[practice.pk]:
                run.unreachable.append(practice)
            for user in people[practice.pk]:
                users[user.pk] = user
                practices_of[user.pk].append(practice)
        run.messages = [(users[pk], practices_of[pk]) for pk in sorted(practices_of)]
        if dry_run:
            return run
        for user, practices in run.messages:
            enqueue(send_check_email, user.pk, [practice.pk for practice in practices])
        asked = [practice.pk for practice in due if people[practice.pk]]
        # Not a change of public content: no signal, no new cache generation needed.
        Practice.objects.filter(pk__in=asked).update(check_asked_on=today)
    return run


# --- The signed links -----------------------------------------------------------------------


def make_check_token(practice, user):
    """A token naming the practice and the coordinator asked, signed and dated."""
    return signing.dumps({"p": practice.pk, "u": user.pk}, salt=TOKEN_SALT, compress=True)


def read_check_token(token):
    """``(practice id, user id)`` of a token; raises ``signing.SignatureExpired`` once
    ``LINK_MAX_AGE`` has passed, ``signing.BadSignature`` for anything else not ours."""
    payload = signing.loads(token, salt=TOKEN_SALT, max_age=LINK_MAX_AGE)
    if not isinstance(payload, dict):
        raise signing.BadSignature("Not a check token.")
    practice_id, user_id = payload.get("p"), payload.get("u")
    if not all(isinstance(value, int) and value > 0 for value in (practice_id, user_id)):
        raise signing.BadSignature("Not a check token.")
    return practice_id, user_id


def check_url(practice, user):
    """The absolute address of the check page, in the current language."""
    path = reverse("practices:freshness_check", kwargs={"token": make_check_token(practice, user)})
    return f"{settings.SITE_URL}{path}"


# --- The answers: services ------------------------------------------------------------------


def _site_language_text(text):
    # Revision and life-cycle comments are read by the secretariat in the admin.
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _locked_checkable(practice, user):
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != Status.PUBLISHED:
        raise ValidationError(_("Only a published practice is checked."), code="not_published")
    if not (practice.is_coordinated_by(user) or user_is_secretariat(user)):
        raise PermissionDenied(_("You may not make this change to this practice."))
    if practice.is_ended:
        raise ValidationError(_("This practice is already marked as ended."), code="already_ended")
    return practice


@transaction.atomic
def practice_confirm_running(*, practice, user, today=None):
    """Record that ``practice`` still runs, as ``user`` (a coordinator or the secretariat) says."""
    practice = _locked_checkable(practice, user)
    practice.last_checked = today or timezone.localdate()
    with reversion.create_revision():
        practice.save(update_fields=["last_checked"])
        reversion.set_user(user)
        reversion.set_comment(_site_language_text(gettext_lazy("Confirmed still running.")))
    return practice


@transaction.atomic
def practice_mark_ended(*, practice, user, today=None):
    """Mark ``practice`` ended, as ``user`` says: it stays published, no longer ongoing.

    Its last year becomes this year unless it already said an earlier one, so the year facets
    and the "ongoing or ended" facet agree with the badge. The life cycle records who and when.
    """
    practice = _locked_checkable(practice, user)
    today = today or timezone.localdate()
    practice.ended_on = today
    practice.last_checked = today
    practice.is_ongoing = False
    if practice.last_year is None or practice.last_year > today.year:
        practice.last_year = max(today.year, practice.first_year or today.year)
    comment = _site_language_text(gettext_lazy("Marked as ended: it no longer runs."))
    with reversion.create_revision():
        practice.save(
            update_fields=["ended_on", "last_checked", "is_ongoing", "last_year", "updated_at"]
        )
        reversion.set_user(user)
        reversion.set_comment(comment)
    # Its status does not change: the step says so in the life cycle, with who and when.
    Transition.objects.create(
        practice=practice,
        from_status=Status.PUBLISHED,
        to_status=Status.PUBLISHED,
        actor=user,
        comment=comment,
    )
    return practice


# --- The e-mail -----------------------------------------------------------------------------


@task(takes_context=True)
@retry_on_failure
def send_check_email(context, user_id, practice_ids):
    """Send one coordinator the yearly check of their practices, in their language."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return {"sent": 0}
    practices = list(
        Practice.objects.published()
        .filter(pk__in=practice_ids, ended_on__isnull=True)
        .order_by("pk")
    )
    if not practices:  # answered, unpublished or deleted since
        return {"sent": 0}
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        items = [
            {
                "title": str(practice),
                "url": check_url(practice, user),
                "checked_on": format_date(practice.checked_on) if practice.checked_on else "",
            }
            for practice in practices
        ]
        values = {
            "user": user,
            "items": items,
            "count": len(items),
            "expires_on": format_date(timezone.localdate() + LINK_MAX_AGE),
            "workspace_url": settings.SITE_URL + reverse("workspace:practice_list"),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("practices/email/freshness_subject.txt", values)
        body = render_to_string("practices/email/freshness_body.txt", values)
    return {"sent": send_mail(" ".join(subject.split()), body, None, [user.email])}
