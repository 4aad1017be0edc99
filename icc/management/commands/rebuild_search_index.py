"""Rebuild the site search index from the published content (safe to run any time)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from icc import search
from icc.caching.invalidation import bump_after_commit


class Command(BaseCommand):
    help = (
        "Write the search rows of every published city, network, event, news item and good "
        "practice, and remove the rows of everything else. Run it after bulk imports."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--async",
            action="store_true",
            dest="in_background",
            help="Leave the rebuild to a task worker (icc.tasks) and return at once.",
        )

    def handle(self, *args, in_background=False, **options):
        if in_background:
            from icc.tasks.indexing import rebuild_search_index

            result = rebuild_search_index.enqueue()
            self.stdout.write(f"Search index rebuild enqueued (task {result.id}).")
            return
        total_items = total_removed = 0
        with transaction.atomic():
            for indexed in search.indexed_models():
                items, removed = search.index_objects(indexed.model._default_manager.all())
                total_items += items
                total_removed += removed
                self.stdout.write(
                    f"{indexed.model._meta.verbose_name_plural}: {items} indexed, {removed} removed"
                )
            total_removed += search.remove_stale_entries()
        # The search page shows these rows; bulk writes send no signals: new cache generation.
        bump_after_commit()
        languages = len(search.site_languages())
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {total_items} items in {languages} languages "
                f"({total_items * languages} rows), {total_removed} stale rows removed."
            )
        )
