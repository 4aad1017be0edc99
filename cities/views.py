"""Public pages of member cities and networks."""

from urllib.parse import urlencode

from django.db.models import Case, Count, F, Prefetch, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.filters import upcoming_condition
from events.models import Event
from icc import structured_data
from icc.caching.memo import memoize
from icc.facets import FacetedListView
from icc.models import ChosenRows
from icc.views import PreviewableDetailView
from news.models import NewsItem
from practices.models import Practice
from practices.transfer import city_adaptations

from .filters import CityFilterSet, NetworkFilterSet
from .index import city_index_context
from .models import City, Network, NetworkMembership

DETAIL_LIST_LIMIT = 20
# Past events on a city's or a network's page; the events listing, filtered, shows the rest.
PAST_EVENTS_LIMIT = 6


def name_ordering():
    """Order by the name in the reader's language (its own column, indexed)."""
    return f"name_{translation.get_language() or 'en'}"


def current_membership_condition(prefix="", on=None):
    """The ``Q`` of memberships in force today, reached through ``prefix``."""
    on = on or timezone.localdate()
    return (Q(**{f"{prefix}joined__isnull": True}) | Q(**{f"{prefix}joined__lte": on})) & (
        Q(**{f"{prefix}left__isnull": True}) | Q(**{f"{prefix}left__gt": on})
    )


def is_current(membership, today):
    """The Python twin of ``MembershipQuerySet.current()`` for rows already loaded."""
    started = membership.joined is None or membership.joined <= today
    return started and (membership.left is None or membership.left > today)


class CityListView(FacetedListView):
    """Current members first, then former members, each by name: the page lists them apart.

    The number of current members among the results comes from the status facet's counts
    (no query of its own), so the page knows where the former members begin.
    """

    model = City
    filterset_class = CityFilterSet
    template_name = "cities/city_list.html"
    download_url_name = "cities:download"
    paginate_by = 30

    def get_base_queryset(self):
        return City.objects.published().order_by(name_ordering(), "pk")

    def listing_queryset(self):
        members_first = Case(When(status=City.Status.MEMBER, then=Value(0)), default=Value(1))
        return self.filtered_queryset().order_by(members_first, name_ordering(), "pk")

    def compute_listing_summary(self):
        summary = super().compute_listing_summary()
        summary["members"] = members_among_results(summary["facets"], summary["count"])
        return summary

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page, rows = context["page_obj"], context["object_list"]
        members = self.listing_summary["members"]
        before = (page.number - 1) * page.paginator.per_page
        on_page = max(0, min(len(rows.pks), members - before))
        former_page = members // page.paginator.per_page + 1
        if page.number == former_page:
            former_members_url = "#former-members"
        else:
            query = f"{context['page_query']}&" if context["page_query"] else ""
            former_members_url = f"?{query}page={former_page}#former-members"
        context.update(
            member_count=members,
            former_count=self.listing_summary["count"] - members,
            current_cities=rows.part(rows.pks[:on_page]),
            former_cities=rows.part(rows.pks[on_page:]),
            former_members_url=former_members_url,
        )
        return context


class CityDetailView(PreviewableDetailView):
    model = City
    template_name = "cities/city_detail.html"
    body_template_name = "cities/includes/city_page_body.html"

    def get_public_queryset(self):
        return super().get_public_queryset().select_related("image")

    def get_body_context(self):
        city = self.object
        today = timezone.localdate()
        memberships = (
            NetworkMembership.objects.filter(city=city, network__is_published=True)
            .select_related("network")
            .order_by("-joined", "pk")
        )
        current, former = split_memberships(memberships, today, key=lambda m: m.network_id)
        chosen = memoize(
            "city-lists",
            (city.pk, DETAIL_LIST_LIMIT, PAST_EVENTS_LIMIT),
            lambda: city_lists(city),
        )
        events = events_split(chosen["events"])
        events_url = event_listing_url(city=city.slug)
        return {
            "current_memberships": current,
            "former_memberships": former,
            "practices": ChosenRows(
                Practice.objects.published().for_cards().prefetch_related("cities"),
                chosen["practices"],
            ),
            # Every event the page shows (for the structured data), then its two parts.
            "hosted_events": events["all"],
            "upcoming_events": events["upcoming"],
            "past_events": events["past"],
            "event_counts": chosen["events"]["counts"],
            "upcoming_events_url": f"{events_url}&when=upcoming",
            "past_events_url": f"{events_url}&when=past",
            "news_items": ChosenRows(
                NewsItem.objects.published().for_cards().select_related("image"),
                chosen["news"],
            ),
            "documents": city.documents.prefetch_related("files").order_by("-year", "pk"),
            # ICC Index results, the network's average and practices to learn from (memoized).
            "index": city_index_context(city),
            # "transfer": the practices of other cities that this city adapted.
            "adaptations": city_adaptations(city),
        }

    def get_structured_data(self, context):
        # The lists the page shows (published only), read once for the page and for this.
        city = structured_data.city_data(
            self.object,
            events=context["hosted_events"],
            practices=context["practices"],
            news_items=context["news_items"],
        )
        trail = [
            (gettext("Member cities"), reverse("cities:city_list")),
            (city["name"], self.object.get_absolute_url()),
        ]
        return [city, structured_data.breadcrumb_list(trail)]


class NetworkListView(FacetedListView):
    model = Network
    filterset_class = NetworkFilterSet
    template_name = "cities/network_list.html"
    download_url_name = "networks:download"
    paginate_by = 30

    def get_base_queryset(self):
        return (
            Network.objects.published()
            .annotate(
                member_count=Count(
                    "memberships__city",
                    filter=current_membership_condition("memberships__")
                    & Q(memberships__city__is_published=True),
                    distinct=True,
                )
            )
            .order_by(name_ordering(), "pk")
        )


class NetworkDetailView(PreviewableDetailView):
    model = Network
    template_name = "cities/network_detail.html"
    body_template_name = "cities/includes/network_page_body.html"

    def get_body_context(self):
        network = self.object
        today = timezone.localdate()
        memberships = (
            network.memberships.filter(city__is_published=True)
            .select_related("city")
            .order_by(f"city__{name_ordering()}", "-joined", "pk")
        )
        current, former = split_memberships(memberships, today, key=lambda m: m.city_id)
        chosen = memoize(
            "network-lists",
            (network.pk, DETAIL_LIST_LIMIT, PAST_EVENTS_LIMIT),
            lambda: network_lists(network),
        )
        events = events_split(chosen["events"])
        events_url = event_listing_url(network=network.slug)
        return {
            "current_memberships": current,
            "former_memberships": former,
            "events": events["all"],
            "upcoming_events": events["upcoming"],
            "past_events": events["past"],
            "event_counts": chosen["events"]["counts"],
            "upcoming_events_url": f"{events_url}&when=upcoming",
            "past_events_url": f"{events_url}&when=past",
            "news_items": ChosenRows(
                NewsItem.objects.published().for_cards().select_related("image"),
                chosen["news"],
            ),
            "documents": network.documents.prefetch_related("files").order_by("-year", "pk"),
        }

    def get_structured_data(self, context):
        network = structured_data.network_data(
            self.object, events=context["events"], news_items=context["news_items"]
        )
        trail = [
            (gettext("Networks"), reverse("networks:network_list")),
            (network["name"], self.object.get_absolute_url()),
        ]
        return [network, structured_data.breadcrumb_list(trail)]


def split_memberships(memberships, today, key):
    """``(current, former)`` memberships, each city or network (``key``) named once.

    Current: in force today, in the order of ``memberships``. Former: ended, of a city or
    network that is not a member again today (its latest spell), who left most recently first.
    Memberships that start later are in neither list yet.
    """
    current, former, seen = [], [], set()
    memberships = list(memberships)
    for membership in memberships:
        if is_current(membership, today) and key(membership) not in seen:
            seen.add(key(membership))
            current.append(membership)
    ended = [m for m in memberships if m.left is not None and m.left <= today]
    for membership in sorted(ended, key=lambda m: m.left, reverse=True):
        if key(membership) not in seen:
            seen.add(key(membership))
            former.append(membership)
    return current, former


def hosted_events_lists(events, limit=DETAIL_LIST_LIMIT, past_limit=PAST_EVENTS_LIMIT):
    """The ids of upcoming events (soonest first) and of the latest past ones, and their counts.

    Upcoming and past follow the events listing's rule and order (``upcoming_condition``), so
    the counts match the listing the page links to; the day is part of every memo. One query:
    each run is numbered and counted by a window over its own rows.
    """
    upcoming = upcoming_condition()
    is_upcoming = Case(When(upcoming, then=Value(True)), default=Value(False))
    # Upcoming: soonest first (the start date, then the time); past: latest first. The keys
    # of one run are null in the other, so one ordering serves both.
    order = [
        Case(When(upcoming, then=F("start_date"))).asc(),
        Case(When(upcoming, then=F("start_time"))).asc(nulls_first=True),
        F("start_date").desc(),
        F("pk").desc(),
    ]
    rows = (
        events.annotate(
            is_upcoming=is_upcoming,
            position=Window(RowNumber(), partition_by=[is_upcoming], order_by=order),
            total=Window(Count("pk"), partition_by=[is_upcoming]),
        )
        .filter(position__lte=max(limit, past_limit))
        .order_by("-is_upcoming", "position")
        .values_list("is_upcoming", "pk", "total")
    )
    chosen = {True: [], False: []}
    counts = {True: 0, False: 0}
    for row_is_upcoming, pk, total in rows:
        chosen[row_is_upcoming].append(pk)
        counts[row_is_upcoming] = total
    return {
        "upcoming": chosen[True][:limit],
        "past": chosen[False][:past_limit],
        "counts": {"upcoming": counts[True], "past": counts[False]},
    }


def events_split(chosen):
    """``{"all", "upcoming", "past"}`` rows of the memoized ids: one query for both parts."""
    events = ChosenRows(
        Event.objects.published()
        .for_cards()
        .prefetch_related(Prefetch("host_cities", queryset=City.objects.all())),
        chosen["upcoming"] + chosen["past"],
    )
    return {
        "all": events,
        "upcoming": events.part(chosen["upcoming"]),
        "past": events.part(chosen["past"]),
    }


def event_listing_url(**filters):
    """The events listing filtered like a detail page's events (``?city=lisbon``)."""
    return f"{reverse('events:event_list')}?{urlencode(filters)}"


def members_among_results(facets, count):
    """How many of a city listing's ``count`` results are current members, read from the
    status facet: its counts apply every other filter, and a chosen status decides alone."""
    status = next(facet for facet in facets if facet.param == "status")
    chosen = [option.value for option in status.selected_options]
    if chosen:
        return count if City.Status.MEMBER in chosen else 0
    return next(
        (option.count for option in status.options if option.value == City.Status.MEMBER), 0
    )


def city_lists(city, limit=DETAIL_LIST_LIMIT):
    """The ids of a city's latest practices, events and news (memoized by the page)."""
    return {
        "practices": list(
            Practice.objects.published()
            .filter(city_links__city=city)
            .latest_first()
            .values_list("pk", flat=True)[:limit]
        ),
        "events": hosted_events_lists(
            Event.objects.published().filter(host_links__city=city), limit
        ),
        "news": list(
            NewsItem.objects.published()
            .filter(city_links__city=city)
            .order_by("-date", "-pk")
            .values_list("pk", flat=True)[:limit]
        ),
    }


def network_lists(network, limit=DETAIL_LIST_LIMIT):
    """The ids of a network's events (upcoming and latest past) and latest news (memoized)."""
    return {
        "events": hosted_events_lists(Event.objects.published().filter(network=network), limit),
        "news": list(
            network.news_items.published()
            .order_by("-date", "-pk")
            .values_list("pk", flat=True)[:limit]
        ),
    }
