"""Stamp every translated text that has no stamp yet (content written without signals)."""

from django.core.management.base import BaseCommand

from icc.translation_status.stamps import initialise_stamps


class Command(BaseCommand):
    help = (
        "Record when each translated text was written, for texts with no record yet: after a "
        "bulk load, raw SQL or a restore from elsewhere. All languages get the same time, so "
        "nothing becomes out of date. Safe to run again: texts already stamped are left alone."
    )

    def handle(self, *args, **options):
        counts = initialise_stamps()
        total = sum(counts.values())
        for label, count in counts.items():
            if count:
                self.stdout.write(f"{label}: {count} text(s) stamped")
        self.stdout.write(
            self.style.SUCCESS(f"{total} text(s) stamped.")
            if total
            else "Every text was already stamped."
        )
