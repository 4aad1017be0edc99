"""The yearly check in the back-office ("freshness"): what is overdue, and the answers the
secretariat may record itself (a coordinator answered by telephone, say).

``practices/admin.py`` adds these to ``PracticeAdmin``: a filter, a column, two actions and a
fieldset; the admin index shows the overdue count (``freshness_tags``).
"""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from icc.formatting import format_date

from . import freshness

FRESHNESS_FIELDSET = (
    _("Yearly check"),
    {
        "fields": ("last_checked", "ended_on", "check_asked_on"),
        "description": _(
            "Once a year its coordinators are asked by e-mail whether the practice still runs "
            "(manage.py check_practices). To record an answer given otherwise, use the actions "
            "of the list of practices."
        ),
    },
)
FRESHNESS_READONLY_FIELDS = ("check_asked_on",)


class CheckListFilter(admin.SimpleListFilter):
    """The yearly check: overdue (asked or not yet), checked within a year, ended."""

    title = _("yearly check")
    parameter_name = "check"

    OVERDUE, ASKED, RECENT, ENDED = "overdue", "asked", "recent", "ended"

    def lookups(self, request, model_admin):
        return [
            (self.OVERDUE, _("Overdue (checked over a year ago)")),
            (self.ASKED, _("Overdue, coordinators already asked")),
            (self.RECENT, _("Checked within a year")),
            (self.ENDED, _("Ended (confirmed by its city)")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        overdue = freshness.overdue_practices(today).values("pk")
        if self.value() == self.OVERDUE:
            return queryset.filter(pk__in=overdue)
        if self.value() == self.ASKED:
            return queryset.filter(pk__in=overdue, check_asked_on__isnull=False).filter(
                # asked since the last check, not a year before it
                Q(last_checked__isnull=True) | Q(check_asked_on__gt=F("last_checked"))
            )
        if self.value() == self.RECENT:
            since = freshness.years_before(today, freshness.CHECK_INTERVAL_YEARS)
            return queryset.published().filter(
                freshness.checked_since(since + datetime.timedelta(days=1))
            )
        if self.value() == self.ENDED:
            return queryset.filter(ended_on__isnull=False)
        return queryset


@admin.display(description=_("last checked"), ordering="last_checked")
def last_checked_column(practice):
    """The date of the last check (or publication), and whether the next one is overdue."""
    if practice.is_ended:
        return _("ended on %(date)s") % {"date": format_date(practice.ended_on)}
    if practice.checked_on is None:
        return "–"
    text = format_date(practice.checked_on)
    if freshness.practice_is_overdue(practice):
        text = _("%(date)s (overdue)") % {"date": text}
    return text


def _record_answers(modeladmin, request, queryset, service, done_message):
    done, failed = 0, []
    for practice in queryset:
        try:
            service(practice=practice, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else error
            failed.append(f"{practice}: {reason}")
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)
    for failure in failed:
        modeladmin.message_user(request, failure, messages.ERROR)


@admin.action(
    description=_("Yearly check: confirm that they still run (checked today)"),
    permissions=["review"],
)
def confirm_running_selected(modeladmin, request, queryset):
    _record_answers(
        modeladmin,
        request,
        queryset,
        freshness.practice_confirm_running,
        lambda n: (
            ngettext(
                "%(count)d practice confirmed as still running.",
                "%(count)d practices confirmed as still running.",
                n,
            )
            % {"count": n}
        ),
    )


@admin.action(
    description=_("Yearly check: mark them ended (they stay published)"), permissions=["review"]
)
def mark_ended_selected(modeladmin, request, queryset):
    _record_answers(
        modeladmin,
        request,
        queryset,
        freshness.practice_mark_ended,
        lambda n: (
            ngettext(
                "%(count)d practice marked as ended.", "%(count)d practices marked as ended.", n
            )
            % {"count": n}
        ),
    )


FRESHNESS_ACTIONS = [confirm_running_selected, mark_ended_selected]
