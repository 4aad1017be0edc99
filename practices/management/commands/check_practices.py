"""The yearly check of good practices: e-mail the coordinators of the practices due.

Run it every day (or every week) from cron; each practice comes due a year after its last
check, and a second run the same day sends nothing (docs/operations.md, "The yearly check").
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from practices.freshness import REMIND_AFTER_DAYS, run_yearly_check


def parse_day(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today must be a date such as 2026-03-01, not {value!r}.") from error


class Command(BaseCommand):
    help = (
        "E-mail the coordinators of every published practice last checked a year ago or more "
        "(one e-mail each, in their language, with a link per practice to confirm that it "
        "still runs or to mark it ended)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would be e-mailed about what; send nothing, change nothing.",
        )
        parser.add_argument(
            "--today",
            type=parse_day,
            default=None,
            metavar="YYYY-MM-DD",
            help="Run as if today were this date (to try the check, or to catch up a missed day).",
        )
        parser.add_argument(
            "--remind-after",
            type=int,
            default=REMIND_AFTER_DAYS,
            metavar="DAYS",
            help=(
                "Ask again about a practice still unanswered after this many days "
                f"(default {REMIND_AFTER_DAYS})."
            ),
        )

    def handle(self, *args, dry_run=False, today=None, remind_after=REMIND_AFTER_DAYS, **options):
        if remind_after < 1:
            raise CommandError("--remind-after must be at least 1 day.")
        run = run_yearly_check(today=today, remind_after=remind_after, dry_run=dry_run)
        verb = "Would e-mail" if dry_run else "E-mail queued for"
        self.stdout.write(
            f"Yearly check of {run.today.isoformat()}: {len(run.due)} practice(s) due."
        )
        for user, practices in run.messages:
            titles = "; ".join(f"{practice} (#{practice.pk})" for practice in practices)
            self.stdout.write(
                f"  {verb} {user.email} ({user.preferred_language}) about {len(practices)}: {titles}"
            )
        for practice in run.unreachable:
            self.stdout.write(
                f"  No coordinator to ask about {practice} (#{practice.pk}): "
                "the secretariat checks it."
            )
        summary = f"{len(run.messages)} e-mail(s) {'to send' if dry_run else 'queued'}"
        summary += f", {len(run.unreachable)} practice(s) without a coordinator."
        if dry_run:
            summary += " Dry run: nothing sent, nothing recorded."
        self.stdout.write(self.style.SUCCESS(summary))
