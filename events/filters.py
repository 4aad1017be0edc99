"""The public events listing: its filters and facets."""

import django_filters
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import City, Network
from icc.facets import CountryFilter, Facet, FacetFilterSet, YearFilter
from icc.formatting import country_name

from .models import Event, EventHostCity

UPCOMING, PAST = "upcoming", "past"
WHEN_CHOICES = [(UPCOMING, _("Upcoming")), (PAST, _("Past"))]


def upcoming_condition(today=None):
    """Same rule as ``EventQuerySet.upcoming``: an event is upcoming until its last day ends."""
    return Q(end_date__gte=today or timezone.localdate())


def published_events():
    return Event.objects.published()


def year_choices():
    years = published_events().dates("start_date", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


def country_choices():
    codes = (
        published_events()
        .exclude(country="")
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    return sorted(((code, country_name(code)) for code in set(codes)), key=lambda c: c[1])


def city_choices():
    hosts = EventHostCity.objects.filter(event__in=published_events()).values("city")
    return list(City.objects.filter(pk__in=hosts).order_by("name").values_list("slug", "name"))


def network_choices():
    used = published_events().exclude(network=None).values("network")
    return list(Network.objects.filter(pk__in=used).order_by("name").values_list("slug", "name"))


def when_counter(queryset, values):
    """Upcoming and past counts in one query."""
    condition = upcoming_condition()
    counts = queryset.order_by().aggregate(
        upcoming=Count("pk", filter=condition, distinct=True),
        past=Count("pk", filter=~condition, distinct=True),
    )
    return {UPCOMING: counts["upcoming"], PAST: counts["past"]}


class EventFilterSet(FacetFilterSet):
    when = django_filters.ChoiceFilter(label=_("When"), choices=WHEN_CHOICES, method="filter_when")
    year = YearFilter(label=_("Year"), field_name="start_date__year")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices)
    country = CountryFilter(label=_("Country"))
    city = django_filters.ModelChoiceFilter(
        label=_("Host city"),
        queryset=City.objects.all(),
        to_field_name="slug",
        method="filter_city",
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Organising network"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        field_name="network",
    )

    facets = [
        Facet(param="when", label=_("When"), choices=lambda: WHEN_CHOICES, counter=when_counter),
        Facet(param="year", label=_("Year"), group_by="start_date__year", choices=year_choices),
        Facet(param="kind", label=_("Kind"), group_by="kind", choices=lambda: Event.Kind.choices),
        Facet(param="country", label=_("Country"), group_by="country", choices=country_choices),
        Facet(
            param="city",
            label=_("Host city"),
            group_by="host_links__city__slug",
            choices=city_choices,
        ),
        Facet(
            param="network",
            label=_("Organising network"),
            group_by="network__slug",
            choices=network_choices,
        ),
    ]

    class Meta:
        model = Event
        fields = []

    def filter_when(self, queryset, name, value):
        condition = upcoming_condition()
        return queryset.filter(condition if value == UPCOMING else ~condition)

    def filter_city(self, queryset, name, value):
        # Exists rather than a join: an event hosted by two cities is still one row.
        return queryset.filter(
            Exists(EventHostCity.objects.filter(event=OuterRef("pk"), city=value))
        )
