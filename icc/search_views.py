"""The site search page: /<language>/search/?q=…&type=…&year=…&page=…"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import search
from .caching.memo import memoize
from .facets import Facet, Option, encode, toggle_url
from .opendata.links import download_links
from .ratelimits import rate_limit

RESULTS_PER_PAGE = 20
# The ranked ids kept per query (25 pages); pages past them are read from the database.
RANKED_IDS_KEPT = 500
# Years a search row may carry; anything else in ?year= is a typing error.
YEAR_RANGE = range(1900, 2101)


# Per address, generous: ranking costs; a page-cache hit answers before this and costs nothing.
@method_decorator(rate_limit("search"), name="dispatch")
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class SearchView(TemplateView):
    """Ranked results in the reader's language, with type and year facets.

    Bad input (an over-long query, punctuation only, an unknown type, a year or page that is
    not a number) is explained on the page and otherwise ignored: never an error page.
    """

    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        outcome = self.search_results()
        query, kind, year, language = outcome.query, outcome.kind, outcome.year, outcome.language
        context.update(
            query=query, notices=outcome.notices, page_obj=None, facets=[], result_count=0
        )
        if outcome.prompt:
            context["prompt"] = True
            return context
        results = outcome.results
        if results is None:
            return context
        summary = memoize(
            "search", (language, query, kind, year), lambda: self.summarise(results, kind, year)
        )
        page_obj = self.paginate(RankedResults(results.queryset, summary), outcome.notices)
        # The page's entries as the template shows them (highlighted excerpts: PostgreSQL's
        # ts_headline is the costly part of a page), kept with the query for the generation.
        window = page_obj.object_list
        page_obj.object_list = memoize(
            "search-page",
            (language, query, kind, year, page_obj.number),
            lambda: shown_entries(window.read(), query, language),
        )
        data = {"q": [query]}
        if kind:
            data["type"] = [kind]
        if year:
            data["year"] = [str(year)]
        facets = self.facets(summary, data, kind, year)
        context.update(
            query=query,
            page_obj=page_obj,
            result_count=page_obj.paginator.count,
            facets=facets,
            active_filters=[
                {"facet": facet.label, "label": option.label, "remove_url": option.url}
                for facet in facets
                for option in facet.selected_options
            ],
            clear_filters_url=f"{self.request.path}?{encode({'q': [query]})}",
            page_query=encode(data),
            downloads=download_links("search:download", encode(data)),
        )
        return context

    def search_results(self):
        """The request's query and valid filters, and their results, best first.

        The page shows these results a page at a time; the downloads (icc.opendata) write
        them all, in the same order.
        """
        language = self.reader_language()
        raw_query = self.request.GET.get("q", "")
        notices = []
        kind, year = self.filters(notices)
        outcome = SearchOutcome(language=language, kind=kind, year=year, notices=notices)
        if not raw_query.strip():
            outcome.prompt = True
            return outcome
        try:
            query, note = search.clean_query(raw_query)
        except search.QueryError as error:
            notices.append(str(error))
            outcome.query = " ".join(raw_query.split())[: search.MAX_QUERY_LENGTH]
            return outcome
        if note:
            notices.append(note)
        search.index_newly_visible()
        outcome.query = query
        outcome.results = search.search(query, language=language, kind=kind, year=year)
        return outcome

    def reader_language(self):
        current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return current if current in search.site_languages() else settings.LANGUAGE_CODE

    def filters(self, notices):
        """The valid ``type`` and ``year`` of the request; invalid ones are noted and dropped."""
        kind = self.request.GET.get("type", "").strip()
        if kind and kind not in search.Kind.values:
            notices.append(_("The type filter was not understood and has been ignored."))
            kind = None
        year = self.request.GET.get("year", "").strip()
        if year:
            if year.isdigit() and len(year) == 4 and int(year) in YEAR_RANGE:
                year = int(year)
            else:
                notices.append(_("The year filter was not understood and has been ignored."))
                year = None
        return kind or None, year or None

    def paginate(self, queryset, notices):
        paginator = Paginator(queryset, RESULTS_PER_PAGE)
        try:
            return paginator.page(self.request.GET.get("page") or 1)
        except PageNotAnInteger:
            notices.append(_("The page number was not valid; here is the first page."))
            return paginator.page(1)
        except EmptyPage:
            notices.append(_("There are not that many pages; here is the last one."))
            return paginator.page(paginator.num_pages)

    @staticmethod
    def summarise(results, kind, year):
        """What a query's pages share: the best results' ids, the count and the facet counts.

        Ranking reads every match; doing it once per query and content generation (memoized)
        keeps a page's cost flat however many items match.
        """
        return {
            "ranked_ids": list(results.queryset.values_list("pk", flat=True)[:RANKED_IDS_KEPT]),
            "count": results.base.filter(
                **{name: value for name, value in (("kind", kind), ("year", year)) if value}
            ).count(),
            "kind_counts": results.counts("kind", **({"year": year} if year else {})),
            "year_counts": results.counts("year", **({"kind": kind} if kind else {})),
        }

    def facets(self, summary, data, kind, year):
        """Type and year facets; each counts the matches with the other filter applied."""
        path = self.request.path
        kind_counts = summary["kind_counts"]
        year_counts = dict(summary["year_counts"])
        if year and year not in year_counts:
            year_counts[year] = 0
        type_facet = Facet(param="type", label=_("Type"))
        for value, label in search.Kind.choices:
            type_facet.options.append(
                Option(
                    value=value,
                    label=str(label),
                    count=kind_counts.get(value, 0),
                    selected=value == kind,
                    url=toggle_url(path, data, "type", value, multiple=False),
                )
            )
        year_facet = Facet(param="year", label=_("Year"))
        for value in sorted(year_counts, reverse=True):
            year_facet.options.append(
                Option(
                    value=str(value),
                    label=str(value),
                    count=year_counts[value],
                    selected=value == year,
                    url=toggle_url(path, data, "year", str(value), multiple=False),
                )
            )
        return [type_facet, year_facet]


@dataclass
class SearchOutcome:
    """What a search request asks and finds; ``results`` is None when there is nothing to search
    (no query: ``prompt``; a query with no word: a notice says so)."""

    language: str
    kind: str | None
    year: int | None
    notices: list
    query: str = ""
    prompt: bool = False
    results: search.SearchResults | None = None


class RankedResults:
    """The results as the paginator sees them: a known count, and pages read by their ids."""

    def __init__(self, queryset, summary):
        self.queryset = queryset
        self.ranked_ids = summary["ranked_ids"]
        self.total = summary["count"]

    def __len__(self):
        return self.total

    def __getitem__(self, window):
        return ResultsWindow(self, window)

    def read(self, window):
        if window.stop is not None and window.stop <= len(self.ranked_ids):
            ids = self.ranked_ids[window]
            rows = {row.pk: row for row in self.queryset.filter(pk__in=ids)}
            return [rows[pk] for pk in ids if pk in rows]
        return list(self.queryset[window])


class ResultsWindow:
    """A page of results, read only if its entries are not memoized yet."""

    def __init__(self, results, window):
        self.results = results
        self.window = window

    def read(self):
        return self.results.read(self.window)


def shown_entries(rows, query, language):
    """What the template shows of each result, as plain values (kept in the shared cache)."""
    search.with_excerpts(rows, query, language)
    kind_labels = dict(search.Kind.choices)
    return [
        SimpleNamespace(
            kind=row.kind,
            kind_label=str(kind_labels.get(row.kind, row.kind)),
            year=row.year,
            url=row.url,
            title=row.title,
            excerpt=row.excerpt,
        )
        for row in rows
    ]
