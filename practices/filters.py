"""The public good-practices listing: its filters and facets."""

import django_filters
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cities.models import City
from icc.facets import MAX_QUERY_LENGTH, CountryFilter, Facet, FacetFilterSet, YearFilter
from icc.formatting import country_name

from .models import Practice, PracticeCity, PracticeTopic, Topic, practice_covers_year


def published_practices():
    return Practice.objects.published()


def topic_choices():
    return list(Topic.objects.order_by("position", "name").values_list("slug", "name"))


def country_choices():
    codes = published_practices().order_by().values_list("country", flat=True).distinct()
    return sorted(((code, country_name(code)) for code in set(codes) if code), key=lambda c: c[1])


def city_choices():
    used = PracticeCity.objects.filter(practice__in=published_practices()).values("city")
    return list(City.objects.filter(pk__in=used).order_by("name").values_list("slug", "name"))


def year_choices():
    """Every year some published practice covers, latest first (one query)."""
    bounds = published_practices().aggregate(
        first=Min("first_year"),
        last=Max("last_year"),
        ongoing=Count("pk", filter=Q(is_ongoing=True, last_year__isnull=True)),
    )
    if bounds["first"] is None:
        return []
    last = max(filter(None, [bounds["first"], bounds["last"]]))
    if bounds["ongoing"]:
        last = max(last, timezone.localdate().year)
    return [(str(year), str(year)) for year in range(last, bounds["first"] - 1, -1)]


def year_counter(queryset, values):
    """How many practices cover each year, from one grouped query.

    The practices are grouped by their year fields (a few hundred distinct combinations,
    however many practices there are) and each group is counted for the years it covers,
    by ``practice_covers_year``, the twin of ``PracticeQuerySet.covering_year``.
    """
    if not values:
        return {}
    # Every filter of the listing is a plain condition or an EXISTS: one row per practice.
    groups = (
        queryset.order_by()
        .values_list("first_year", "last_year", "is_ongoing")
        .annotate(count=Count("pk"))
    )
    current_year = timezone.localdate().year
    years = [int(value) for value in values]
    counts = dict.fromkeys(values, 0)
    for first_year, last_year, is_ongoing, count in groups:
        for value, year in zip(values, years, strict=True):
            if practice_covers_year(first_year, last_year, is_ongoing, year, current_year):
                counts[value] += count
    return counts


class PracticeFilterSet(FacetFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        label=_("Topic"), queryset=Topic.objects.all(), to_field_name="slug", method="filter_topic"
    )
    country = CountryFilter(label=_("Country"))
    city = django_filters.ModelChoiceFilter(
        label=_("City"), queryset=City.objects.all(), to_field_name="slug", method="filter_city"
    )
    year = YearFilter(label=_("Year"), method="filter_year")

    facets = [
        Facet(
            param="topic",
            label=_("Topic"),
            group_by="topic_links__topic__slug",
            choices=topic_choices,
            multiple=True,
        ),
        Facet(param="country", label=_("Country"), group_by="country", choices=country_choices),
        Facet(
            param="city", label=_("City"), group_by="city_links__city__slug", choices=city_choices
        ),
        Facet(param="year", label=_("Year"), choices=year_choices, counter=year_counter),
    ]

    class Meta:
        model = Practice
        fields = []

    def filter_text(self, queryset, name, value):
        """Words of the title or purpose, in the reader's language or in English."""
        value = value.strip()
        if not value:
            return queryset
        languages = dict.fromkeys([(translation.get_language() or "en").split("-")[0], "en"])
        condition = Q()
        for code in languages:
            condition |= Q(**{f"title_{code}__icontains": value})
            condition |= Q(**{f"purpose_{code}__icontains": value})
        return queryset.filter(condition)

    # Exists rather than joins, so a practice with two matching topics is still one row.
    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(PracticeTopic.objects.filter(practice=OuterRef("pk"), topic__in=value))
        )

    def filter_city(self, queryset, name, value):
        return queryset.filter(
            Exists(PracticeCity.objects.filter(practice=OuterRef("pk"), city=value))
        )

    def filter_year(self, queryset, name, value):
        return queryset.covering_year(int(value))
