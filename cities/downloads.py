"""The cities and networks listings as CSV and JSON (columns: docs/open-data.md)."""

from icc.opendata.columns import (
    BOOLEAN,
    INTEGER,
    LIST,
    NUMBER,
    URL,
    Column,
    Related,
    choice_label,
    country,
    country_code,
    detail_url,
    names,
    translated,
)
from icc.opendata.views import ListingDownloadView

from .models import City, Network, NetworkMembership
from .views import CityListView, NetworkListView


class CityDownloadView(ListingDownloadView):
    listing_view = CityListView
    dataset = "cities"
    fields = (
        "slug", "country", "status", "is_pilot", "joined_year", "population", "website",
        "latitude", "longitude",
    )  # fmt: skip
    translated_fields = ("name",)
    related = (
        # The networks a city belongs to today, as the listing's Network filter counts them.
        Related(
            "networks",
            links=NetworkMembership.objects.current,
            owner="city",
            target="network",
            public=Network.objects.published,
        ),
    )
    columns = (
        Column("name", translated("name")),
        Column("url", detail_url("cities:city_detail"), URL),
        Column("slug", lambda row: row.slug),
        Column("country", country()),
        Column("country_code", country_code()),
        Column("status", choice_label(City.Status, "status")),
        Column("status_code", lambda row: row.status),
        Column("is_pilot", lambda row: row.is_pilot, BOOLEAN),
        Column("joined_year", lambda row: row.joined_year, INTEGER),
        Column("networks", names("networks"), LIST),
        Column("population", lambda row: row.population, INTEGER),
        Column("website", lambda row: row.website, URL),
        Column("latitude", lambda row: row.latitude, NUMBER),
        Column("longitude", lambda row: row.longitude, NUMBER),
    )


class NetworkDownloadView(ListingDownloadView):
    listing_view = NetworkListView
    dataset = "networks"
    fields = (
        "slug", "kind", "country", "founded_year", "member_count", "website",
    )  # fmt: skip
    translated_fields = ("name", "acronym", "coordinating_body")
    columns = (
        Column("name", translated("name")),
        Column("url", detail_url("networks:network_detail"), URL),
        Column("slug", lambda row: row.slug),
        Column("acronym", translated("acronym")),
        Column("kind", choice_label(Network.Kind, "kind")),
        Column("kind_code", lambda row: row.kind),
        Column("country", country()),
        Column("country_code", country_code()),
        Column("founded_year", lambda row: row.founded_year, INTEGER),
        Column("member_count", lambda row: row.member_count, INTEGER),
        Column("coordinating_body", translated("coordinating_body")),
        Column("website", lambda row: row.website, URL),
    )
