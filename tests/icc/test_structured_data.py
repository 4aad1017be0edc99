"""JSON-LD of the public pages: read back from the HTML, checked for what Google requires.

Every block is parsed from the rendered page (as a crawler would), so the tests see the
escaping, the language, the absolute URLs and what is left out (unpublished, future-dated,
previews) exactly as published.
"""

import datetime
import html
import io
import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cities.models import City, Network
from cities.views import PAST_EVENTS_LIMIT
from events.models import Event
from icc.structured_data import json_ld_script
from icc.structured_data.builders import LOGO
from icc.structured_data.rendering import json_ld_text
from news.models import NewsItem
from practices.models import Practice
from tests.factories import (
    CityFactory,
    EventFactory,
    ImageFactory,
    MembershipFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

JSON_LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
BREADCRUMB_NAV = re.compile(r'<nav class="wrap breadcrumbs"[^>]*>\s*<ol>(.*?)</ol>', re.DOTALL)
LIST_ITEM = re.compile(r"<li[^>]*>(.*?)</li>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
# What could end a <script> element early, and quotes and ampersands that JSON must keep.
HOSTILE_TITLE = "</script><script>alert(1)</script> <!-- \"Quotes\" & 'ampersands' &amp; <b>"

# Google's rich-result documentation: what each type must carry (recommended ones we always
# have are required here too, so that losing them fails a test).
REQUIRED = {
    "Event": ["name", "startDate", "location", "eventAttendanceMode", "eventStatus", "url"],
    "NewsArticle": ["headline", "datePublished", "url"],
    "Article": ["headline", "url"],
    "Place": ["name", "address"],
    "VirtualLocation": ["url"],
    "PostalAddress": ["addressCountry"],
    "GeoCoordinates": ["latitude", "longitude"],
    "Organization": ["name", "url"],
    "City": ["name", "url"],
    "Country": ["name"],
    "WebSite": ["name", "url", "potentialAction"],
    "BreadcrumbList": ["itemListElement"],
    "ListItem": ["position", "name", "item"],
}
# A page's main article (not one listed on another page) carries these as well.
MAIN_ARTICLE = ["image", "datePublished", "dateModified", "author", "publisher", "inLanguage"]
URL_KEYS = ("url", "item", "image", "@id", "urlTemplate", "mainEntityOfPage", "sameAs")


def json_ld(response):
    """Every JSON-LD object of the page, parsed."""
    assert response.status_code == 200
    return [json.loads(block) for block in JSON_LD_BLOCK.findall(response.content.decode())]


def only(objects, type_name):
    found = [item for item in objects if item.get("@type") == type_name]
    assert len(found) == 1, f"expected one {type_name} in {objects}"
    return found[0]


def nodes(value):
    """Every dict inside ``value`` (itself included)."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from nodes(child)


def check_valid(objects):
    """Each top-level object has the schema.org context; every typed node its required
    properties; every URL is absolute."""
    assert objects, "the page has no JSON-LD"
    for top in objects:
        assert top["@context"] == "https://schema.org"
        for node in nodes(top):
            missing = [name for name in REQUIRED.get(node.get("@type"), ()) if not node.get(name)]
            assert not missing, f"{node.get('@type')} lacks {missing}: {node}"
            for key in URL_KEYS:
                for url in (
                    node.get(key, []) if isinstance(node.get(key), list) else [node.get(key)]
                ):
                    if isinstance(url, str):
                        assert url.startswith(("http://", "https://")), (key, url)


def check_main_article(article):
    missing = [name for name in MAIN_ARTICLE if not article.get(name)]
    assert not missing, f"{article['@type']} lacks {missing}"
    for role in ("author", "publisher"):
        assert article[role]["@type"] == "Organization"
        assert article[role]["name"] and article[role]["url"].startswith(settings.SITE_URL)


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def visible_breadcrumbs(response):
    """The names of the page's breadcrumb trail as a reader sees them."""
    trail = BREADCRUMB_NAV.search(response.content.decode()).group(1)
    return [html.unescape(TAG.sub("", item)).strip() for item in LIST_ITEM.findall(trail)]


def in_language(item, language):
    return f"/{language}{item.get_absolute_url()[3:]}"


@pytest.fixture
def lisbon(db):
    return CityFactory(
        name_en="Lisbon", name_fr="Lisbonne", country="PT", latitude="38.722252",
        longitude="-9.139337", image=ImageFactory(), website="https://www.lisboa.pt/",
    )  # fmt: skip


# --- Events ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_an_event_in_a_city_is_a_place_with_its_address_and_coordinates(client, lisbon, language):
    network = NetworkFactory(name_en="Portuguese network", name_fr="Réseau portugais")
    event = EventFactory(
        host_cities=[lisbon], network=network, image=ImageFactory(),
        start_date=datetime.date(2015, 10, 29), end_date=datetime.date(2015, 10, 30),
    )  # fmt: skip
    objects = json_ld(client.get(in_language(event, language)))
    check_valid(objects)
    data = only(objects, "Event")
    assert data["name"] == getattr(event, f"title_{language}")
    assert data["description"] == getattr(event, f"description_{language}")
    assert data["inLanguage"] == language
    assert data["url"] == absolute(in_language(event, language))
    # Day-long events are dated without a time.
    assert (data["startDate"], data["endDate"]) == ("2015-10-29", "2015-10-30")
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    place = data["location"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress",
        "addressLocality": getattr(lisbon, f"name_{language}"),
        "addressCountry": "PT",
    }
    assert place["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 38.722252,
        "longitude": -9.139337,
    }
    assert place["url"] == absolute(in_language(lisbon, language))
    assert data["organizer"] == {
        "@type": "Organization",
        "name": getattr(network, f"name_{language}"),
        "url": absolute(in_language(network, language)),
    }
    assert data["image"] == absolute(event.image.file.url)


def test_an_online_event_has_a_virtual_location_and_times_with_their_offset(client):
    event = EventFactory(
        is_online=True, country="PT", start_date=datetime.date(2021, 7, 7),
        end_date=datetime.date(2021, 7, 7), start_time=datetime.time(11, 0),
        end_time=datetime.time(12, 30), time_zone="Europe/Lisbon",
        registration_url="https://register.example.org/webinar",
    )  # fmt: skip
    objects = json_ld(client.get(event.get_absolute_url()))
    check_valid(objects)
    data = only(objects, "Event")
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    # Lisbon is on UTC+1 in summer.
    assert data["startDate"] == "2021-07-07T11:00:00+01:00"
    assert data["endDate"] == "2021-07-07T12:30:00+01:00"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://register.example.org/webinar",
    }
    # No organising network: the programme organises it.
    assert data["organizer"]["name"] == "Intercultural Cities"
    assert data["organizer"]["url"] == absolute("/en/")


def test_a_hybrid_event_has_its_venue_and_a_virtual_location(client, lisbon):
    event = EventFactory(
        is_online=True, host_cities=[lisbon], place="Culturgest",
        start_date=datetime.date(2024, 1, 15), end_date=datetime.date(2024, 1, 15),
        start_time=datetime.time(9, 30), time_zone="",
    )  # fmt: skip
    objects = json_ld(client.get(event.get_absolute_url()))
    check_valid(objects)
    data = only(objects, "Event")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    venue, online = data["location"]
    assert venue["@type"] == "Place" and venue["name"] == "Culturgest"
    assert venue["address"]["addressLocality"] == "Lisbon"
    assert venue["containedInPlace"] == {
        "@type": "City", "name": "Lisbon", "url": absolute(lisbon.get_absolute_url()),
    }  # fmt: skip
    # Without a registration link, the event's page is where to follow it.
    assert online == {"@type": "VirtualLocation", "url": absolute(event.get_absolute_url())}
    # A time without a zone is the site's (Paris: UTC+1 in January); no end time, no endDate.
    assert data["startDate"] == "2024-01-15T09:30:00+01:00"
    assert "endDate" not in data


def test_an_event_names_no_unpublished_city_or_network(client, lisbon):
    hidden_city = CityFactory(name_en="Hiddenville", name_fr="Villecachée", is_published=False)
    hidden_network = NetworkFactory(name_en="Secret network", is_published=False)
    event = EventFactory(host_cities=[lisbon, hidden_city], network=hidden_network)
    response = client.get(event.get_absolute_url())
    objects = json_ld(response)
    check_valid(objects)
    text = json.dumps(objects)
    assert "Hiddenville" not in text and hidden_city.slug not in text
    assert "Secret network" not in text and hidden_network.slug not in text
    data = only(objects, "Event")
    assert data["location"]["address"]["addressLocality"] == "Lisbon"
    assert data["organizer"]["name"] == "Intercultural Cities"


# --- News and good practices --------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_news_item_is_a_news_article(client, language):
    item = NewsItemFactory(image=ImageFactory(), date=datetime.date(2024, 9, 16))
    objects = json_ld(client.get(in_language(item, language)))
    check_valid(objects)
    article = only(objects, "NewsArticle")
    check_main_article(article)
    assert article["headline"] == getattr(item, f"title_{language}")
    assert article["description"] == getattr(item, f"lead_{language}")
    assert article["inLanguage"] == language
    assert article["image"] == [absolute(item.image.file.url)]
    assert article["datePublished"] == "2024-09-16"
    # Saved today, after its date: modified today, with the time and its offset.
    modified = datetime.datetime.fromisoformat(article["dateModified"])
    assert modified.utcoffset() is not None and modified.date() == timezone.localdate()
    assert article["mainEntityOfPage"] == absolute(in_language(item, language))


def test_a_news_item_written_ahead_of_its_day_was_not_modified_before_it(client):
    item = NewsItemFactory(date=timezone.localdate())
    type(item).objects.filter(pk=item.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=10)
    )
    article = only(json_ld(client.get(item.get_absolute_url())), "NewsArticle")
    assert article["dateModified"] == article["datePublished"] == item.date.isoformat()


def test_a_good_practice_is_an_article_about_its_topics_in_its_published_cities(client, lisbon):
    hidden_city = CityFactory(name_en="Hiddenville", is_published=False)
    topic = TopicFactory(name_en="Anti-rumours")
    practice = PracticeFactory(
        published=True, cities=[lisbon, hidden_city], topics=[topic], first_year=2014,
        last_year=2021, is_ongoing=False,
    )  # fmt: skip
    practice.images.add(ImageFactory())
    # Related practices share its topic: the draft one must never be named.
    PracticeFactory(published=True, topics=[topic], title_en="Published neighbour")
    PracticeFactory(topics=[topic], title_en="Draft neighbour")
    response = client.get(practice.get_absolute_url())
    assert "Published neighbour" in response.content.decode()  # the page lists it
    objects = json_ld(response)
    check_valid(objects)
    article = only(objects, "Article")
    check_main_article(article)
    assert article["headline"] == practice.title_en
    assert article["description"] == practice.purpose_en
    assert article["image"] == [absolute(practice.images.get().file.url)]
    published = datetime.datetime.fromisoformat(article["datePublished"])
    assert published == practice.published_at.replace(microsecond=0)
    assert article["about"] == [{"@type": "Thing", "name": "Anti-rumours"}]
    assert [place["name"] for place in article["spatialCoverage"]] == ["Lisbon"]
    assert article["temporalCoverage"] == "2014/2021"
    text = json.dumps(objects)
    assert "Hiddenville" not in text and "Draft neighbour" not in text


def test_an_ongoing_practice_without_public_city_is_placed_in_its_country(client):
    practice = PracticeFactory(
        published=True, country="NO", first_year=2014, is_ongoing=True,
        cities=[CityFactory(is_published=False)],
    )  # fmt: skip
    article = only(json_ld(client.get(practice.get_absolute_url())), "Article")
    assert article["spatialCoverage"] == {"@type": "Country", "name": "Norway"}
    assert article["temporalCoverage"] == "2014/.."


# --- Cities and networks ------------------------------------------------------------------


def test_a_city_lists_only_its_published_practices_events_and_news(client, lisbon):
    today = timezone.localdate()
    shown = [
        PracticeFactory(published=True, cities=[lisbon], title_en="Public practice"),
        EventFactory(host_cities=[lisbon], title_en="Public event"),
        NewsItemFactory(cities=[lisbon], title_en="Public news"),
    ]
    hidden = [
        PracticeFactory(cities=[lisbon], title_en="Draft practice"),
        PracticeFactory(cities=[lisbon], status="archived", title_en="Archived practice"),
        EventFactory(host_cities=[lisbon], is_published=False, title_en="Hidden event"),
        NewsItemFactory(cities=[lisbon], is_published=False, title_en="Hidden news"),
        NewsItemFactory(
            cities=[lisbon], date=today + datetime.timedelta(days=2), title_en="Future news"
        ),
    ]
    objects = json_ld(client.get(lisbon.get_absolute_url()))
    check_valid(objects)
    city = only(objects, "City")
    assert city["name"] == "Lisbon"
    assert city["address"] == {
        "@type": "PostalAddress", "addressLocality": "Lisbon", "addressCountry": "PT",
    }  # fmt: skip
    assert city["geo"]["latitude"] == 38.722252
    assert city["containedInPlace"] == {"@type": "Country", "name": "Portugal"}
    assert city["image"] == absolute(lisbon.image.file.url)
    assert city["sameAs"] == "https://www.lisboa.pt/"
    listed = {node["url"] for node in [*city["event"], *city["subjectOf"]]}
    assert listed == {absolute(item.get_absolute_url()) for item in shown}
    text = json.dumps(objects)
    for item in hidden:
        assert item.title_en not in text and item.slug not in text


def test_a_network_is_an_organization_with_its_published_events_and_news(client, lisbon):
    network = NetworkFactory(
        name_en="Portuguese network", acronym="RPCI", founded_year=2010,
        website="https://rpci.example.org/",
    )  # fmt: skip
    MembershipFactory(network=network, city=lisbon)
    public_event = EventFactory(network=network, host_cities=[lisbon])
    hidden_event = EventFactory(network=network, is_published=False, title_en="Hidden event")
    public_news = NewsItemFactory()
    future_news = NewsItemFactory(date=timezone.localdate() + datetime.timedelta(days=1))
    network.news_items.add(public_news, future_news)
    objects = json_ld(client.get(network.get_absolute_url()))
    check_valid(objects)
    data = only(objects, "Organization")
    assert (data["name"], data["alternateName"]) == ("Portuguese network", "RPCI")
    assert data["foundingDate"] == "2010"
    assert data["areaServed"] == {"@type": "Country", "name": "Portugal"}
    assert [event["url"] for event in data["event"]] == [absolute(public_event.get_absolute_url())]
    assert [news["url"] for news in data["subjectOf"]] == [absolute(public_news.get_absolute_url())]
    text = json.dumps(objects)
    assert hidden_event.slug not in text and future_news.slug not in text


# --- Every page of the demo site -------------------------------------------------------------

MAIN_TYPE = {Event: "Event", NewsItem: "NewsArticle", Practice: "Article", City: "City",
             Network: "Organization"}  # fmt: skip


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_detail_page_of_the_demo_site_is_described(client, language, settings, tmp_path):
    """Real content (online webinars, venues, several host cities, items without an image)."""
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    failures = []
    for model, type_name in MAIN_TYPE.items():
        for item in model.objects.published():
            response = client.get(in_language(item, language))
            try:
                objects = json_ld(response)
                check_valid(objects)
                assert only(objects, "BreadcrumbList")
                if model is Event and not has_a_place(item):
                    assert [entry["@type"] for entry in objects] == ["BreadcrumbList"]
                    continue
                main = only(objects, type_name)
                assert main.get("inLanguage", language) == language
            except AssertionError as error:
                failures.append(f"{item.get_absolute_url()}: {error}")
    assert failures == []


def has_a_place(event):
    return bool(
        event.is_online or event.place or event.country
        or event.host_cities.filter(is_published=True).exists()
    )  # fmt: skip


def test_an_event_with_no_known_place_is_not_described_as_an_event(client, lisbon):
    """Google rejects an Event without a location: the page keeps only its breadcrumbs, and
    the pages listing it leave it out."""
    nowhere = EventFactory(country="", place="", is_online=False, host_cities=[])
    network = NetworkFactory()
    somewhere = EventFactory(network=network, host_cities=[lisbon])
    nowhere.network = network
    nowhere.save()
    objects = json_ld(client.get(nowhere.get_absolute_url()))
    assert [entry["@type"] for entry in objects] == ["BreadcrumbList"]
    listed = only(json_ld(client.get(network.get_absolute_url())), "Organization")["event"]
    assert [event["url"] for event in listed] == [absolute(somewhere.get_absolute_url())]


# --- Home page, breadcrumbs, escaping, previews --------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_home_page_describes_the_programme_and_the_site_search(client, language):
    objects = json_ld(client.get(f"/{language}/"))
    check_valid(objects)
    organization = only(objects, "Organization")
    assert organization["url"] == absolute(f"/{language}/")
    # The logo is a file of the static folder, as large as Google asks (112 px at least).
    assert organization["logo"] == absolute(settings.STATIC_URL + LOGO)
    with Image.open(finders.find(LOGO)) as logo:
        assert min(logo.size) >= 112
    assert organization["parentOrganization"]["url"] == "https://www.coe.int/"
    site = only(objects, "WebSite")
    assert site["inLanguage"] == language
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == absolute(
        f"/{language}/search/?q={{search_term_string}}"
    )
    assert action["query-input"] == "required name=search_term_string"


def detail_items(city):
    network = NetworkFactory(name_en="Portuguese network")
    return {
        "event": EventFactory(host_cities=[city], network=network),
        "news": NewsItemFactory(cities=[city]),
        "city": city,
        "network": network,
        "practice": PracticeFactory(published=True, cities=[city]),
    }


@pytest.mark.parametrize("kind", ["event", "news", "city", "network", "practice"])
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_breadcrumbs_match_the_visible_trail(client, lisbon, kind, language):
    item = detail_items(lisbon)[kind]
    response = client.get(in_language(item, language))
    trail = only(json_ld(response), "BreadcrumbList")["itemListElement"]
    assert [crumb["name"] for crumb in trail] == visible_breadcrumbs(response)
    assert [crumb["position"] for crumb in trail] == list(range(1, len(trail) + 1))
    assert trail[0]["item"] == absolute(f"/{language}/")
    assert trail[-1]["item"] == absolute(in_language(item, language))
    assert len(trail) == 3


@pytest.mark.parametrize("kind", ["event", "news", "city", "network", "practice"])
def test_a_hostile_title_is_escaped_and_reads_back_unchanged(client, lisbon, kind):
    item = detail_items(lisbon)[kind]
    field = "name" if kind in ("city", "network") else "title"
    setattr(item, f"{field}_en", HOSTILE_TITLE)
    item.save()
    response = client.get(item.get_absolute_url())
    page = response.content.decode()
    assert "</script><script>alert(1)" not in page
    assert "<!--" not in "".join(JSON_LD_BLOCK.findall(page))
    objects = json_ld(response)
    main = next(item for item in objects if item["@type"] != "BreadcrumbList")
    assert main.get("name", main.get("headline")) == HOSTILE_TITLE
    assert only(objects, "BreadcrumbList")["itemListElement"][-1]["name"] == HOSTILE_TITLE


def test_json_ld_is_escaped_for_a_script_element():
    data = {"name": "</SCRIPT> & <!-- \u2028 é", "items": [1, 2.5, None, True]}
    text = json_ld_text(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data
    rendered = str(json_ld_script([data, {}, None, {"@type": "Thing"}]))
    assert rendered.count('<script type="application/ld+json">') == 2
    assert str(json_ld_script(None)) == "" and str(json_ld_script("")) == ""


@pytest.mark.parametrize("kind", ["event", "news", "city", "network", "practice"])
def test_previews_of_unpublished_items_carry_no_json_ld(secretariat_client, lisbon, kind):
    item = detail_items(lisbon)[kind]
    # Published, the secretariat sees the same JSON-LD as everyone (the test can tell).
    assert json_ld(secretariat_client.get(item.get_absolute_url()))
    if kind == "practice":
        item.status = "draft"
    else:
        item.is_published = False
    item.save()
    assert Client().get(item.get_absolute_url()).status_code == 404
    response = secretariat_client.get(item.get_absolute_url())
    assert response.context["is_preview"] is True
    assert json_ld(response) == []
    assert "application/ld+json" not in response.content.decode()


def test_a_coordinators_workspace_preview_carries_no_json_ld(client, coordinator, city):
    practice = PracticeFactory(cities=[city], title_en="Draft in the workspace")
    client.force_login(coordinator)
    response = client.get(reverse("workspace:practice_preview", args=[practice.pk]))
    assert "Draft in the workspace" in response.content.decode()
    assert json_ld(response) == []


def test_a_future_dated_news_item_previewed_carries_no_json_ld(secretariat_client):
    item = NewsItemFactory(date=timezone.localdate() + datetime.timedelta(days=5))
    response = secretariat_client.get(item.get_absolute_url())
    assert response.context["is_preview"] is True
    assert json_ld(response) == []


# --- Queries ------------------------------------------------------------------------------


def test_describing_a_page_reads_nothing_more_as_it_lists_more(client, lisbon):
    """The JSON-LD names what the page already loaded: the queries stay those of the page."""

    def add_items(count):
        for _ in range(count):
            PracticeFactory(published=True, cities=[lisbon, CityFactory()])
            EventFactory(host_cities=[lisbon, CityFactory()])
            NewsItemFactory(cities=[lisbon])

    def queries():
        cache.clear()  # both requests compute the page's memos
        with CaptureQueriesContext(connection) as captured:
            response = client.get(lisbon.get_absolute_url())
        return len(captured), len(only(json_ld(response), "City")["event"])

    add_items(2)
    few, listed_few = queries()
    add_items(10)
    many, listed_many = queries()
    assert (listed_few, listed_many) == (2, PAST_EVENTS_LIMIT)  # the past events the page shows
    assert many == few


def test_a_deployment_without_the_icon_still_describes_the_programme(settings, tmp_path):
    """Hashed static files without the icon (strict manifest): no logo, and no error."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils.functional import empty

    from icc.structured_data import organization_data

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    staticfiles_storage._wrapped = empty  # the lazy storage is built again from the settings
    try:
        organization = organization_data()
    finally:
        staticfiles_storage._wrapped = empty
    assert organization["name"] == "Intercultural Cities" and "logo" not in organization
