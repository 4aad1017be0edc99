"""The news listing as CSV and JSON (columns: docs/open-data.md)."""

from cities.models import City, Network
from icc.opendata.columns import (
    DATE,
    LIST,
    URL,
    Column,
    Related,
    detail_url,
    names,
    translated,
)
from icc.opendata.views import ListingDownloadView

from .models import NewsCity, NewsItem, NewsTopic
from .views import NewsListView


class NewsDownloadView(ListingDownloadView):
    listing_view = NewsListView
    dataset = "news"
    fields = ("slug", "date")
    translated_fields = ("title", "lead")
    # Related cities and networks are named only when the public may open them.
    related = (
        Related(
            "cities",
            links=NewsCity.objects.all,
            owner="news_item",
            target="city",
            public=City.objects.published,
        ),
        Related(
            "networks",
            links=NewsItem.networks.through.objects.all,
            owner="newsitem",
            target="network",
            public=Network.objects.published,
        ),
        Related(
            "topics",
            links=NewsTopic.objects.all,
            owner="news_item",
            target="topic",
            order=("position", "name"),
        ),
    )
    columns = (
        Column("title", translated("title")),
        Column("url", detail_url("news:news_detail"), URL),
        Column("slug", lambda row: row.slug),
        Column("date", lambda row: row.date, DATE),
        Column("lead", translated("lead")),
        Column("cities", names("cities"), LIST),
        Column("networks", names("networks"), LIST),
        Column("topics", names("topics"), LIST),
    )
