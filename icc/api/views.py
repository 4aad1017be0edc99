"""The API's endpoints: one read-only viewset per kind of content, each from ``published()``.

A list is filtered by the listing's own FilterSet (``icc.api.filters``) and paged by cursor in
the listing's order (``icc.api.pagination``); an item is found by its slug (a document by its
id) among the published ones only, so anything else is a 404. Every answer is JSON with a
strong ETag (a 304 when the client's copy is current), CORS headers (settings ``CORS_*``) and
counts against the rate limit ``RATE_LIMITS["api"]``.
"""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from cities.filters import CityFilterSet, NetworkFilterSet
from cities.index_downloads import IndexResultFilterSet
from cities.models import City, IndexAreaScore, IndexResult, Network, NetworkMembership
from events.filters import EventFilterSet, upcoming_condition
from events.models import Event
from icc.caching.middleware import strong_etag
from icc.models import Document
from news.filters import NewsFilterSet
from news.models import NewsItem
from practices.filters import PracticeFilterSet
from practices.models import Adaptation, Practice, Topic

from . import serializers as api_serializers
from .filters import DocumentFilterSet, ListingFilterBackend
from .languages import ALL_LANGUAGES, language_codes, requested_language
from .pagination import KeysetPagination, Run, SortKey
from .selectors import public_documents
from .throttling import AddressRateThrottle

# Browsers and proxies may keep an answer but ask each time (a 304 costs no body).
API_CACHE_CONTROL = "public, max-age=0, must-revalidate"


class ApiResponseMixin:
    """What every answer of the API has: the rate limit, an ETag and the headers for reuse."""

    throttle_classes = [AddressRateThrottle]
    # The data is for any site to read (CORS); CORP "same-origin" would only confuse that.
    cross_origin_resource_policy = "cross-origin"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            response["ETag"] = strong_etag(response.content)
            response["Cache-Control"] = API_CACHE_CONTROL
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        response["Cross-Origin-Resource-Policy"] = self.cross_origin_resource_policy
        return response


class PublicViewSet(ApiResponseMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint of published items, in the language the client asks for."""

    filter_backends = [ListingFilterBackend]
    pagination_class = KeysetPagination
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = None
    detail_serializer_class = None
    language = settings.LANGUAGE_CODE
    ignored_filters = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language = requested_language(request)
        # Filters and orders that depend on the language (a name, a text search) follow it.
        translation.activate(self.text_language)
        request.LANGUAGE_CODE = self.text_language

    @property
    def text_language(self):
        """The language of the filters and the order: the answer's, the default with "all"."""
        return settings.LANGUAGE_CODE if self.language == ALL_LANGUAGES else self.language

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context.update(language=self.language, today=timezone.localdate())
        return context

    def get_queryset(self):
        return self.with_relations(self.public_queryset(), detail=self.action == "retrieve")

    def public_queryset(self):
        raise NotImplementedError

    def with_relations(self, queryset, detail):
        """``queryset`` with what the serializer reads (more for one item than for a list)."""
        return queryset

    def sort_runs(self):
        """The list's order, as the listing page has it: a list of ``Run``."""
        return [Run(keys=(SortKey("pk"),))]

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        data = self.get_serializer(page, many=True).data
        extra = {"language": self.language, "ignored_filters": list(self.ignored_filters)}
        return self.paginator.get_paginated_response(data, extra=extra)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        language = getattr(self, "language", settings.LANGUAGE_CODE)
        codes = language_codes() if language == ALL_LANGUAGES else [language]
        response["Content-Language"] = ", ".join(codes)
        patch_vary_headers(response, ["Accept-Language"])
        if self.ignored_filters:
            response["X-Ignored-Filters"] = ", ".join(self.ignored_filters)
        return response


def documents_prefetch():
    return Prefetch(
        "documents",
        queryset=Document.objects.prefetch_related("files").order_by("-year", "pk"),
        to_attr="public_documents",
    )


def published_cities(language):
    return City.objects.published().order_by(f"name_{language}", "pk")


def published_networks(language):
    return Network.objects.published().order_by(f"name_{language}", "pk")


def public_adaptations(language):
    """A practice's published adaptations by published cities, latest first ("transfer")."""
    adaptations = (
        Adaptation.objects.filter(status=Adaptation.Status.PUBLISHED, city__is_published=True)
        .select_related("city")
        .order_by("-year", f"city__name_{language}", "pk")
    )
    return Prefetch("adaptations", queryset=adaptations, to_attr="public_adaptations")


def sorted_topics(language):
    return Topic.objects.order_by("position", f"name_{language}", "pk")


def by_name(language):
    """The order of the cities and networks listings: the name in the reader's language."""
    return [Run(keys=(SortKey(f"name_{language}"), SortKey("pk")))]


LIST_NOTE = (
    "Lists give every field but the long texts, which the item's own address gives with "
    "its documents. Filters have the names and meanings of the listing page on the site."
)


@extend_schema_view(
    list=extend_schema(
        summary="Member cities",
        description=(
            "Current members, then former members, each by name in the answer's language. "
            f"{LIST_NOTE}"
        ),
    ),
    retrieve=extend_schema(summary="A member city, with its profile and documents"),
)
class CityViewSet(PublicViewSet):
    filterset_class = CityFilterSet
    serializer_class = api_serializers.CitySerializer
    detail_serializer_class = api_serializers.CityDetailSerializer

    def public_queryset(self):
        return City.objects.published()

    def with_relations(self, queryset, detail):
        memberships = (
            NetworkMembership.objects.filter(network__is_published=True)
            .select_related("network")
            .order_by(f"network__name_{self.text_language}", "joined", "pk")
        )
        queryset = queryset.select_related("image").prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="public_memberships")
        )
        return queryset.prefetch_related(documents_prefetch()) if detail else queryset

    def sort_runs(self):
        # As the listing: current members, then former members, each by name.
        member = Q(status=City.Status.MEMBER)
        keys = (SortKey(f"name_{self.text_language}"), SortKey("pk"))
        return [
            Run(name="members", condition=member, keys=keys),
            Run(name="former", condition=~member, keys=keys),
        ]


@extend_schema_view(
    list=extend_schema(
        summary="National and regional networks, with their memberships",
        description=f"By name in the answer's language. {LIST_NOTE}",
    ),
    retrieve=extend_schema(summary="A network, with its description and documents"),
)
class NetworkViewSet(PublicViewSet):
    filterset_class = NetworkFilterSet
    serializer_class = api_serializers.NetworkSerializer
    detail_serializer_class = api_serializers.NetworkDetailSerializer

    def public_queryset(self):
        return Network.objects.published()

    def with_relations(self, queryset, detail):
        memberships = (
            NetworkMembership.objects.filter(city__is_published=True)
            .select_related("city")
            .order_by(f"city__name_{self.text_language}", "joined", "pk")
        )
        queryset = queryset.prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="public_memberships")
        )
        return queryset.prefetch_related(documents_prefetch()) if detail else queryset

    def sort_runs(self):
        return by_name(self.text_language)


@extend_schema_view(
    list=extend_schema(
        summary="Events",
        description=(
            "Upcoming events first (soonest first), then past events (latest first), as on the "
            f"events listing. {LIST_NOTE}"
        ),
    ),
    retrieve=extend_schema(summary="An event, with its description and documents"),
)
class EventViewSet(PublicViewSet):
    filterset_class = EventFilterSet
    serializer_class = api_serializers.EventSerializer
    detail_serializer_class = api_serializers.EventDetailSerializer

    def public_queryset(self):
        return Event.objects.published()

    def with_relations(self, queryset, detail):
        hosts = Prefetch(
            "host_cities",
            queryset=published_cities(self.text_language),
            to_attr="public_host_cities",
        )
        queryset = queryset.select_related("network", "image").prefetch_related(hosts)
        return queryset.prefetch_related(documents_prefetch()) if detail else queryset.for_cards()

    def sort_runs(self):
        upcoming = upcoming_condition()
        return [
            Run(
                name="upcoming",
                condition=upcoming,
                keys=(
                    SortKey("start_date"),
                    SortKey("start_time", nulls_first=True),
                    SortKey("pk", descending=True),
                ),
            ),
            Run(
                name="past",
                condition=~upcoming,
                keys=(SortKey("start_date", descending=True), SortKey("pk", descending=True)),
            ),
        ]


@extend_schema_view(
    list=extend_schema(
        summary="News",
        description=f"Latest first. Items dated in the future appear on their date. {LIST_NOTE}",
    ),
    retrieve=extend_schema(summary="A news item, with its body and documents"),
)
class NewsViewSet(PublicViewSet):
    filterset_class = NewsFilterSet
    serializer_class = api_serializers.NewsItemSerializer
    detail_serializer_class = api_serializers.NewsItemDetailSerializer

    def public_queryset(self):
        return NewsItem.objects.published()

    def with_relations(self, queryset, detail):
        language = self.text_language
        queryset = queryset.select_related("image").prefetch_related(
            Prefetch("topics", queryset=sorted_topics(language), to_attr="sorted_topics"),
            Prefetch("cities", queryset=published_cities(language), to_attr="public_cities"),
            Prefetch("networks", queryset=published_networks(language), to_attr="public_networks"),
            Prefetch(
                "events",
                queryset=Event.objects.published().for_cards().order_by("-start_date", "-pk"),
                to_attr="public_events",
            ),
            "videos",
        )
        return queryset.prefetch_related(documents_prefetch()) if detail else queryset.for_cards()

    def sort_runs(self):
        return [Run(keys=(SortKey("date", descending=True), SortKey("pk", descending=True)))]


@extend_schema_view(
    list=extend_schema(
        summary="Good practices",
        description=f"Latest published first, as on the good-practices listing. {LIST_NOTE}",
    ),
    retrieve=extend_schema(summary="A good practice, with every section, images and documents"),
)
class PracticeViewSet(PublicViewSet):
    filterset_class = PracticeFilterSet
    serializer_class = api_serializers.PracticeSerializer
    detail_serializer_class = api_serializers.PracticeDetailSerializer

    def public_queryset(self):
        return Practice.objects.published()

    def with_relations(self, queryset, detail):
        language = self.text_language
        queryset = queryset.prefetch_related(
            Prefetch("cities", queryset=published_cities(language), to_attr="public_cities"),
            Prefetch("topics", queryset=sorted_topics(language), to_attr="sorted_topics"),
        )
        if detail:
            return queryset.prefetch_related(
                "images", documents_prefetch(), public_adaptations(language)
            ).select_related("inspired_by")  # "transfer"
        return queryset.for_cards()

    def sort_runs(self):
        keys = (SortKey("published_at", descending=True), SortKey("pk", descending=True))
        return [Run(keys=keys)]


@extend_schema_view(
    list=extend_schema(
        summary="Topics of the good practices",
        description="In the order the site shows them. Their slugs are the values of `topic`.",
    ),
    retrieve=extend_schema(summary="A topic"),
)
class TopicViewSet(PublicViewSet):
    serializer_class = api_serializers.TopicSerializer

    def public_queryset(self):
        return Topic.objects.all()

    def sort_runs(self):
        keys = (SortKey("position"), SortKey(f"name_{self.text_language}"), SortKey("pk"))
        return [Run(keys=keys)]


@extend_schema_view(
    list=extend_schema(
        summary="Documents used by published items",
        description=(
            "Reports, agendas, guides and Index reports attached to a published city, network, "
            "event, news item or good practice, the latest added first; one file per language."
        ),
    ),
    retrieve=extend_schema(summary="A document"),
)
class DocumentViewSet(PublicViewSet):
    filterset_class = DocumentFilterSet
    serializer_class = api_serializers.DocumentItemSerializer
    lookup_field = "pk"
    lookup_url_kwarg = "pk"
    lookup_value_regex = r"[0-9]{1,18}"

    def public_queryset(self):
        return public_documents()

    def with_relations(self, queryset, detail):
        return queryset.prefetch_related("files")

    def sort_runs(self):
        return [Run(keys=(SortKey("pk", descending=True),))]


# --- ICC Index results (helper "index") -------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="ICC Index results of the member cities",
        description=(
            "One result per city and year: the overall score and the score of each policy area "
            "(a topic), out of 100. Latest year first (then the latest entered first)."
        ),
    ),
    retrieve=extend_schema(summary="An ICC Index result"),
)
class IndexResultViewSet(PublicViewSet):
    filterset_class = IndexResultFilterSet
    serializer_class = api_serializers.IndexResultSerializer
    lookup_field = "pk"
    lookup_url_kwarg = "pk"
    lookup_value_regex = r"[0-9]{1,18}"

    def public_queryset(self):
        return IndexResult.objects.published()

    def with_relations(self, queryset, detail):
        scores = IndexAreaScore.objects.select_related("topic").order_by(
            "topic__position", f"topic__name_{self.text_language}", "pk"
        )
        return queryset.select_related("city").prefetch_related(
            Prefetch("area_scores", queryset=scores, to_attr="sorted_area_scores")
        )

    def sort_runs(self):
        return [Run(keys=(SortKey("year", descending=True), SortKey("pk", descending=True)))]


ENDPOINTS = {
    "cities": "api:city-list",
    "networks": "api:network-list",
    "events": "api:event-list",
    "news": "api:news-list",
    "practices": "api:practice-list",
    "topics": "api:topic-list",
    "documents": "api:document-list",
    "index-results": "api:index-result-list",
}


class ApiRootView(ApiResponseMixin, APIView):
    """The API's entry point: its endpoints, its schema and its documentation."""

    @extend_schema(
        summary="The endpoints of the API",
        responses=inline_serializer(
            "ApiRoot",
            {
                "version": serializers.CharField(),
                "endpoints": serializers.DictField(child=serializers.URLField()),
                "schema": serializers.URLField(),
                "documentation": serializers.URLField(),
            },
        ),
    )
    def get(self, request):
        absolute = request.build_absolute_uri
        return Response(
            {
                "version": "1",
                "endpoints": {name: absolute(reverse(view)) for name, view in ENDPOINTS.items()},
                "schema": absolute(reverse("api:schema")),
                "documentation": absolute(reverse("api_documentation")),
            }
        )


class SchemaView(ApiResponseMixin, SpectacularAPIView):
    """The OpenAPI 3 schema: JSON by default (``?format=yaml`` for YAML)."""

    def get_renderers(self):
        # JSON first: what clients and validators expect when they ask for nothing.
        renderers = super().get_renderers()
        return sorted(
            renderers,
            key=lambda renderer: (
                renderer.format != "json",
                renderer.media_type != "application/json",
            ),
        )
