"""The events listing as CSV and JSON (columns: docs/open-data.md)."""

from django.utils import timezone

from cities.models import City
from icc.formatting import format_event_when, format_place
from icc.opendata.columns import (
    BOOLEAN,
    DATE,
    LIST,
    TIME,
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

from .models import Event, EventHostCity
from .views import EventListView


def place(row):
    """Where the event takes place, as its card writes it (from its public host cities)."""
    return format_place(
        cities=row.host_cities,
        place=row.place,
        country=row.country,
        is_online=row.is_online,
    )


def network_name(row):
    return row.network__name if row.network__is_published else ""


class EventDownloadView(ListingDownloadView):
    listing_view = EventListView
    dataset = "events"
    fields = (
        "slug", "kind", "start_date", "end_date", "start_time", "end_time", "time_zone",
        "country", "is_online", "registration_url", "network__is_published",
    )  # fmt: skip
    translated_fields = ("title", "place", "network__name")
    related = (
        Related(
            "host_cities",
            links=EventHostCity.objects.all,
            owner="event",
            target="city",
            public=City.objects.published,
            extra=("country",),
        ),
    )
    columns = (
        Column("title", translated("title")),
        Column("url", detail_url("events:event_detail"), URL),
        Column("slug", lambda row: row.slug),
        Column("kind", choice_label(Event.Kind, "kind")),
        Column("kind_code", lambda row: row.kind),
        Column("start_date", lambda row: row.start_date, DATE),
        Column("end_date", lambda row: row.end_date, DATE),
        Column("start_time", lambda row: row.start_time, TIME),
        Column("end_time", lambda row: row.end_time, TIME),
        Column("time_zone", lambda row: row.time_zone),
        Column("when", format_event_when),
        Column("place", place),
        Column("host_cities", names("host_cities"), LIST),
        Column("country", country()),
        Column("country_code", country_code()),
        Column("is_online", lambda row: row.is_online, BOOLEAN),
        Column("network", network_name),
        # The listing's own rule (events.filters.upcoming_condition): until its last day ends.
        Column("is_upcoming", lambda row: row.end_date >= timezone.localdate(), BOOLEAN),
        Column("registration_url", lambda row: row.registration_url, URL),
    )
