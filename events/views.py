"""Public pages of events: the faceted listing and an event's page."""

from django.db.models import F, Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import City
from icc import structured_data
from icc.caching.memo import memoize
from icc.facets import FacetedListView
from icc.models import ChosenRows, Document
from icc.views import PreviewableDetailView
from news.models import NewsItem

from .calendars import calendar_links
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
    download_url_name = "events:download"
    paginate_by = 20

    def get_base_queryset(self):
        return Event.objects.published().for_cards()

    def listing_queryset(self):
        raise NotImplementedError("Events are listed as two runs: use listing_runs().")

    def listing_runs(self):
        """Upcoming events (soonest first), then past events (latest first).

        Two ordered runs, each read along its own index, instead of sorting every event by a
        computed key on each request. The pages and the downloads read these.
        """
        events = self.filtered_queryset()
        upcoming = upcoming_condition()
        return [
            events.filter(upcoming).order_by(
                "start_date", F("start_time").asc(nulls_first=True), "-pk"
            ),
            events.exclude(upcoming).order_by("-start_date", "-pk"),
        ]

    def get_queryset(self):
        soonest_first, latest_first = self.listing_runs()
        return UpcomingThenPast(soonest_first, latest_first, self)

    def summary_extras(self):
        return {"upcoming": self.filterset.qs.filter(upcoming_condition()).count()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event_groups"] = group_events(context["object_list"])
        context["calendar_links"] = calendar_links(self.filterset.valid_data())
        return context


class UpcomingThenPast:
    """The filtered events as the paginator sees them: upcoming (soonest first), then past.

    A page is read as the ids of its part of each run (two small indexed queries, always both,
    so the number of queries does not depend on where the page falls), memoized with the
    filters and the window; the rows are read only for the cards not cached yet.
    """

    def __init__(self, soonest_first, latest_first, view):
        self.soonest_first = soonest_first
        self.latest_first = latest_first
        self.view = view

    def __len__(self):
        return self.view.listing_summary["count"]

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        refs = memoize(
            "event-page", (*self.view.filter_parts, start, stop), lambda: self.refs(start, stop)
        )
        rows = (
            Event.objects.published()
            .for_cards()
            .select_related("network")
            .prefetch_related(host_cities_prefetch())
        )
        return EventPage(rows, refs)

    def refs(self, start, stop):
        """``[(pk, year or None), ...]`` of the window: the year of a past event, else None."""
        upcoming_count = self.view.listing_summary["upcoming"]
        upcoming_ids = run_ids(self.soonest_first, start, min(stop, upcoming_count), "pk")
        past = run_ids(
            self.latest_first,
            max(0, start - upcoming_count),
            max(0, stop - upcoming_count),
            "pk",
            "start_date__year",
        )
        return [(pk, None) for pk in upcoming_ids] + [tuple(row) for row in past]


class EventPage(ChosenRows):
    """A page of the listing: its events' ids, each with the year of a past event."""

    def __init__(self, queryset, refs):
        super().__init__(queryset, [pk for pk, _year in refs])
        self.refs = refs


def run_ids(events, start, stop, *fields):
    """The ``fields`` of ``events[start:stop]``, in one query even when that window is empty."""
    wanted = max(0, stop - start)
    rows = events.values_list(*fields, flat=len(fields) == 1)
    return list(rows[start : start + max(wanted, 1)])[:wanted]


def group_events(page):
    """The page's events under headings: "Upcoming events", then one heading per past year."""
    groups = []
    for pk, past_year in page.refs:
        key = "upcoming" if past_year is None else past_year
        if not groups or groups[-1]["key"] != key:
            if key == "upcoming":
                heading = _("Upcoming events")
            else:
                heading = _("Past events in %(year)s") % {"year": key}
            groups.append({"key": key, "heading": heading, "pks": []})
        groups[-1]["pks"].append(pk)
    for group in groups:
        group["events"] = page.part(group.pop("pks"))
    return groups


class EventDetailView(PreviewableDetailView):
    model = Event
    template_name = "events/event_detail.html"
    body_template_name = "events/includes/event_page_body.html"

    def get_public_queryset(self):
        return super().get_public_queryset().select_related("network", "image")

    def get_body_context(self):
        event = self.object
        prefetch_related_objects([event], host_cities_prefetch(), documents_prefetch())
        context = {}
        today = timezone.localdate()
        context["registration_open"] = bool(
            event.registration_url
            and event.end_date >= today
            and (event.registration_deadline is None or event.registration_deadline >= today)
        )
        context["related_news"] = ChosenRows(
            NewsItem.objects.published().for_cards().select_related("image"),
            memoize(
                "event-related-news",
                (event.pk, RELATED_NEWS_LIMIT),
                lambda: list(
                    NewsItem.objects.published()
                    .filter(events=event)
                    .order_by("-date", "-pk")
                    .values_list("pk", flat=True)[:RELATED_NEWS_LIMIT]
                ),
            ),
        )
        context["network_is_public"] = bool(event.network and event.network.is_published)
        return context

    def get_structured_data(self, context):
        # No Event for an event with no known place (event_data is None): breadcrumbs only.
        trail = [
            (_("Events"), reverse("events:event_list")),
            (structured_data.translated_text(self.object, "title"), self.object.get_absolute_url()),
        ]
        return [structured_data.event_data(self.object), structured_data.breadcrumb_list(trail)]
