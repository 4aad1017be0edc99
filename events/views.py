"""Public pages of events: the faceted listing and an event's page."""

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import City
from icc.facets import FacetedListView
from icc.models import Document
from icc.views import PreviewableDetailView
from news.models import NewsItem

from .filters import EventFilterSet, upcoming_condition
from .models import Event

RELATED_NEWS_LIMIT = 5


def host_cities_prefetch():
    return Prefetch("host_cities", queryset=City.objects.order_by("name"))


def documents_prefetch():
    return Prefetch("documents", queryset=Document.objects.prefetch_related("files"))


class EventListView(FacetedListView):
    """Upcoming events first (soonest first), then past events (latest first), 20 a page."""

    model = Event
    filterset_class = EventFilterSet
    hide_empty_facets = True  # a site with no network event shows no Network facet
    template_name = "events/event_list.html"
    paginate_by = 20

    def get_base_queryset(self):
        return Event.objects.published().for_cards()

    def get_queryset(self):
        # Upcoming and past events are read as two ordered runs, each along its own index,
        # instead of sorting every event by a computed key on each request.
        self.filtered = super().get_queryset()
        return UpcomingThenPast(self.filtered, self)

    def summary_extras(self):
        return {"upcoming": self.filtered.filter(upcoming_condition()).count()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event_groups"] = group_events(context["object_list"])
        return context


class UpcomingThenPast:
    """The filtered events as the paginator sees them: upcoming (soonest first), then past.

    A page is read as the ids of its part of each run (two small indexed queries, always both,
    so the number of queries does not depend on where the page falls), then the rows by id.
    """

    def __init__(self, events, view):
        self.events = events
        self.view = view

    def __len__(self):
        return self.view.listing_summary["count"]

    def __getitem__(self, window):
        upcoming_count = self.view.listing_summary["upcoming"]
        start, stop = window.start or 0, window.stop
        upcoming = upcoming_condition()
        soonest_first = self.events.filter(upcoming).order_by(
            "start_date", F("start_time").asc(nulls_first=True), "-pk"
        )
        latest_first = self.events.exclude(upcoming).order_by("-start_date", "-pk")
        upcoming_ids = run_ids(soonest_first, start, min(stop, upcoming_count))
        past_ids = run_ids(
            latest_first, max(0, start - upcoming_count), max(0, stop - upcoming_count)
        )
        ids = upcoming_ids + past_ids
        rows = (
            Event.objects.filter(pk__in=ids)
            .for_cards()
            .select_related("network")
            .prefetch_related(host_cities_prefetch())
            .in_bulk()
        )
        for pk in past_ids:
            if pk in rows:
                rows[pk].is_past = True  # read by group_events
        return [rows[pk] for pk in ids if pk in rows]


def run_ids(events, start, stop):
    """The ids of ``events[start:stop]``, in one query even when that window is empty."""
    wanted = max(0, stop - start)
    return list(events.values_list("pk", flat=True)[start : start + max(wanted, 1)])[:wanted]


def group_events(events):
    """The page's events under headings: "Upcoming events", then one heading per past year."""
    groups = []
    for event in events:
        key = "upcoming" if not getattr(event, "is_past", False) else event.start_date.year
        if not groups or groups[-1]["key"] != key:
            if key == "upcoming":
                heading = _("Upcoming events")
            else:
                heading = _("Past events in %(year)s") % {"year": key}
            groups.append({"key": key, "heading": heading, "events": []})
        groups[-1]["events"].append(event)
    return groups


class EventDetailView(PreviewableDetailView):
    model = Event
    template_name = "events/event_detail.html"

    def get_public_queryset(self):
        return (
            super()
            .get_public_queryset()
            .select_related("network", "image")
            .prefetch_related(host_cities_prefetch(), documents_prefetch())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        today = timezone.localdate()
        context["registration_open"] = bool(
            event.registration_url
            and event.end_date >= today
            and (event.registration_deadline is None or event.registration_deadline >= today)
        )
        context["related_news"] = list(
            NewsItem.objects.published()
            .for_cards()
            .filter(events=event)
            .select_related("image")
            .order_by("-date", "-pk")[:RELATED_NEWS_LIMIT]
        )
        context["network_is_public"] = bool(event.network and event.network.is_published)
        return context
