"""The ICC Index results as open data: their filters (shared with the API) and the CSV/JSON
download of every published result, one row per city and year, one column per policy area
(columns: docs/open-data.md, "ICC Index results")."""

from types import SimpleNamespace

import django_filters
from django.utils.translation import gettext_lazy as _

from icc.facets import MAX_QUERY_LENGTH, FacetFilterSet, YearFilter
from icc.opendata.columns import INTEGER, URL, Column, detail_url, reader_language, translated
from icc.opendata.views import DownloadView
from practices.models import Topic

from .models import City, IndexAreaScore, IndexResult

# Columns of every row, before the policy areas (a topic with one of these slugs is skipped).
FIXED_COLUMNS = ("city", "city_slug", "city_url", "country_code", "year", "overall_score")


class IndexResultFilterSet(FacetFilterSet):
    """``city`` (slug) and ``year``: the filters of the API's list and of the download."""

    city = django_filters.ModelChoiceFilter(
        label=_("City"), queryset=City.objects.published(), to_field_name="slug"
    )
    year = YearFilter(label=_("Year"), field_name="year")

    class Meta:
        model = IndexResult
        fields = []


def area_topics():
    """``[(topic id, slug)]`` of the policy areas, in the taxonomy's order (their columns)."""
    return [
        (pk, slug)
        for pk, slug in Topic.objects.order_by("position", "name").values_list("pk", "slug")
        if slug not in FIXED_COLUMNS
    ]


class AreaScores:
    """The area scores of a chunk of results, read in one query: ``row.scores`` is
    ``{topic id: score}`` (the download's ``related``)."""

    key = "scores"

    def read(self, ids):
        found = {}
        rows = IndexAreaScore.objects.filter(result_id__in=ids).values_list(
            "result_id", "topic_id", "score"
        )
        for result_id, topic_id, score in rows:
            found.setdefault(result_id, {})[topic_id] = score
        return found


def area_score(topic_id):
    return lambda row: (row.scores or {}).get(topic_id)


class IndexResultDownloadView(DownloadView):
    """Every published Index result, by city name (in the page's language), latest year first."""

    dataset = "index-results"
    fields = ("city__slug", "city__country", "year", "overall_score")
    translated_fields = ("city__name",)
    related = (AreaScores(),)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        data = request.GET.copy()
        for key in list(data):
            data.setlist(key, [value[:MAX_QUERY_LENGTH] for value in data.getlist(key)])
        self.filterset = IndexResultFilterSet(
            data=data, queryset=IndexResult.objects.published(), request=request
        )
        city_url = detail_url("cities:city_detail")
        self.columns = (
            Column("city", translated("city__name")),
            Column("city_slug", lambda row: row.city__slug),
            Column("city_url", lambda row: city_url(SimpleNamespace(slug=row.city__slug)), URL),
            Column("country_code", lambda row: str(row.city__country or "")),
            Column("year", lambda row: row.year, INTEGER),
            Column("overall_score", lambda row: row.overall_score, INTEGER),
            *(Column(slug, area_score(pk), INTEGER) for pk, slug in area_topics()),
        )

    def runs(self):
        order = f"city__name_{reader_language()}"
        return [self.filterset.qs.order_by(order, "city__pk", "-year", "pk")]

    def ignored_filters(self):
        return self.filterset.invalid_params()
