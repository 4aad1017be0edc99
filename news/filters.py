"""The public news listing: its filters and facets."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cities.models import City, Network
from icc.facets import Facet, FacetFilterSet, YearFilter
from practices.filters import topic_choices
from practices.models import Topic

from .models import NewsCity, NewsItem, NewsTopic


def published_news():
    return NewsItem.objects.published()


def year_choices():
    years = published_news().dates("date", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


def city_choices():
    used = NewsCity.objects.filter(news_item__in=published_news()).values("city")
    return list(City.objects.filter(pk__in=used).order_by("name").values_list("slug", "name"))


def network_choices():
    used = NewsItem.networks.through.objects.filter(newsitem__in=published_news()).values("network")
    return list(Network.objects.filter(pk__in=used).order_by("name").values_list("slug", "name"))


class NewsFilterSet(FacetFilterSet):
    year = YearFilter(label=_("Year"), field_name="date__year")
    topic = django_filters.ModelMultipleChoiceFilter(
        label=_("Topic"), queryset=Topic.objects.all(), to_field_name="slug", method="filter_topic"
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"), queryset=City.objects.all(), to_field_name="slug", method="filter_city"
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Network"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        method="filter_network",
    )

    facets = [
        Facet(param="year", label=_("Year"), group_by="date__year", choices=year_choices),
        Facet(
            param="topic",
            label=_("Topic"),
            group_by="topic_links__topic__slug",
            choices=topic_choices,
            multiple=True,
        ),
        Facet(
            param="city", label=_("City"), group_by="city_links__city__slug", choices=city_choices
        ),
        Facet(
            param="network", label=_("Network"), group_by="networks__slug", choices=network_choices
        ),
    ]

    class Meta:
        model = NewsItem
        fields = []

    # Exists rather than joins, so an item with two matching relations is still one row.
    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(NewsTopic.objects.filter(news_item=OuterRef("pk"), topic__in=value))
        )

    def filter_city(self, queryset, name, value):
        return queryset.filter(
            Exists(NewsCity.objects.filter(news_item=OuterRef("pk"), city=value))
        )

    def filter_network(self, queryset, name, value):
        links = NewsItem.networks.through.objects.filter(newsitem=OuterRef("pk"), network=value)
        return queryset.filter(Exists(links))
