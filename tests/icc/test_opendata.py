"""Open data: each listing's CSV and JSON downloads hold exactly the listing's items.

The reference is the listing page itself: its detail links are collected page by page (pages
are made small here, so every listing has several) and compared, set and order, with the
``url`` column of the CSV and of the JSON, for several filter combinations in every language.
"""

import csv
import datetime
import io
import json
import re
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from cities.downloads import CityDownloadView, NetworkDownloadView
from cities.views import CityListView, NetworkListView
from events.downloads import EventDownloadView
from events.models import Event
from events.views import EventListView
from icc import search_views
from icc.opendata.search import SearchDownloadView
from icc.opendata.views import DownloadView
from news.downloads import NewsDownloadView
from news.views import NewsListView
from practices.downloads import PracticeDownloadView
from practices.models import Practice
from practices.views import PracticeListView
from tests.factories import (
    CityFactory,
    EventFactory,
    MembershipFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
    SecretariatUserFactory,
    TopicFactory,
)
from tests.icc.test_fuzz import fuzz_settings, query_strings

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
FORMATS = ["csv", "json"]
PAGE_SIZE = 4
DOCS = Path(settings.BASE_DIR) / "docs" / "open-data.md"
MAX_DOWNLOAD_QUERIES = 12
SECRET = "hushhush"  # in the title or name of everything that must never be downloaded

# Listing URL name, detail URL prefix (after the language), download view.
LISTINGS = {
    "practices": ("practices:practice_list", "practices", PracticeDownloadView),
    "news": ("news:news_list", "news", NewsDownloadView),
    "events": ("events:event_list", "events", EventDownloadView),
    "cities": ("cities:city_list", "cities", CityDownloadView),
    "networks": ("networks:network_list", "networks", NetworkDownloadView),
}
SEARCH_QUERY = {"en": "refugees", "fr": "réfugiés"}


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    """Several pages with little data; search keeps few ranked ids, so later pages are read
    from the database as they are past the memoized ones."""
    for view in (PracticeListView, NewsListView, EventListView, CityListView, NetworkListView):
        monkeypatch.setattr(view, "paginate_by", PAGE_SIZE)
    monkeypatch.setattr(search_views, "RESULTS_PER_PAGE", 3)
    monkeypatch.setattr(search_views, "RANKED_IDS_KEPT", 5)


# --- Reading pages and downloads ----------------------------------------------------------


def listing_links(client, path, params, language, section):
    """The detail URLs a listing links to, page after page, in the order shown."""
    detail_link = re.compile(rf'href="(/{language}/{section}/[-\w]+/)"')
    found, page = [], 1
    while True:
        response = client.get(path, {**params, "page": page})
        assert response.status_code == 200
        found += dict.fromkeys(detail_link.findall(response.content.decode()))
        page_obj = response.context["page_obj"]
        if page_obj is None or not page_obj.has_next():
            return found
        page += 1


def search_links(client, language, params):
    """The result URLs of the search page, page after page."""
    result_link = re.compile(r'class="result-title"><a href="([^"]+)"')
    found, page = [], 1
    path = reverse("search:search")
    while True:
        response = client.get(path, {**params, "page": page})
        assert response.status_code == 200
        found += result_link.findall(response.content.decode())
        page_obj = response.context["page_obj"]
        if page_obj is None or not page_obj.has_next():
            return found
        page += 1


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(body(response))))


def json_rows(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(body(response))


def download(client, url_name, url_format, params):
    response = client.get(reverse(url_name, kwargs={"format": url_format}), params)
    assert response.status_code == 200
    return csv_rows(response) if url_format == "csv" else json_rows(response)


def paths(rows):
    return [urlparse(row["url"]).path for row in rows]


# --- The content ----------------------------------------------------------------------------


@pytest.fixture
def site(db):
    """Published content with varied filters, ties in every order, and hidden content."""
    today = timezone.localdate()
    topics = [TopicFactory(name_en=f"Subject {n}", name_fr=f"Sujet {n}") for n in range(3)]
    names = [("Athens", "Athènes"), ("The Hague", "La Haye"), ("Venice", "Venise"),
             ("Geneva", "Genève"), ("Lisbon", "Lisbonne"), ("Cologne", "Cologne"),
             ("Zurich", "Zurich"), ("Bergen", "Bergen"), ("Oslo", "Oslo"),
             ("Eindhoven", "Eindhoven"), ("Munich", "Munich")]  # fmt: skip
    countries = ["GR", "NL", "IT", "CH", "PT", "DE", "CH", "NO", "NO", "NL", "DE"]
    cities = [
        CityFactory(
            name_en=en,
            name_fr=fr,
            country=country,
            joined_year=2010 + n % 4,
            status="former" if n % 5 == 4 else "member",
            is_pilot=n % 3 == 0,
        )  # fmt: skip
        for n, ((en, fr), country) in enumerate(zip(names, countries, strict=True))
    ]
    networks = [
        NetworkFactory(name_en="Spanish network", name_fr="Réseau espagnol", country="ES"),
        NetworkFactory(
            name_en="Alpine network", name_fr="Réseau alpin", kind="regional", country=""
        ),  # fmt: skip
        NetworkFactory(
            name_en="Nordic network", name_fr="Réseau nordique", kind="regional", country="NO"
        ),  # fmt: skip
    ]
    for n, city in enumerate(cities):
        MembershipFactory(network=networks[n % 3], city=city)
    left = MembershipFactory(network=networks[0], city=cities[1])
    left.left = today - datetime.timedelta(days=10)
    left.save()

    published_at = timezone.now() - datetime.timedelta(days=30)
    for n in range(13):
        refugees = n % 4 == 0
        PracticeFactory(
            published=True,
            title_en=f"Welcoming refugees {n}" if refugees else f"Good practice {n}",
            title_fr=f"Accueillir les réfugiés {n}" if refugees else f"Bonne pratique {n}",
            country=cities[n % len(cities)].country,
            cities=[cities[n % len(cities)]],
            topics=topics[: 1 + n % 3],
            first_year=2012 + n % 6,
            last_year=None if n % 2 else 2019,
            is_ongoing=bool(n % 2),
            # Three practices share a publication time: the order falls back on the id.
            published_at=published_at - datetime.timedelta(days=0 if n < 3 else n),
        )
    for n in range(12):
        NewsItemFactory(
            title_en=f"Refugees news {n}" if n % 3 == 0 else f"News {n}",
            title_fr=f"Actualité réfugiés {n}" if n % 3 == 0 else f"Actualité {n}",
            # Several items share a date: the order falls back on the id.
            date=datetime.date(2023 + n % 2, 5, 1 + n % 3),
            cities=[cities[n % 4]],
            topics=[topics[n % 3]],
        ).networks.set([networks[n % 2]] if n % 3 else [])
    for n in range(14):
        start = today + datetime.timedelta(days=(n % 7) - 3 if n < 9 else -400 - n)
        EventFactory(
            title_en=f"Refugees meeting {n}" if n % 5 == 0 else f"Meeting {n}",
            title_fr=f"Réunion réfugiés {n}" if n % 5 == 0 else f"Réunion {n}",
            kind=["meeting", "seminar", "webinar"][n % 3],
            start_date=start,
            end_date=start + datetime.timedelta(days=n % 2),
            # The same day with and without a start time: no time comes first.
            start_time=None if n % 3 else datetime.time(9 + n % 4, 30),
            country=["CH", "FR", ""][n % 3],
            is_online=n % 4 == 0,
            host_cities=[cities[n % 5]],
            network=networks[n % 3] if n % 2 else None,
        )
    hidden = hidden_content(cities, topics, networks)
    return {"cities": cities, "networks": networks, "topics": topics, "hidden": hidden}


def hidden_content(cities, topics, networks):
    """Everything that must never be downloaded, linked to what is public, named ``SECRET``."""
    today = timezone.localdate()
    hidden_city = CityFactory(name_en=f"{SECRET} town", name_fr=f"{SECRET} ville",
                              is_published=False, country="PT")  # fmt: skip
    hidden_network = NetworkFactory(name_en=f"{SECRET} network", is_published=False)
    MembershipFactory(network=hidden_network, city=cities[0])
    for status in set(Practice.Status) - {Practice.Status.PUBLISHED}:
        PracticeFactory(title_en=f"{SECRET} {status}", title_fr=f"{SECRET} {status} fr",
                        status=status, cities=[cities[0]], topics=topics)  # fmt: skip
    # A public practice, news item and event of a hidden city: the city is never named.
    PracticeFactory(published=True, title_en="Refugees of a hidden city",
                    title_fr="Réfugiés d'une ville cachée", cities=[hidden_city])  # fmt: skip
    NewsItemFactory(title_en="Refugees news of hidden places", cities=[hidden_city],
                    date=datetime.date(2023, 5, 1)).networks.set([hidden_network])  # fmt: skip
    EventFactory(title_en="Meeting in a hidden city", host_cities=[hidden_city],
                 network=hidden_network)  # fmt: skip
    NewsItemFactory(title_en=f"{SECRET} draft news", title_fr=f"{SECRET} brouillon",
                    is_published=False, cities=[cities[0]])  # fmt: skip
    NewsItemFactory(title_en=f"{SECRET} future refugees news", title_fr=f"{SECRET} réfugiés futur",
                    date=today + datetime.timedelta(days=1), cities=[cities[0]])  # fmt: skip
    EventFactory(title_en=f"{SECRET} refugees event", title_fr=f"{SECRET} réfugiés événement",
                 is_published=False, host_cities=[cities[0]], start_date=today)  # fmt: skip
    return {"city": hidden_city, "network": hidden_network}


def combinations(name, site):
    """Filter combinations of a listing: single filters, several at once, bad values."""
    city, other_city = site["cities"][0], site["cities"][3]
    topic, other_topic = site["topics"][0], site["topics"][2]
    network = site["networks"][0]
    common = [{}, {"page": "2"}, {"unknown": "x"}, {"country": "XX"}, {"year": "abc"}]
    by_listing = {
        "practices": [
            {"topic": topic.slug},
            {"topic": [topic.slug, other_topic.slug]},
            {"country": "CH"},
            {"city": city.slug},
            {"year": "2016"},
            {"q": "refugees"},
            {"topic": other_topic.slug, "country": str(other_city.country), "year": "2015"},
            {"topic": "no-such-topic"},
        ],
        "news": [
            {"year": "2024"},
            {"topic": topic.slug},
            {"city": city.slug},
            {"network": network.slug},
            {"topic": other_topic.slug, "year": "2023", "city": other_city.slug},
            {"network": site["hidden"]["network"].slug},
        ],
        "events": [
            {"when": "upcoming"},
            {"when": "past"},
            {"kind": "seminar"},
            {"country": "CH"},
            {"city": city.slug},
            {"network": network.slug},
            {"year": str(timezone.localdate().year)},
            {"when": "upcoming", "kind": "meeting", "country": "FR"},
            {"when": "sometime"},
        ],
        "cities": [
            {"country": "NO"},
            {"network": network.slug},
            {"joined": "2011"},
            {"status": "former"},
            {"q": "ve"},
            {"country": "NL", "network": site["networks"][1].slug, "status": "member"},
            {"network": site["hidden"]["network"].slug},
        ],
        "networks": [{"kind": "regional"}, {"country": "NO"}, {"q": "nordic"}],
    }
    return common + by_listing[name]


# --- Same items, same order -----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_downloads_hold_the_listings_items_in_its_order(client, site, name, language):
    url_name, section, _view = LISTINGS[name]
    namespace = url_name.split(":")[0]
    non_empty = 0
    with translation.override(language):
        path = reverse(url_name)
        for params in combinations(name, site):
            shown = listing_links(client, path, params, language, section)
            for url_format in FORMATS:
                rows = download(client, f"{namespace}:download", url_format, params)
                assert paths(rows) == shown, (name, language, params, url_format)
            non_empty += bool(shown)
    assert non_empty >= len(combinations(name, site)) - 2  # the combinations do select items


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_downloads_hold_every_result_in_the_pages_order(client, site, language):
    query = SEARCH_QUERY[language]
    combos = [
        {"q": query},
        {"q": query, "type": "news"},
        {"q": query, "type": "event", "year": "2023"},
        {"q": query, "year": "2023"},
        {"q": query, "type": "nonsense", "year": "12"},
        {"q": f"  {query}  ", "page": "3"},
        {"q": query, "type": "city"},
        {"q": "!!!"},
        {},
    ]
    with translation.override(language):
        for params in combos:
            shown = search_links(client, language, params)
            for url_format in FORMATS:
                rows = download(client, "search:download", url_format, params)
                assert paths(rows) == [urlparse(url).path for url in shown], (params, url_format)
        everything = search_links(client, language, {"q": query})
    # More results than the page keeps ranked ids for: later pages come from the database.
    assert len(everything) > search_views.RANKED_IDS_KEPT
    assert all(url.startswith(f"/{language}/") for url in everything)


def test_event_download_lists_upcoming_soonest_first_then_past_latest_first(client, site):
    rows = download(client, "events:download", "json", {})
    upcoming = [row for row in rows if row["is_upcoming"]]
    assert rows[: len(upcoming)] == upcoming  # every upcoming event before every past one
    keys = [(row["start_date"], row["start_time"] or "") for row in upcoming]
    assert keys == sorted(keys)
    past = [row["start_date"] for row in rows[len(upcoming) :]]
    assert past and past == sorted(past, reverse=True)


# --- Never what is not public -----------------------------------------------------------------


def all_download_urls(site):
    hidden_city, hidden_network = site["hidden"]["city"], site["hidden"]["network"]
    queries = [
        {},
        {"city": hidden_city.slug},
        {"network": hidden_network.slug},
        {"q": SECRET},
        {"year": str(timezone.localdate().year)},
        {"when": "upcoming"},
        {"preview": "1"},
    ]
    for language in LANGUAGES:
        with translation.override(language):
            for namespace in ("practices", "news", "events", "cities", "networks", "search"):
                for url_format in FORMATS:
                    url = reverse(f"{namespace}:download", kwargs={"format": url_format})
                    for params in queries:
                        if namespace == "search":
                            params = {**params, "q": params.get("q", SEARCH_QUERY[language])}
                        yield f"{url}?{urlencode(params)}"


def test_nothing_unpublished_previewed_or_future_dated_is_ever_downloaded(
    client, site, secretariat_client
):
    hidden_city = site["hidden"]["city"]
    for who in (client, secretariat_client):  # staff may preview drafts, never download them
        for url in all_download_urls(site):
            response = who.get(url)
            assert response.status_code == 200, url
            text = body(response)
            assert SECRET not in text, url
            assert f"/{hidden_city.slug}/" not in text, url


def test_search_rows_whose_item_is_no_longer_public_are_left_out(client, site):
    """An unpublishing that bypassed the signals (an update()) leaves the index stale for a
    while: the download checks each item against ``published()`` itself."""
    practice = Practice.objects.published().filter(title_en__startswith="Welcoming").first()
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.ARCHIVED)
    rows = download(client, "search:download", "json", {"q": "refugees"})
    assert rows
    assert practice.get_absolute_url() not in paths(rows)


# --- Columns, types, formats ------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_values_are_in_the_pages_language(client, site, language):
    with translation.override(language):
        practice = Practice.objects.published().latest_first().first()
        rows = download(client, "practices:download", "json", {})
        first = rows[0]
        assert first["title"] == practice.title
        assert first["url"] == f"http://testserver{practice.get_absolute_url()}"
        assert first["url"].startswith(f"http://testserver/{language}/")
        assert first["topics"] == [topic.name for topic in practice.topics.all()]
        city = site["cities"][1]
        cities = download(client, "cities:download", "csv", {"q": city.name})
    assert [row["name"] for row in cities] == [getattr(city, f"name_{language}")]
    assert cities[0]["country"] == str(city.country.name if language == "en" else "Pays-Bas")


def test_json_values_are_typed_and_csv_writes_them_as_text(client, site):
    event = EventFactory(
        title_en="Webinar with times", kind="webinar", start_date=datetime.date(2031, 3, 4),
        end_date=datetime.date(2031, 3, 4),
        start_time=datetime.time(11, 0), end_time=datetime.time(12, 30), time_zone="Europe/Paris",
        is_online=True, host_cities=site["cities"][:2], country="",
    )  # fmt: skip
    params = {"year": "2031"}
    (as_json,) = download(client, "events:download", "json", params)
    (as_csv,) = download(client, "events:download", "csv", params)
    hosts = sorted(city.name_en for city in site["cities"][:2])
    assert as_json["start_date"] == "2031-03-04" and as_json["start_time"] == "11:00:00"
    assert as_json["is_online"] is True and as_json["is_upcoming"] is True
    assert as_json["host_cities"] == hosts
    assert as_json["when"] == "4 March 2031, 11:00-12:30 CET"
    assert as_json["url"].endswith(event.get_absolute_url())
    assert as_csv["host_cities"] == "; ".join(hosts)
    assert as_csv["is_online"] == "true" and as_csv["start_time"] == "11:00:00"
    assert list(as_csv) == list(as_json) == [column.name for column in EventDownloadView.columns]
    network_rows = download(client, "networks:download", "json", {"q": "nordic"})
    assert isinstance(network_rows[0]["member_count"], int)
    practice_rows = download(client, "practices:download", "json", {})
    assert all(row["published_at"].endswith("Z") for row in practice_rows)
    assert all(
        row["last_year"] is None or isinstance(row["last_year"], int) for row in practice_rows
    )


def test_csv_never_starts_a_text_cell_with_a_spreadsheet_formula(client, city):
    PracticeFactory(published=True, title_en='=HYPERLINK("http://evil.example","x")',
                    purpose_en="+1 and -1", cities=[city])  # fmt: skip
    (row,) = download(client, "practices:download", "csv", {})
    assert row["title"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["purpose"] == "'+1 and -1"
    (item,) = download(client, "practices:download", "json", {})
    assert item["title"] == '=HYPERLINK("http://evil.example","x")'  # JSON holds the text as is


def test_headers_of_a_download(client, site):
    for language in LANGUAGES:
        with translation.override(language):
            url = reverse("news:download", kwargs={"format": "csv"})
        response = client.get(url)
        assert response.streaming
        today = timezone.localdate().isoformat()
        assert response["Content-Disposition"] == (
            f'attachment; filename="icc-news-{language}-{today}.csv"'
        )
        assert response["Content-Language"] == language
        assert body(response).startswith("title,url,")  # no byte-order mark
    assert client.head(url).status_code == 200
    assert client.get("/en/news/download.xml").status_code == 404


def test_empty_listing_gives_a_header_row_and_an_empty_array(client, db):
    assert body(client.get("/en/practices/download.csv")) == (
        ",".join(column.name for column in PracticeDownloadView.columns) + "\r\n"
    )
    assert json_rows(client.get("/fr/practices/download.json")) == []


def test_rows_are_the_same_whatever_the_chunk_size(client, site, monkeypatch):
    whole = {name: download(client, f"{name}:download", "json", {}) for name in LISTINGS}
    whole["search"] = download(client, "search:download", "json", {"q": "refugees"})
    monkeypatch.setattr(DownloadView, "chunk_size", 3)
    for name in LISTINGS:
        assert download(client, f"{name}:download", "json", {}) == whole[name], name
    assert download(client, "search:download", "json", {"q": "refugees"}) == whole["search"]
    assert len(whole["events"]) > 3 * 2  # several chunks were read


def test_columns_are_documented_in_order():
    """docs/open-data.md has one table per download, listing its columns in their order."""
    text = DOCS.read_text()
    views = [view for _url, _section, view in LISTINGS.values()] + [SearchDownloadView]
    for view in views:
        heading = re.search(rf"^### .*`{view.dataset}`.*$", text, re.MULTILINE)
        assert heading, f"no section for {view.dataset}"
        section = re.split(r"\n##+ ", text[heading.end() :])[0]
        documented = re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE)
        assert documented == [column.name for column in view.columns], view.dataset


# --- Links from the listings ------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_listings_link_their_downloads_with_their_filters(client, site, language):
    city = site["cities"][0]
    pages = {
        "practices:practice_list": ({"city": city.slug, "country": "XX", "page": "2"}, "practices"),
        "news:news_list": ({"city": city.slug}, "news"),
        "events:event_list": ({"when": "past"}, "events"),
        "cities:city_list": ({"country": "NO"}, "cities"),
        "networks:network_list": ({}, "networks"),
        "search:search": ({"q": SEARCH_QUERY[language], "type": "news"}, "search"),
    }
    with translation.override(language):
        for url_name, (params, namespace) in pages.items():
            response = client.get(reverse(url_name), params)
            html = response.content.decode()
            query = response.context["page_query"]
            assert "page=" not in query and "XX" not in query  # valid filters only, no page
            for url_format, media_type in (("csv", "text/csv"), ("json", "application/json")):
                url = reverse(f"{namespace}:download", kwargs={"format": url_format})
                href = f"{url}?{query}".replace("&", "&amp;") if query else url
                assert f'<link rel="alternate" type="{media_type}"' in html
                assert f'href="{href}"' in html, (url_name, href)
                assert f'<a href="{href}" type="{media_type}" download>' in html


def test_search_page_without_a_query_offers_no_download(client, db):
    html = client.get("/en/search/").content.decode()
    assert "download.csv" not in html


# --- Bad input ---------------------------------------------------------------------------------


BAD_VALUES = ["x" * 5000, "\x00", "-1", "99999999999999999999", "'; DROP TABLE x; --", "😀" * 300]


@pytest.mark.parametrize("value", BAD_VALUES)
def test_bad_filter_values_are_ignored_like_the_listing_never_a_500(client, site, value):
    for name, (url_name, section, _view) in LISTINGS.items():
        namespace = url_name.split(":")[0]
        for param in ("country", "year", "topic", "city", "network", "kind", "when", "q"):
            params = {param: value}
            shown = listing_links(client, reverse(url_name), params, "en", section)
            rows = download(client, f"{namespace}:download", "csv", params)
            assert paths(rows) == shown, (name, param)
    for params in ({"q": value}, {"q": "refugees", "type": value, "year": value}):
        assert client.get("/en/search/download.json", params).status_code == 200


def test_a_huge_filter_value_gives_every_item_and_names_the_ignored_filter(client, site):
    everything = download(client, "practices:download", "csv", {})
    response = client.get("/en/practices/download.csv", {"country": "x" * 5000, "page": "x"})
    assert response.status_code == 200
    assert response["X-Ignored-Filters"] == "country"
    assert paths(csv_rows(response)) == paths(everything)


# --- Costs ---------------------------------------------------------------------------------------


def add_items(name, count, site):
    city, topic, network = site["cities"][0], site["topics"][0], site["networks"][0]
    for n in range(count):
        if name == "practices":
            PracticeFactory(published=True, cities=[city], topics=[topic])
        elif name == "news":
            NewsItemFactory(cities=[city], topics=[topic]).networks.set([network])
        elif name == "events":
            EventFactory(host_cities=[city], network=network,
                         start_date=timezone.localdate() + datetime.timedelta(days=n % 5))  # fmt: skip
        elif name == "cities":
            MembershipFactory(network=network, city=CityFactory())
        elif name == "networks":
            MembershipFactory(network=NetworkFactory(), city=city)
        else:
            PracticeFactory(published=True, title_en=f"Refugees {n}", cities=[city])


@pytest.mark.parametrize("name", [*sorted(LISTINGS), "search"])
def test_queries_do_not_grow_with_the_number_of_items(
    client, city, name, django_assert_max_num_queries
):
    site = {"cities": [city], "topics": [TopicFactory()], "networks": [NetworkFactory()]}
    namespace = name
    params = {"q": "refugees"} if name == "search" else {}
    url = reverse(f"{namespace}:download", kwargs={"format": "csv"})
    add_items(name, 10, site)
    body(client.get(url, params))  # once-a-day and per-process look-ups are done
    counts = []
    for total in (10, 60):
        if total == 60:
            add_items(name, 50, site)
        with django_assert_max_num_queries(MAX_DOWNLOAD_QUERIES) as queries:
            rows = list(csv.DictReader(io.StringIO(body(client.get(url, params)))))
        assert len(rows) >= total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_event_rows_are_read_with_their_relations(client, site, django_assert_max_num_queries):
    assert Event.objects.published().count() > 10
    with django_assert_max_num_queries(MAX_DOWNLOAD_QUERIES):
        body(client.get("/fr/events/download.json"))


def test_secretariat_gets_the_same_download_as_anyone(client, site):
    staff = SecretariatUserFactory(username="opendata-staff")
    anonymous = body(client.get("/en/practices/download.csv"))
    client.force_login(staff)
    assert body(client.get("/en/practices/download.csv")) == anonymous


# --- Fuzzing -------------------------------------------------------------------------------------


DOWNLOAD_PATHS = [
    f"/{language}/{namespace}/download.{url_format}"
    for language in LANGUAGES
    for namespace in ("practices", "news", "events", "cities", "networks", "search")
    for url_format in FORMATS
]


@fuzz_settings(examples=80)
@given(data=st.data())
def test_any_query_string_gives_a_whole_well_formed_download(client, site, data):
    path = data.draw(st.sampled_from(DOWNLOAD_PATHS), label="path")
    query = data.draw(query_strings(), label="query")
    response = client.get(f"{path}?{query}")
    assert response.status_code < 500, f"{response.status_code} for {path}?{query[:300]}"
    if response.status_code != 200:
        # Only what Django refuses before any view runs (over 1,000 parameters: a 400).
        assert response.status_code == 400 and query.count("&") >= 1000
        return
    text = body(response)  # a failure while streaming would raise here
    if path.endswith(".json"):
        assert isinstance(json.loads(text), list)
    else:
        header = next(csv.reader(io.StringIO(text)))
        assert header and all(re.fullmatch(r"[a-z_]+", name) for name in header)


def test_csv_and_json_hold_the_same_values(client, site):
    def as_csv_text(value):
        if isinstance(value, list):
            return "; ".join(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)

    downloads = [(f"{name}:download", {}) for name in LISTINGS]
    downloads.append(("search:download", {"q": "refugees"}))
    for url_name, params in downloads:
        as_json = download(client, url_name, "json", params)
        as_csv = download(client, url_name, "csv", params)
        assert as_json, url_name
        expected = [{key: as_csv_text(value) for key, value in row.items()} for row in as_json]
        assert as_csv == expected, url_name


def test_a_text_missing_in_the_pages_language_falls_back_as_on_the_page(client, city):
    PracticeFactory(published=True, title_en="Only in English", title_fr="", period_fr="",
                    purpose_fr="", cities=[city])  # fmt: skip
    PracticeFactory(published=True, title_en="", title_fr="Seulement en français", cities=[city])
    titles = [row["title"] for row in download(client, "practices:download", "json", {})]
    with translation.override("fr"):
        french = [row["title"] for row in download(client, "practices:download", "json", {})]
        page = client.get(reverse("practices:practice_list")).content.decode()
    assert sorted(titles) == sorted(french) == ["Only in English", "Seulement en français"]
    assert all(title in page for title in french)
