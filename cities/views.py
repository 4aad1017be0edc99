"""Public pages of member cities and networks."""

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.models import Event
from icc import structured_data
from icc.caching.memo import memoize
from icc.facets import FacetedListView
from icc.models import ChosenRows
from icc.views import PreviewableDetailView
from news.models import NewsItem
from practices.models import Practice

from .filters import CityFilterSet, NetworkFilterSet
from .models import City, Network, NetworkMembership

DETAIL_LIST_LIMIT = 20


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
    model = City
    filterset_class = CityFilterSet
    template_name = "cities/city_list.html"
    download_url_name = "cities:download"
    paginate_by = 30

    def get_base_queryset(self):
        return City.objects.published().order_by(name_ordering(), "pk")


class CityDetailView(PreviewableDetailView):
    model = City
    template_name = "cities/city_detail.html"
    body_template_name = "cities/includes/city_page_body.html"

    def get_public_queryset(self):
        return super().get_public_queryset().select_related("image")

    def get_body_context(self):
        context = {}
        city = self.object
        today = timezone.localdate()
        memberships = list(
            NetworkMembership.objects.filter(city=city, network__is_published=True)
            .select_related("network")
            .order_by("-joined", "pk")
        )
        chosen = memoize("city-lists", (city.pk, DETAIL_LIST_LIMIT), lambda: city_lists(city))
        context.update(
            current_memberships=[m for m in memberships if is_current(m, today)],
            former_memberships=[m for m in memberships if not is_current(m, today)],
            practices=ChosenRows(
                Practice.objects.published().for_cards().prefetch_related("cities"),
                chosen["practices"],
            ),
            hosted_events=ChosenRows(
                Event.objects.published().for_cards().prefetch_related("host_cities"),
                chosen["events"],
            ),
            news_items=ChosenRows(
                NewsItem.objects.published().for_cards().select_related("image"),
                chosen["news"],
            ),
            documents=city.documents.prefetch_related("files").order_by("-year", "pk"),
        )
        return context

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
        context = {}
        network = self.object
        today = timezone.localdate()
        memberships = (
            network.memberships.filter(city__is_published=True)
            .select_related("city")
            .order_by(f"city__{name_ordering()}", "joined", "pk")
        )
        current = memberships.filter(current_membership_condition(on=today))
        chosen = memoize(
            "network-lists", (network.pk, DETAIL_LIST_LIMIT), lambda: network_lists(network)
        )
        context.update(
            current_memberships=list(current),
            former_memberships=list(memberships.filter(left__lte=today).order_by("-left", "pk")),
            events=ChosenRows(
                Event.objects.published()
                .for_cards()
                .prefetch_related(Prefetch("host_cities", queryset=City.objects.all())),
                chosen["events"],
            ),
            news_items=ChosenRows(
                NewsItem.objects.published().for_cards().select_related("image"),
                chosen["news"],
            ),
            documents=network.documents.prefetch_related("files").order_by("-year", "pk"),
        )
        return context

    def get_structured_data(self, context):
        network = structured_data.network_data(
            self.object, events=context["events"], news_items=context["news_items"]
        )
        trail = [
            (gettext("Networks"), reverse("networks:network_list")),
            (network["name"], self.object.get_absolute_url()),
        ]
        return [network, structured_data.breadcrumb_list(trail)]


def city_lists(city, limit=DETAIL_LIST_LIMIT):
    """The ids of a city's latest practices, events and news (memoized by the page)."""
    return {
        "practices": list(
            Practice.objects.published()
            .filter(city_links__city=city)
            .latest_first()
            .values_list("pk", flat=True)[:limit]
        ),
        "events": list(
            Event.objects.published()
            .filter(host_links__city=city)
            .order_by("-start_date", "-pk")
            .values_list("pk", flat=True)[:limit]
        ),
        "news": list(
            NewsItem.objects.published()
            .filter(city_links__city=city)
            .order_by("-date", "-pk")
            .values_list("pk", flat=True)[:limit]
        ),
    }


def network_lists(network, limit=DETAIL_LIST_LIMIT):
    """The ids of a network's latest events and news (memoized by the page)."""
    return {
        "events": list(
            Event.objects.published()
            .filter(network=network)
            .order_by("-start_date", "-pk")
            .values_list("pk", flat=True)[:limit]
        ),
        "news": list(
            network.news_items.published()
            .order_by("-date", "-pk")
            .values_list("pk", flat=True)[:limit]
        ),
    }
