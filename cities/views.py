"""Public pages of member cities and networks."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone, translation

from events.models import Event
from icc.facets import FacetedListView
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
    paginate_by = 30

    def get_base_queryset(self):
        return City.objects.published().order_by(name_ordering(), "pk")


class CityDetailView(PreviewableDetailView):
    model = City
    template_name = "cities/city_detail.html"

    def get_public_queryset(self):
        return super().get_public_queryset().select_related("image")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = self.object
        today = timezone.localdate()
        memberships = list(
            NetworkMembership.objects.filter(city=city, network__is_published=True)
            .select_related("network")
            .order_by("-joined", "pk")
        )
        context.update(
            current_memberships=[m for m in memberships if is_current(m, today)],
            former_memberships=[m for m in memberships if not is_current(m, today)],
            practices=Practice.objects.published()
            .for_cards()
            .filter(city_links__city=city)
            .prefetch_related("cities")
            .latest_first()[:DETAIL_LIST_LIMIT],
            hosted_events=Event.objects.published()
            .for_cards()
            .filter(host_links__city=city)
            .prefetch_related("host_cities")
            .order_by("-start_date", "-pk")[:DETAIL_LIST_LIMIT],
            news_items=NewsItem.objects.published()
            .for_cards()
            .filter(city_links__city=city)
            .select_related("image")
            .order_by("-date", "-pk")[:DETAIL_LIST_LIMIT],
            documents=city.documents.prefetch_related("files").order_by("-year", "pk"),
        )
        return context


class NetworkListView(FacetedListView):
    model = Network
    filterset_class = NetworkFilterSet
    template_name = "cities/network_list.html"
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        network = self.object
        today = timezone.localdate()
        memberships = (
            network.memberships.filter(city__is_published=True)
            .select_related("city")
            .order_by(f"city__{name_ordering()}", "joined", "pk")
        )
        current = memberships.filter(current_membership_condition(on=today))
        context.update(
            current_memberships=list(current),
            former_memberships=list(memberships.filter(left__lte=today).order_by("-left", "pk")),
            events=Event.objects.published()
            .for_cards()
            .filter(network=network)
            .prefetch_related(Prefetch("host_cities", queryset=City.objects.all()))
            .order_by("-start_date", "-pk")[:DETAIL_LIST_LIMIT],
            news_items=network.news_items.published()
            .for_cards()
            .select_related("image")
            .order_by("-date", "-pk")[:DETAIL_LIST_LIMIT],
            documents=network.documents.prefetch_related("files").order_by("-year", "pk"),
        )
        return context
