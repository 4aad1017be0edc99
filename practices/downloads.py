"""The good-practices listing as CSV and JSON (columns: docs/open-data.md)."""

from django.utils.translation import gettext

from cities.models import City
from icc.opendata.columns import (
    BOOLEAN,
    DATETIME,
    INTEGER,
    LIST,
    URL,
    Column,
    Related,
    country,
    country_code,
    detail_url,
    names,
    translated,
)
from icc.opendata.views import ListingDownloadView

from .models import PracticeCity, PracticeTopic
from .views import PracticeListView


def title(row):
    # As a practice's card: a practice with no title in any language is still named.
    return translated("title")(row) or gettext("(untitled practice)")


class PracticeDownloadView(ListingDownloadView):
    listing_view = PracticeListView
    dataset = "practices"
    fields = (
        "slug", "country", "first_year", "last_year", "is_ongoing", "published_at",
    )  # fmt: skip
    translated_fields = ("title", "period", "purpose")
    related = (
        Related(
            "cities",
            links=PracticeCity.objects.all,
            owner="practice",
            target="city",
            public=City.objects.published,
        ),
        Related(
            "topics",
            links=PracticeTopic.objects.all,
            owner="practice",
            target="topic",
            order=("position", "name"),
        ),
    )
    columns = (
        Column("title", title),
        Column("url", detail_url("practices:practice_detail"), URL),
        Column("slug", lambda row: row.slug),
        Column("country", country()),
        Column("country_code", country_code()),
        Column("cities", names("cities"), LIST),
        Column("topics", names("topics"), LIST),
        Column("period", translated("period")),
        Column("first_year", lambda row: row.first_year, INTEGER),
        Column("last_year", lambda row: row.last_year, INTEGER),
        Column("is_ongoing", lambda row: row.is_ongoing, BOOLEAN),
        Column("purpose", translated("purpose")),
        Column("published_at", lambda row: row.published_at, DATETIME),
    )
