"""The FilterSets of the cities and networks listings, with their facets."""

import django_filters
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from icc.facets import CountryFilter, Facet, FacetFilterSet, YearFilter
from icc.formatting import country_name

from .models import City, Network, NetworkMembership

MAX_SEARCH_WORDS = 10


def translated_columns(field):
    """``["name_en", "name_fr"]``: one column per site language (modeltranslation)."""
    from django.conf import settings

    return [f"{field}_{code}" for code, _name in settings.LANGUAGES]


def network_choices():
    language = translation.get_language() or "en"
    networks = Network.objects.published().order_by(f"name_{language}", "pk")
    return [
        (network.slug, network.name)
        for network in networks.only("slug", *translated_columns("name"))
    ]


def count_current_members(queryset, values):
    """How many of ``queryset``'s cities are members of each network today (one query)."""
    rows = (
        NetworkMembership.objects.current()
        .filter(city__in=queryset.order_by().values("pk"), network__slug__in=values)
        .values("network__slug")
        .annotate(count=Count("city", distinct=True))
        .values_list("network__slug", "count")
    )
    return dict(rows)


def joined_year_choices():
    years = (
        City.objects.published()
        .exclude(joined_year__isnull=True)
        .order_by("-joined_year")
        .values_list("joined_year", flat=True)
        .distinct()
    )
    return [(str(year), str(year)) for year in years]


class CityFilterSet(FacetFilterSet):
    q = django_filters.CharFilter(label=_("Name contains"), method="filter_text")
    country = CountryFilter(label=_("Country"))
    network = django_filters.ModelChoiceFilter(
        label=_("Network"),
        queryset=Network.objects.published(),
        to_field_name="slug",
        method="filter_network",
    )
    joined = YearFilter(label=_("Year joined"), field_name="joined_year")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=City.Status.choices)

    facets = [
        Facet(param="country", label=_("Country"), group_by="country", option_label=country_name),
        Facet(
            param="network",
            label=_("Network"),
            choices=network_choices,
            counter=count_current_members,
        ),
        Facet(
            param="joined",
            label=_("Year joined"),
            group_by="joined_year",
            choices=joined_year_choices,
        ),
        Facet(
            param="status",
            label=_("Status"),
            group_by="status",
            choices=lambda: City.Status.choices,
        ),
    ]

    class Meta:
        model = City
        fields = []

    def filter_text(self, queryset, name, value):
        words = value.split()[:MAX_SEARCH_WORDS]
        for word in words:
            condition = Q()
            for column in translated_columns("name"):
                condition |= Q(**{f"{column}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    def filter_network(self, queryset, name, network):
        # Current members only: a city that left the network is not one of its cities today.
        return queryset.filter(
            Exists(NetworkMembership.objects.current().filter(city=OuterRef("pk"), network=network))
        )


class NetworkFilterSet(FacetFilterSet):
    q = django_filters.CharFilter(label=_("Name contains"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Network.Kind.choices)
    country = CountryFilter(label=_("Country"))

    facets = [
        Facet(param="kind", label=_("Kind"), group_by="kind", choices=lambda: Network.Kind.choices),
        Facet(param="country", label=_("Country"), group_by="country", option_label=country_name),
    ]

    class Meta:
        model = Network
        fields = []

    def filter_text(self, queryset, name, value):
        for word in value.split()[:MAX_SEARCH_WORDS]:
            condition = Q()
            for column in [*translated_columns("name"), *translated_columns("acronym")]:
                condition |= Q(**{f"{column}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset
