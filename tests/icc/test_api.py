"""The public API (icc/api/): what it shows, in which language, paged, filtered like the listings.

The data is varied on purpose (drafts, unpublished and future-dated items, several countries,
topics, years, kinds, memberships that ended), so each filter and each rule has something to
leave out. The lists are compared with the HTML listings themselves: for each filter
combination and each language, the items of every API page are the items of every listing page,
in the same order.
"""

import base64
import datetime
import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cities.models import City
from events.models import Event
from icc.api.selectors import public_documents
from icc.media_views import is_public
from icc.models import Document, DocumentFile
from practices.models import Practice
from tests.factories import (
    CityFactory,
    DocumentFactory,
    EventFactory,
    MembershipFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
    SecretariatUserFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
OTHER_LANGUAGE = next(code for code in LANGUAGES if code != settings.LANGUAGE_CODE)
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


# --- Helpers ----------------------------------------------------------------------------------


def api_url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs or None)


def get_json(client, path, params=None, status=200, **headers):
    response = client.get(path, params or {}, **headers)
    assert response.status_code == status, (path, params, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def walk(client, path, params=None, **headers):
    """Every item of a list, page after page by ``next``; checks each page says the count."""
    body = get_json(client, path, params, **headers)
    items, count = list(body["results"]), body["count"]
    while body["next"] is not None:
        assert body["results"], "a page before the last one is never empty"
        body = get_json(client, body["next"], **headers)
        assert body["count"] == count
        items += body["results"]
    if "cursor=" not in path:
        assert len(items) == count
    return items


def listing_items(client, url_name, language, params):
    """The slugs a listing page shows, page after page, in its order."""
    with translation.override(language):
        path = reverse(url_name)
    slugs, page = [], 1
    while True:
        response = client.get(path, {**params, "page": page})
        assert response.status_code == 200
        page_obj = response.context["page_obj"]
        slugs += [item.slug for item in page_obj.object_list]
        if not page_obj.has_next():
            return slugs
        page += 1


def cursor_of(next_url):
    return next_url.split("cursor=")[1].split("&")[0]


# --- Content ----------------------------------------------------------------------------------


@pytest.fixture
def site(db):
    """Varied published content, and every kind of item the public must never see."""
    topics = [
        TopicFactory(name_en=f"Topic {n}", name_fr=f"Thème {n}", position=n) for n in range(3)
    ]
    cities = [
        CityFactory(name_en="Lisbon", name_fr="Lisbonne", country="PT", joined_year=2008),
        CityFactory(name_en="Oslo", name_fr="Oslo", country="NO", joined_year=2011),
        CityFactory(name_en="Zurich", name_fr="Zurich", country="CH", joined_year=2015),
        CityFactory(name_en="Barcelona", name_fr="Barcelone", country="ES", joined_year=2008),
        CityFactory(name_en="Geneva", name_fr="Genève", country="CH", status=City.Status.FORMER),
        CityFactory(name_en="Athens", name_fr="Athènes", country="GR", joined_year=2015),
    ]
    hidden_city = CityFactory(name_en="Hidden city", name_fr="Ville cachée", is_published=False)
    networks = [
        NetworkFactory(name_en="Portuguese network", name_fr="Réseau portugais", country="PT"),
        NetworkFactory(
            name_en="Swiss network", name_fr="Réseau suisse", country="CH", kind="regional"
        ),
    ]
    hidden_network = NetworkFactory(
        name_en="Hidden network", name_fr="Réseau caché", is_published=False
    )
    MembershipFactory(network=networks[0], city=cities[0])
    MembershipFactory(network=networks[0], city=cities[3], joined=datetime.date(2012, 1, 1),
                      left=datetime.date(2016, 1, 1))  # fmt: skip
    MembershipFactory(network=networks[0], city=hidden_city)
    MembershipFactory(network=networks[1], city=cities[2])
    MembershipFactory(network=networks[1], city=cities[4])
    MembershipFactory(network=hidden_network, city=cities[1])

    kinds = [Event.Kind.MEETING, Event.Kind.WEBINAR, Event.Kind.STUDY_VISIT]
    events = []
    for n in range(12):
        start = TODAY + DAY * (n * 25 - 150)
        events.append(
            EventFactory(
                kind=kinds[n % 3],
                start_date=start,
                end_date=start + DAY * (n % 2),
                start_time=datetime.time(10 + n % 3) if n % 4 else None,
                country=["PT", "CH", "NO"][n % 3],
                host_cities=[cities[n % len(cities)], *([hidden_city] if n % 5 == 0 else [])],
                network=networks[n % 2] if n % 3 else (hidden_network if n == 3 else None),
            )  # fmt: skip
        )
    # Two events the same day: the listing's order (start time, then newest first) decides.
    events.append(EventFactory(start_date=TODAY + DAY * 3, end_date=TODAY + DAY * 3, country="PT"))
    events.append(EventFactory(start_date=TODAY + DAY * 3, end_date=TODAY + DAY * 3, country="PT"))
    hidden_event = EventFactory(
        title_en="Hidden event", is_published=False, host_cities=[cities[0]]
    )

    news = []
    for n in range(10):
        item = NewsItemFactory(
            date=TODAY - DAY * (n * 40),
            cities=[cities[n % 3], *([hidden_city] if n == 2 else [])],
            topics=topics[: 1 + n % 3],
        )
        if n % 4 == 0:
            item.networks.add(networks[n % 2], hidden_network)
        item.events.add(events[n], hidden_event)
        news.append(item)
    future_news = NewsItemFactory(title_en="Future news", date=TODAY + DAY * 5, cities=[cities[0]])
    draft_news = NewsItemFactory(title_en="Draft news", is_published=False, cities=[cities[0]])

    practices = []
    for n in range(24):
        practices.append(
            PracticeFactory(
                published=True,
                country=["PT", "NO", "CH", "FR"][n % 4],
                first_year=2010 + n % 8,
                last_year=None if n % 3 == 0 else 2012 + n % 8,
                is_ongoing=n % 3 == 0,
                cities=[cities[n % len(cities)], *([hidden_city] if n == 1 else [])],
                topics=topics[n % 3 : n % 3 + 1 + n % 2],
            )
        )
    practices[5].purpose_fr = ""  # shown in English to a French reader
    practices[5].save()
    hidden_practices = [
        PracticeFactory(status=status, cities=[cities[0]], topics=topics[:1])
        for status in (Practice.Status.DRAFT, Practice.Status.SUBMITTED,
                       Practice.Status.CHANGES_REQUESTED, Practice.Status.REJECTED,
                       Practice.Status.ARCHIVED)
    ]  # fmt: skip

    city_report = DocumentFactory(title_en="City report", year=2021)
    cities[0].documents.add(city_report)
    DocumentFile.objects.create(
        document=city_report, language="fr", file=city_report.files.get().file
    )
    practice_guide = DocumentFactory(title_en="Practice guide", year=2019, kind=Document.Kind.GUIDE)
    practices[0].documents.add(practice_guide)
    draft_only = DocumentFactory(title_en="Draft attachment")
    hidden_practices[0].documents.add(draft_only)
    unpublished_event_only = DocumentFactory(title_en="Hidden agenda")
    hidden_event.documents.add(unpublished_event_only)
    future_news_only = DocumentFactory(title_en="Embargoed report")
    future_news.documents.add(future_news_only)
    unused = DocumentFactory(title_en="Library only")

    return {
        "topics": topics,
        "cities": cities,
        "networks": networks,
        "events": events,
        "news": news,
        "practices": practices,
        "documents": [city_report, practice_guide],
        "hidden": {
            "cities": [hidden_city],
            "networks": [hidden_network],
            "events": [hidden_event],
            "news": [future_news, draft_news],
            "practices": hidden_practices,
            "documents": [draft_only, unpublished_event_only, future_news_only, unused],
        },
    }


ENDPOINTS = {
    # key of the site fixture: (router basename, lookup field)
    "cities": ("city", "slug"),
    "networks": ("network", "slug"),
    "events": ("event", "slug"),
    "news": ("news", "slug"),
    "practices": ("practice", "slug"),
    "documents": ("document", "pk"),
}


def detail_url(kind, item):
    basename, lookup = ENDPOINTS[kind]
    return api_url(f"{basename}-detail", **{lookup: getattr(item, lookup)})


# --- Nothing unpublished, previewed or future-dated ------------------------------------------


@pytest.mark.parametrize("kind", list(ENDPOINTS))
def test_only_published_items_are_listed_and_the_rest_is_a_404(client, site, kind):
    basename, lookup = ENDPOINTS[kind]
    listed = walk(client, api_url(f"{basename}-list"), {"page_size": 100})
    key = "id" if lookup == "pk" else lookup
    assert sorted(item[key] for item in listed) == sorted(getattr(i, lookup) for i in site[kind])
    for item in site["hidden"][kind]:
        body = get_json(client, detail_url(kind, item), status=404)
        assert body == {"status": 404, "detail": "Nothing published has this address."}


def test_a_signed_in_editor_sees_nothing_more(client, site):
    client.force_login(SecretariatUserFactory())
    for kind in ENDPOINTS:
        for item in site["hidden"][kind]:
            assert client.get(detail_url(kind, item)).status_code == 404
            assert client.get(detail_url(kind, item), {"preview": "1"}).status_code == 404
    slugs = {item["slug"] for item in walk(client, api_url("practice-list"), {"page_size": 100})}
    assert slugs == {practice.slug for practice in site["practices"]}


def test_news_dated_today_appears_and_tomorrows_does_not(client, site):
    today = NewsItemFactory(title_en="Today", date=TODAY)
    tomorrow = NewsItemFactory(title_en="Tomorrow", date=TODAY + DAY)
    slugs = [item["slug"] for item in walk(client, api_url("news-list"), {"page_size": 100})]
    assert today.slug in slugs and tomorrow.slug not in slugs
    assert client.get(detail_url("news", tomorrow)).status_code == 404


def every_related_slug(value, found):
    """Every ``slug`` of every object nested anywhere in ``value``."""
    if isinstance(value, dict):
        if "slug" in value:
            found.add(value["slug"])
        for nested in value.values():
            every_related_slug(nested, found)
    elif isinstance(value, list):
        for nested in value:
            every_related_slug(nested, found)
    return found


def test_related_items_are_given_only_when_published(client, site):
    hidden = site["hidden"]
    hidden_slugs = {item.slug for kind in ("cities", "networks", "events", "news", "practices")
                    for item in hidden[kind]}  # fmt: skip
    hidden_titles = {str(document.title_en) for document in hidden["documents"]}
    for kind in ("cities", "networks", "events", "news", "practices"):
        basename, _lookup = ENDPOINTS[kind]
        items = walk(client, api_url(f"{basename}-list"), {"lang": "all", "page_size": 100})
        items += [get_json(client, detail_url(kind, item)) for item in site[kind]]
        text = json.dumps(items, ensure_ascii=False)
        assert not every_related_slug(items, set()) & hidden_slugs, kind
        assert not any(title in text for title in hidden_titles), kind
    event = next(e for e in site["events"] if e.network_id == site["hidden"]["networks"][0].pk)
    assert get_json(client, detail_url("events", event))["network"] is None


def test_documents_are_those_the_media_view_serves_to_everyone(client, site):
    public = set(public_documents().values_list("pk", flat=True))
    for document in Document.objects.all():
        assert (document.pk in public) == is_public(document)
    city_report = site["documents"][0]
    body = get_json(client, detail_url("documents", city_report))
    assert sorted(file["language"] for file in body["files"]) == ["en", "fr"]
    for file in body["files"]:
        path = file["url"].removeprefix("http://testserver")
        response = Client().get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content).startswith(b"%PDF-")  # (closes the file)


def test_memberships_carry_their_dates_and_whether_they_are_current(client, site):
    network = site["networks"][0]
    body = get_json(client, detail_url("networks", network), {"lang": "en"})
    memberships = {m["city"]["slug"]: m for m in body["memberships"]}
    assert set(memberships) == {site["cities"][0].slug, site["cities"][3].slug}
    former = memberships[site["cities"][3].slug]
    assert (former["joined"], former["left"], former["is_current"]) == (
        "2012-01-01", "2016-01-01", False,
    )  # fmt: skip
    assert memberships[site["cities"][0].slug]["is_current"] is True
    assert body["member_count"] == 1
    city = get_json(client, detail_url("cities", site["cities"][1]))
    assert city["memberships"] == []  # its only network is unpublished


# --- Filters: the listing's items, in both languages -------------------------------------------


def listing_cases(site):
    topics, cities, networks = site["topics"], site["cities"], site["networks"]
    hidden_network = site["hidden"]["networks"][0]
    return {
        ("cities:city_list", "city-list"): [
            {}, {"country": "CH"}, {"network": networks[0].slug}, {"joined": "2008"},
            {"status": "former"}, {"q": "lisbon"}, {"q": "bonne"}, {"q": "ville"},
            {"country": "CH", "status": "member"}, {"network": networks[1].slug, "joined": "2015"},
            {"network": hidden_network.slug}, {"joined": "abc"}, {"country": "XX"},
        ],
        ("networks:network_list", "network-list"): [
            {}, {"kind": "regional"}, {"country": "PT"}, {"q": "swiss"}, {"q": "suisse"},
            {"q": "NET"}, {"kind": "bogus"},
        ],
        ("events:event_list", "event-list"): [
            {}, {"when": "upcoming"}, {"when": "past"}, {"year": str(TODAY.year)},
            {"kind": "webinar"}, {"country": "CH"}, {"city": cities[0].slug},
            {"network": networks[1].slug}, {"network": hidden_network.slug},
            {"when": "past", "kind": "meeting", "country": "PT"},
            {"when": "upcoming", "city": cities[2].slug}, {"city": "nowhere"}, {"when": "soon"},
        ],
        ("news:news_list", "news-list"): [
            {}, {"year": str(TODAY.year)}, {"topic": topics[1].slug},
            {"topic": [topics[0].slug, topics[2].slug]}, {"city": cities[1].slug},
            {"network": networks[0].slug}, {"topic": topics[2].slug, "city": cities[2].slug},
            {"year": "x"}, {"topic": "unknown-topic"},
        ],
        ("practices:practice_list", "practice-list"): [
            {}, {"topic": topics[0].slug}, {"topic": [topics[1].slug, topics[2].slug]},
            {"country": "FR"}, {"city": cities[3].slug}, {"year": "2013"},
            {"year": str(TODAY.year)}, {"q": "bonne"}, {"q": "practice"}, {"q": "together"},
            {"topic": topics[0].slug, "country": "PT", "year": "2011"}, {"year": "1800"},
            {"city": "nowhere", "country": "NO"},
        ],
    }  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_list_holds_the_items_of_its_listing_in_its_order(client, site, language):
    for (listing, endpoint), cases in listing_cases(site).items():
        for params in cases:
            expected = listing_items(client, listing, language, params)
            query = {**params, "lang": language, "page_size": 7}
            got = [item["slug"] for item in walk(client, api_url(endpoint), query)]
            assert got == expected, (listing, language, params)


def test_lang_all_lists_the_items_of_the_listing_in_the_default_language(client, site):
    for (listing, endpoint), cases in listing_cases(site).items():
        for params in cases[:6]:
            expected = listing_items(client, listing, settings.LANGUAGE_CODE, params)
            query = {**params, "lang": "all", "page_size": 100}
            got = [item["slug"] for item in walk(client, api_url(endpoint), query)]
            assert got == expected, (listing, params)


def test_filter_values_the_listing_ignores_are_ignored_and_reported(client, site):
    params = {"year": "1800", "country": "FR"}
    response = client.get(api_url("practice-list"), {**params, "page_size": 100})
    body = response.json()
    assert body["ignored_filters"] == ["year"]
    assert response["X-Ignored-Filters"] == "year"
    expected = listing_items(client, "practices:practice_list", settings.LANGUAGE_CODE, params)
    assert [item["slug"] for item in body["results"]] == expected
    assert expected == [p.slug for p in Practice.objects.published().filter(country="FR")
                        .latest_first()]  # fmt: skip
    body = get_json(client, api_url("event-list"), {"city": "nowhere", "when": "soon"})
    assert sorted(body["ignored_filters"]) == ["city", "when"]
    assert body["count"] == len(site["events"])


def test_a_long_text_is_cut_as_the_listing_cuts_it(client, site):
    text = "bonne " + "x" * 400
    expected = listing_items(client, "practices:practice_list", OTHER_LANGUAGE, {"q": text})
    got = walk(client, api_url("practice-list"), {"q": text, "lang": OTHER_LANGUAGE})
    assert [item["slug"] for item in got] == expected


# --- Languages --------------------------------------------------------------------------------


def test_lang_gives_the_texts_in_that_language(client, site):
    city = site["cities"][0]
    for code in LANGUAGES:
        response = client.get(detail_url("cities", city), {"lang": code})
        body = response.json()
        assert body["name"] == getattr(city, f"name_{code}")
        assert body["language"] == code and response["Content-Language"] == code
        with translation.override(code):
            assert body["url"] == f"http://testserver{city.get_absolute_url()}"


def test_accept_language_chooses_the_language_when_lang_is_not_given(client, site):
    city = site["cities"][0]
    url = detail_url("cities", city)
    french = get_json(client, url, HTTP_ACCEPT_LANGUAGE=f"{OTHER_LANGUAGE}-CH, de;q=0.8")
    assert french["name"] == getattr(city, f"name_{OTHER_LANGUAGE}")
    unknown_first = get_json(client, url, HTTP_ACCEPT_LANGUAGE=f"de, {OTHER_LANGUAGE};q=0.5")
    assert unknown_first["language"] == OTHER_LANGUAGE
    assert get_json(client, url, HTTP_ACCEPT_LANGUAGE="de")["language"] == settings.LANGUAGE_CODE
    assert get_json(client, url)["language"] == settings.LANGUAGE_CODE
    # lang wins over the header, whatever its case.
    assert get_json(client, url, {"lang": settings.LANGUAGE_CODE.upper()},
                    HTTP_ACCEPT_LANGUAGE=OTHER_LANGUAGE)["language"] == settings.LANGUAGE_CODE  # fmt: skip


def test_the_language_cookie_of_the_site_does_not_choose(client, site):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = OTHER_LANGUAGE
    assert get_json(client, api_url("city-list"))["language"] == settings.LANGUAGE_CODE


def test_a_text_in_the_fallback_language_is_marked(client, site):
    practice = site["practices"][5]
    url = detail_url("practices", practice)
    other = get_json(client, url, {"lang": OTHER_LANGUAGE})
    assert other["purpose"] == practice.purpose_en
    assert other["fallbacks"] == {"purpose": settings.LANGUAGE_CODE}
    assert other["title"] == getattr(practice, f"title_{OTHER_LANGUAGE}")
    assert get_json(client, url, {"lang": settings.LANGUAGE_CODE})["fallbacks"] == {}
    listed = walk(client, api_url("practice-list"), {"lang": OTHER_LANGUAGE, "page_size": 100})
    marked = [item["slug"] for item in listed if item["fallbacks"]]
    assert marked == [practice.slug]


def test_nested_objects_mark_their_own_fallbacks(client, site):
    network = site["networks"][0]
    body = get_json(client, detail_url("networks", network), {"lang": OTHER_LANGUAGE})
    # The factory writes the acronym in English only.
    assert body["acronym"] == network.acronym_en
    assert body["fallbacks"] == {"acronym": settings.LANGUAGE_CODE}
    city = get_json(client, detail_url("cities", site["cities"][0]), {"lang": OTHER_LANGUAGE})
    assert city["memberships"][0]["network"]["fallbacks"] == {"acronym": settings.LANGUAGE_CODE}


def test_lang_all_gives_every_language_and_marks_no_fallback(client, site):
    practice = site["practices"][5]
    body = get_json(client, detail_url("practices", practice), {"lang": "all"})
    assert body["language"] == "all"
    assert body["title"] == {code: getattr(practice, f"title_{code}") for code in LANGUAGES}
    assert body["purpose"][OTHER_LANGUAGE] == ""
    assert body["fallbacks"] == {}
    assert set(body["url"]) == set(LANGUAGES)
    assert body["topics"][0]["name"] == {
        code: getattr(practice.topics.order_by("position").first(), f"name_{code}")
        for code in LANGUAGES
    }
    response = client.get(api_url("practice-list"), {"lang": "all"})
    assert response["Content-Language"] == ", ".join(LANGUAGES)


@pytest.mark.parametrize("value", ["de", "english", "fr-FR", "x" * 5000, "all,en"])
def test_an_unknown_lang_is_a_400_that_says_why(client, site, value):
    body = get_json(client, api_url("city-list"), {"lang": value}, status=400)
    assert body["status"] == 400
    assert list(body["errors"]) == ["lang"]
    for code in LANGUAGES:
        assert code in body["errors"]["lang"][0]


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["city-list", "network-list", "event-list", "news-list",
                                      "practice-list", "topic-list", "document-list"])  # fmt: skip
def test_following_next_gives_every_item_once(client, site, endpoint):
    everything = walk(client, api_url(endpoint), {"page_size": 100})
    key = "slug" if "slug" in everything[0] else "id"
    assert len({item[key] for item in everything}) == len(everything)
    for page_size in (1, 3):
        assert walk(client, api_url(endpoint), {"page_size": page_size}) == everything


def test_next_keeps_the_filters_and_the_language(client, site):
    body = get_json(client, api_url("practice-list"),
                    {"country": "PT", "lang": OTHER_LANGUAGE, "page_size": 2})  # fmt: skip
    assert f"lang={OTHER_LANGUAGE}" in body["next"] and "country=PT" in body["next"]
    assert "page_size=2" in body["next"]


def test_a_cursor_stays_right_when_items_are_added_or_withdrawn(client, site):
    first = get_json(client, api_url("news-list"), {"page_size": 3})
    newest = NewsItemFactory(date=TODAY)  # would come first: moves every item one place
    site["news"][4].is_published = False
    site["news"][4].save()
    rest = walk(client, first["next"])
    got = [item["slug"] for item in first["results"] + rest]
    expected = [item.slug for item in site["news"] if item != site["news"][4]]
    assert got == expected
    assert newest.slug not in got


def test_events_page_from_upcoming_to_past_as_the_listing_does(client, site):
    upcoming = Event.objects.published().filter(end_date__gte=TODAY).count()
    body = get_json(client, api_url("event-list"), {"page_size": upcoming + 1})
    flags = [item["is_upcoming"] for item in body["results"]]
    assert flags == [True] * upcoming + [False]


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "garbage"},
        {"cursor": base64.urlsafe_b64encode(b'{"o": "x", "r": 0, "k": [1]}').decode()},
        {"cursor": base64.urlsafe_b64encode(b"[1, 2]").decode()},
        {"cursor": "x" * 3000},
        {"page_size": "0"},
        {"page_size": "101"},
        {"page_size": "ten"},
        {"page_size": "9" * 40},
    ],
)
def test_a_bad_cursor_or_page_size_is_a_400(client, site, params):
    body = get_json(client, api_url("event-list"), params, status=400)
    assert list(body["errors"]) == list(params)


def test_a_cursor_of_another_order_is_refused(client, site):
    english = get_json(
        client, api_url("city-list"), {"page_size": 2, "lang": settings.LANGUAGE_CODE}
    )
    cursor = cursor_of(english["next"])
    # The cities are in the order of their names in each language: another order.
    get_json(client, api_url("city-list"), {"cursor": cursor, "lang": OTHER_LANGUAGE}, status=400)
    get_json(client, api_url("practice-list"), {"cursor": cursor}, status=400)
    tampered = json.loads(base64.urlsafe_b64decode(cursor + "==="))
    tampered["k"] = ["Lisbon", "not-an-id"]
    forged = base64.urlsafe_b64encode(json.dumps(tampered).encode()).decode()
    get_json(client, api_url("city-list"), {"cursor": forged}, status=400)


# --- HTTP: ETags, CORS, rate limit, page cache -------------------------------------------------


def test_an_unchanged_answer_is_a_304_and_a_changed_one_is_not(client, site):
    url = api_url("practice-list")
    other = {"lang": OTHER_LANGUAGE, "page_size": 100}
    first = client.get(url, other)
    etag = first["ETag"]
    assert etag.startswith('"') and first["Cache-Control"] == "public, max-age=0, must-revalidate"
    again = client.get(url, other, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, other, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    default = {"lang": settings.LANGUAGE_CODE, "page_size": 100}
    assert client.get(url, default, HTTP_IF_NONE_MATCH=etag).status_code == 200
    site["practices"][0].title_en = site["practices"][0].title_fr = "Renamed"
    site["practices"][0].save()
    changed = client.get(url, other, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_head_answers_like_get_without_a_body(client, site):
    get = client.get(api_url("city-list"))
    head = client.head(api_url("city-list"))
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]


def test_any_origin_may_read_the_api_without_credentials(client, site):
    response = client.get(api_url("city-list"), HTTP_ORIGIN="https://data.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    preflight = client.options(
        api_url("city-list"),
        HTTP_ORIGIN="https://data.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept-language, if-none-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight


def test_the_site_itself_sends_no_cors_headers(client, site):
    response = client.get(reverse("practices:practice_list"), HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads(client, site, method):
    response = getattr(client, method)(detail_url("cities", site["cities"][0]))
    assert response.status_code == 405
    assert response.json()["status"] == 405


def test_too_many_requests_from_one_address_get_a_429(settings, site):
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/d"}
    client = Client(REMOTE_ADDR="203.0.113.7")
    for path in (api_url("city-list"), api_url("root"), detail_url("cities", site["cities"][0])):
        assert client.get(path).status_code == 200
    response = client.get(api_url("news-list"), HTTP_ORIGIN="https://data.example.org")
    assert response.status_code == 429
    body = response.json()
    assert body["status"] == 429 and body["retry_after"] == int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"  # a browser client can read why
    assert Client(REMOTE_ADDR="203.0.113.8").get(api_url("news-list")).status_code == 200


def test_the_page_cache_never_serves_one_language_to_another(settings, site):
    settings.PAGE_CACHE = True
    cache.clear()
    url = detail_url("cities", site["cities"][0])
    client = Client()
    default = client.get(url, HTTP_ACCEPT_LANGUAGE=settings.LANGUAGE_CODE)
    other = client.get(url, HTTP_ACCEPT_LANGUAGE=OTHER_LANGUAGE)
    again = client.get(url, HTTP_ACCEPT_LANGUAGE=settings.LANGUAGE_CODE)
    assert default.json()["name"] == site["cities"][0].name_en
    assert other.json()["name"] == getattr(site["cities"][0], f"name_{OTHER_LANGUAGE}")
    assert again.json() == default.json()
    assert "X-Cache" not in again  # the API is not stored by the page cache at all


# --- Queries ----------------------------------------------------------------------------------


def add_items(count):
    """``count`` published items of every kind, with relations, and their hidden twins."""
    topic = TopicFactory()
    network = NetworkFactory()
    for _n in range(count):
        city = CityFactory()
        MembershipFactory(network=network, city=city)
        document = DocumentFactory()
        city.documents.add(document)
        event = EventFactory(host_cities=[city], network=network, start_date=TODAY)
        news = NewsItemFactory(cities=[city], topics=[topic], date=TODAY - DAY)
        news.networks.add(network)
        news.events.add(event)
        news.videos.create(url="https://video.example.org/1", title_en="Film")
        PracticeFactory(published=True, cities=[city], topics=[topic])


def count_queries(client, path, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.parametrize("endpoint", ["city-list", "network-list", "event-list", "news-list",
                                      "practice-list", "topic-list", "document-list"])  # fmt: skip
def test_a_page_costs_the_same_queries_with_5_and_50_items(client, db, endpoint):
    languages = [*LANGUAGES, "all"]
    add_items(5)
    few = {code: count_queries(client, api_url(endpoint), {"page_size": 100, "lang": code})[0]
           for code in languages}  # fmt: skip
    add_items(45)
    for code in languages:
        many, body = count_queries(client, api_url(endpoint), {"page_size": 100, "lang": code})
        assert len(body["results"]) >= 50 or endpoint in ("network-list", "topic-list")
        # The count, the page's keys and rows, one query per relation: ten at most (with the
        # request's savepoint and its release).
        assert many == few[code] <= 10, (endpoint, code, few[code], many)


def test_an_item_costs_a_few_queries_whatever_its_relations(client, db):
    add_items(30)
    network = NetworkFactory()
    for city in City.objects.all():
        MembershipFactory(network=network, city=city)
    with CaptureQueriesContext(connection) as queries:
        body = get_json(client, detail_url("networks", network))
    assert len(body["memberships"]) == 30
    assert len(queries) <= 6  # savepoint, network, memberships, documents, files, release
