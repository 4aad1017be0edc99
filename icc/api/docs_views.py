"""The API's documentation page for people, ``/<language>/api/``: rendered on the server, in
the site's design, without JavaScript. Its tables of parameters are built from the FilterSets,
like the OpenAPI schema, so the page and the API never disagree."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from cities.filters import CityFilterSet, NetworkFilterSet
from cities.index_downloads import IndexResultFilterSet
from events.filters import EventFilterSet
from news.filters import NewsFilterSet
from practices.filters import PracticeFilterSet

from .errors import INVALID_PARAMETERS_MESSAGE
from .filters import DocumentFilterSet, api_filters
from .languages import ALL_LANGUAGES, language_codes, unknown_language_message
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from .throttling import API_LIMIT

ENDPOINTS = [
    # (path, router basename, title, lookup, FilterSet, listing URL name, order)
    ("cities", "city", _("Member cities"), "slug", CityFilterSet, "cities:city_list",
     _("Current members, then former members, each by name in the language of the answer.")),
    ("networks", "network", _("Networks, with their memberships"), "slug", NetworkFilterSet,
     "networks:network_list", _("By name, in the language of the answer.")),
    ("events", "event", _("Events"), "slug", EventFilterSet, "events:event_list",
     _("Upcoming events first, soonest first, then past events, latest first.")),
    ("news", "news", _("News"), "slug", NewsFilterSet, "news:news_list",
     _("Latest first. An item dated in the future appears on its date.")),
    ("practices", "practice", _("Good practices"), "slug", PracticeFilterSet,
     "practices:practice_list", _("Latest published first.")),
    ("topics", "topic", _("Topics of the good practices"), "slug", None, None,
     _("In the order of the site.")),
    ("documents", "document", _("Documents used by published items"), "id", DocumentFilterSet,
     None, _("Latest added first.")),
    ("index-results", "index-result", _("ICC Index results"), "id", IndexResultFilterSet,
     None, _("Latest year first.")),
]  # fmt: skip

_RATE = re.compile(r"^\s*(?P<count>\d+)\s*/\s*(?P<number>\d*)\s*(?P<unit>[smhd])", re.I)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_limit_parts(rate):
    """``(requests, seconds)`` of a django-ratelimit rate such as "120/m" (None if none)."""
    match = _RATE.match(rate or "")
    if not match:
        return None
    seconds = int(match["number"] or 1) * _UNIT_SECONDS[match["unit"].lower()]
    return int(match["count"]), seconds


class ApiDocumentationView(TemplateView):
    template_name = "api/documentation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        absolute = self.request.build_absolute_uri
        endpoints = []
        for name, basename, title, lookup, filterset_class, listing, order in ENDPOINTS:
            list_url = reverse(f"api:{basename}-list")
            endpoints.append(
                {
                    "name": name,
                    "title": title,
                    "list_url": list_url,
                    "detail_path": f"{list_url}{{{lookup}}}/",
                    "filters": api_filters(filterset_class) if filterset_class else [],
                    "listing_url": reverse(listing) if listing else "",
                    "order": order,
                }
            )
        rate = rate_limit_parts(settings.RATE_LIMITS.get(API_LIMIT))
        language = translation.get_language() or settings.LANGUAGE_CODE
        context.update(
            endpoints=endpoints,
            api_root=absolute(reverse("api:root")),
            schema_url=absolute(reverse("api:schema")),
            example_url=absolute(
                f"{reverse('api:practice-list')}?lang={language}&topic=education&page_size=5"
            ),
            languages=settings.LANGUAGES,
            all_languages=ALL_LANGUAGES,
            default_language=settings.LANGUAGE_CODE,
            other_language=next(
                (code for code in language_codes() if code != settings.LANGUAGE_CODE),
                settings.LANGUAGE_CODE,
            ),
            invalid_parameters_message=INVALID_PARAMETERS_MESSAGE,
            unknown_language_message=unknown_language_message("xx"),
            default_page_size=DEFAULT_PAGE_SIZE,
            max_page_size=MAX_PAGE_SIZE,
            rate_requests=rate[0] if rate else None,
            rate_seconds=rate[1] if rate else None,
        )
        return context
