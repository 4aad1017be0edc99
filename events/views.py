"""Public pages of events: the faceted listing and an event's page."""

from django.db.models import BooleanField, Case, F, Prefetch, Value, When
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
        upcoming = upcoming_condition()
        return (
            super()
            .get_queryset()
            .annotate(
                is_past=Case(
                    When(upcoming, then=Value(False)),
                    default=Value(True),
                    output_field=BooleanField(),
                ),
                # Only upcoming events sort by this (ascending); past ones share NULL and fall
                # through to the descending start date.
                upcoming_start=Case(When(upcoming, then=F("start_date"))),
                upcoming_time=Case(When(upcoming, then=F("start_time"))),
            )
            .order_by(
                "is_past",
                F("upcoming_start").asc(nulls_last=True),
                F("upcoming_time").asc(nulls_first=True),
                "-start_date",
                "-pk",
            )
            .select_related("network")
            .prefetch_related(host_cities_prefetch())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event_groups"] = group_events(context["object_list"])
        return context


def group_events(events):
    """The page's events under headings: "Upcoming events", then one heading per past year."""
    groups = []
    for event in events:
        key = "upcoming" if not event.is_past else event.start_date.year
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
