"""The page types the bench measures, their paths, and what one request of each costs.

``page_types()`` picks, from the generated database, the paths of every page type in every
site language: home; each listing unfiltered, filtered and deep in its pages; each detail page
(many different items); search with one and with two words; the feeds. ``probe()`` then
requests each page type through Django's test client in this process, with the database
queries captured: SQL queries per request, status, HTML bytes (raw, and on the wire when the
response is compressed). Timing is not measured here: that is gunicorn's and Locust's job.
"""

import contextlib
import gzip
import zlib
from dataclasses import asdict, dataclass, field
from urllib.parse import quote_plus

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

DETAIL_SAMPLE = 30
FILTER_SAMPLE = 10
DEEP_PAGE = 50
PROBED_PATHS = 3
# ATOMIC_REQUESTS wraps every view in a transaction; its statements are not page queries.
TRANSACTION_STATEMENTS = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
# What a browser sends (and what the load generator sends too).
REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate, br",
    # The documented load balancer terminates TLS and says so.
    "X-Forwarded-Proto": "https",
}
SEARCH_WORDS = {
    "en": (
        ["refugees", "school", "festival", "mediation", "housing", "rumours"],
        ["refugees welcome", "school parents", "festival music", "mediation conflict",
         "housing tenants", "rumours stereotypes"],
    ),
    "fr": (
        ["réfugiés", "école", "festival", "médiation", "logement", "rumeurs"],
        ["réfugiés accueil", "école parents", "festival musique", "médiation conflit",
         "logement locataires", "rumeurs stéréotypes"],
    ),
}  # fmt: skip
CEILINGS = (
    ("ceiling-rendered", "ceiling: rendered 20 KB template", "/bench/ceiling/rendered/"),
    ("ceiling-constant", "ceiling: constant 20 KB response", "/bench/ceiling/constant/"),
)


@dataclass
class PageType:
    """One measured page type: a label, a category (for the targets) and its paths."""

    key: str
    label: str
    category: str  # home, listing, detail, search, feed or ceiling
    language: str
    paths: list
    probe: dict = field(default_factory=dict)

    def as_dict(self):
        return asdict(self)


def ceilings():
    return [PageType(key, label, "ceiling", "", [path]) for key, label, path in CEILINGS]


def page_types(quick=False):
    """Every page type in every site language (``quick``: a handful, in English only)."""
    from cities.models import City, Network
    from events.models import Event
    from news.models import NewsItem
    from practices.models import Practice, Topic

    def spread(queryset, count):
        """``count`` items spread over the whole table, so no single row is always hot."""
        pks = list(queryset.order_by("pk").values_list("pk", flat=True))
        step = max(1, len(pks) // count)
        chosen = pks[::step][:count]
        return list(queryset.filter(pk__in=chosen).order_by("pk"))

    details = {
        "city": spread(City.objects.published(), DETAIL_SAMPLE),
        "network": spread(Network.objects.published(), DETAIL_SAMPLE),
        "event": spread(Event.objects.published(), DETAIL_SAMPLE),
        "news item": spread(NewsItem.objects.published(), DETAIL_SAMPLE),
        "practice": spread(Practice.objects.published(), DETAIL_SAMPLE),
    }
    # Filters a visitor would combine, taken from real items so every listing has results.
    practice_filters = [
        f"topic={practice.topics.order_by('position').first().slug}"
        f"&year={practice.first_year}&country={practice.country}"
        for practice in spread(
            Practice.objects.published().filter(
                first_year__isnull=False, topic_links__isnull=False
            ),
            FILTER_SAMPLE,
        )
    ]
    event_filters = [
        f"country={event.country}&kind={event.kind}"
        for event in spread(Event.objects.published().exclude(country=""), FILTER_SAMPLE)
    ]
    news_filters = [f"topic={slug}" for slug in Topic.objects.values_list("slug", flat=True)]
    city_filters = sorted(
        {f"country={code}" for code in City.objects.published().values_list("country", flat=True)}
    )[:FILTER_SAMPLE]
    network_filters = ["kind=national", "kind=regional"] + [
        f"country={code}" for code in Network.objects.published().values_list("country", flat=True)
    ][:FILTER_SAMPLE]
    listings = [
        ("cities", "cities:city_list", city_filters),
        ("networks", "networks:network_list", network_filters),
        ("events", "events:event_list", event_filters),
        ("news", "news:news_list", news_filters[:FILTER_SAMPLE]),
        ("practices", "practices:practice_list", practice_filters),
    ]
    languages = ["en"] if quick else [code for code, _name in settings.LANGUAGES]
    types = []
    for language in languages:
        with translation.override(language):

            def add(key, label, category, paths, language=language):
                types.append(PageType(f"{key}-{language}", label, category, language, paths))

            add("home", "home", "home", [reverse("home")])
            for name, url_name, filters in listings:
                if quick and name != "practices":
                    continue
                listing = reverse(url_name)
                add(f"{name}-list", f"{name} listing", "listing", [listing])
                add(
                    f"{name}-list-filtered",
                    f"{name} listing, filtered",
                    "listing",
                    [f"{listing}?{query}" for query in filters] or [listing],
                )
                # The page number is found by the probe (page 50, or the last if fewer).
                add(f"{name}-list-deep", f"{name} listing, deep page", "listing", [listing])
            for name, items in details.items():
                if quick and name != "practice":
                    continue
                add(
                    f"{name.replace(' ', '-')}-detail",
                    f"{name} detail",
                    "detail",
                    [item.get_absolute_url() for item in items],
                )
            search = reverse("search:search")
            one_word, two_words = SEARCH_WORDS.get(language, SEARCH_WORDS["en"])
            add(
                "search-1",
                "search, one word",
                "search",
                [f"{search}?q={quote_plus(w)}" for w in one_word],
            )
            if not quick:
                add(
                    "search-2",
                    "search, two words",
                    "search",
                    [f"{search}?q={quote_plus(w)}" for w in two_words],
                )
                feeds = [
                    reverse(f"{app}:feed_{kind}")
                    for app in ("news", "events", "practices")
                    for kind in ("rss", "atom")
                ]
                add("feeds", "feeds (RSS and Atom)", "feed", feeds)
    return types


def probe(types):
    """Fill each page type's ``probe``: status, SQL queries, bytes; fix the deep page paths.

    A page type that does not answer 200 gets ``probe["error"]`` and is not load-tested.
    Each page type's first path is requested once before counting, so a once-a-day catch-up
    (the search index's) or a first-request cache fill is not taken for the page's cost.
    """
    from django.test.utils import setup_test_environment

    # The test environment records the template context of responses (for the deep pages).
    with contextlib.suppress(RuntimeError):  # already set up (the test suite)
        setup_test_environment(debug=False)
    client = Client(headers=REQUEST_HEADERS)
    for page_type in types:
        if page_type.key.split("-")[-3:-1] == ["list", "deep"]:
            _resolve_deep_page(client, page_type)
        queries, raw, wire, encodings = [], [], [], set()
        with contextlib.suppress(Exception):  # the counted requests below report it
            client.get(page_type.paths[0])
        for path in page_type.paths[:PROBED_PATHS]:
            try:
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
            except Exception as error:  # noqa: BLE001 - a broken page is reported, not fatal
                page_type.probe = {"error": f"{path} raised {type(error).__name__}: {error}"[:300]}
                break
            if response.status_code != 200:
                page_type.probe = {"error": f"{path} answered {response.status_code}"}
                break
            queries.append(
                sum(not query["sql"].startswith(TRANSACTION_STATEMENTS) for query in captured)
            )
            body = b"".join(response.streaming_content) if response.streaming else response.content
            encoding = response.get("Content-Encoding", "")
            encodings.add(encoding or "identity")
            wire.append(len(body))
            raw.append(len(decompress(body, encoding)))
        else:
            page_type.probe = {
                "queries": max(queries),
                "queries_min": min(queries),
                "raw_bytes": round(sum(raw) / len(raw)),
                "wire_bytes": round(sum(wire) / len(wire)),
                "encoding": "/".join(sorted(encodings)),
            }
    return types


def decompress(body, encoding):
    """The body as the browser sees it after decoding ``Content-Encoding``."""
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    if encoding == "br":
        import brotli  # present whenever a Brotli-compressing middleware is installed

        return brotli.decompress(body)
    return body


def _resolve_deep_page(client, page_type):
    """Point a deep-page type at page 50 of its listing, or its last page if it has fewer."""
    listing = page_type.paths[0]
    try:
        response = client.get(listing)
        pages = response.context["page_obj"].paginator.num_pages
    except Exception:  # noqa: BLE001 - the probe of the page itself reports the failure
        return
    page_type.paths = [f"{listing}?page={min(DEEP_PAGE, pages)}"]
    page_type.label = f"{page_type.label.split(',')[0]}, page {min(DEEP_PAGE, pages)}"
