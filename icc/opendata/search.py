"""The search results as CSV and JSON: every result of the query, in the page's order."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from icc import search
from icc.search_views import SearchView

from .columns import INTEGER, URL, Column, choice_label
from .views import DownloadView


class SearchDownloadView(DownloadView):
    dataset = "search"
    # The page's ranked rows without their excerpts: only what the columns write.
    fields = ("title", "url", "kind", "year", "content_type_id", "object_id")
    columns = (
        Column("title", lambda row: row.title),
        Column("url", lambda row: row.url, URL),
        Column("type", choice_label(search.Kind, "kind")),
        Column("type_code", lambda row: row.kind),
        Column("year", lambda row: row.year, INTEGER),
    )

    def runs(self):
        page = SearchView()
        page.setup(self.request)
        self.outcome = page.search_results()
        if self.outcome.results is None:
            return []
        return [self.outcome.results.queryset]

    def public_only(self, rows):
        """The rows whose item is public now (the index follows every save; this makes sure
        even a change that bypassed the signals never leaks): one query per type."""
        ids_by_type = defaultdict(set)
        for row in rows:
            ids_by_type[row.content_type_id].add(row.object_id)
        public = set()
        for content_type_id, ids in ids_by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None or search.indexed_model_for(model) is None:
                continue  # a row of a type no longer searched: nothing public to write
            published = model._default_manager.published().filter(pk__in=ids).order_by()
            public.update((content_type_id, pk) for pk in published.values_list("pk", flat=True))
        return [row for row in rows if (row.content_type_id, row.object_id) in public]

    def ignored_filters(self):
        """``type`` and ``year`` values the page reports as not understood."""
        understood = {"type": self.outcome.kind, "year": self.outcome.year}
        return [
            name
            for name, value in understood.items()
            if self.request.GET.get(name, "").strip() and not value
        ]
