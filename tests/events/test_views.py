"""Public events pages: listing order and facets, bad input, drafts, detail, query counts."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cities.models import Network
from events.models import Event, EventHostCity
from icc.models import DocumentFile
from tests.factories import (
    CityFactory,
    DocumentFactory,
    EventFactory,
    NetworkFactory,
    NewsItemFactory,
    pdf_upload,
)
from tests.helpers import facet_options

pytestmark = pytest.mark.django_db

LIST_URL = "/en/events/"
# Session/user, one count and one grouped query per facet (plus its choices and filter
# validation), the page, its host cities: a constant, whatever the number of events.
MAX_LISTING_QUERIES = 30


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def titles(response):
    return [event.title for event in response.context["object_list"]]


def bulk_events(count, *, start, city=None, network=None, **fields):
    """``count`` published events created in two queries (bulk), one a day from ``start``."""
    events = [
        Event(
            title=f"Bulk event {i}",
            title_en=f"Bulk event {i}",
            title_fr=f"Événement {i}",
            slug=f"bulk-event-{start:%Y%m%d}-{i}",
            start_date=start + datetime.timedelta(days=i),
            end_date=start + datetime.timedelta(days=i),
            country="PT",
            network=network,
            **fields,
        )
        for i in range(count)
    ]
    events = Event.objects.bulk_create(events)
    if city:
        EventHostCity.objects.bulk_create(EventHostCity(event=e, city=city) for e in events)
    return events


# --- Listing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_listing_opens_in_both_languages(client, language):
    EventFactory(title_en="Summit", title_fr="Sommet", start_date=days(10), end_date=days(11))
    response = client.get(f"/{language}/events/")
    assert response.status_code == 200
    assert ("Summit" if language == "en" else "Sommet") in response.content.decode()


def test_default_listing_puts_upcoming_first_soonest_first_then_past_latest_first(client):
    EventFactory(title_en="Past 2019", start_date=datetime.date(2019, 5, 1))
    EventFactory(title_en="Past 2021", start_date=datetime.date(2021, 5, 1))
    EventFactory(title_en="Far future", start_date=days(60), end_date=days(60))
    EventFactory(title_en="Soon", start_date=days(3), end_date=days(4))
    EventFactory(title_en="Running now", start_date=days(-1), end_date=days(1))
    response = client.get(LIST_URL)
    assert titles(response) == ["Running now", "Soon", "Far future", "Past 2021", "Past 2019"]
    headings = [group["heading"] for group in response.context["event_groups"]]
    assert headings == ["Upcoming events", "Past events in 2021", "Past events in 2019"]
    assert "Upcoming events come first" in response.content.decode()


def test_when_filter_shows_only_upcoming_or_only_past_with_counts(client):
    EventFactory(title_en="Old", start_date=datetime.date(2019, 5, 1))
    EventFactory(title_en="Next", start_date=days(5), end_date=days(5))
    EventFactory(title_en="Later", start_date=days(9), end_date=days(9))
    upcoming = client.get(LIST_URL, {"when": "upcoming"})
    assert titles(upcoming) == ["Next", "Later"]
    assert titles(client.get(LIST_URL, {"when": "past"})) == ["Old"]
    counts = facet_options(upcoming, "when")
    assert (counts["upcoming"].count, counts["past"].count) == (2, 1)
    assert counts["upcoming"].selected


def test_year_kind_country_city_network_filters(client):
    lisbon = CityFactory(name_en="Lisbon", country="PT")
    oslo = CityFactory(name_en="Oslo", country="NO")
    network = NetworkFactory(name_en="RECI")
    EventFactory(
        title_en="Match", start_date=datetime.date(2018, 3, 1), kind=Event.Kind.WEBINAR,
        country="PT", host_cities=[lisbon, oslo], network=network,
    )  # fmt: skip
    EventFactory(title_en="Other year", start_date=datetime.date(2017, 3, 1), host_cities=[lisbon])
    EventFactory(title_en="Other city", start_date=datetime.date(2018, 4, 1), host_cities=[oslo])
    response = client.get(
        LIST_URL,
        {
            "year": 2018,
            "kind": "webinar",
            "country": "PT",
            "city": lisbon.slug,
            "network": network.slug,
        },
    )
    assert titles(response) == ["Match"]
    assert len(response.context["active_filters"]) == 5
    # A two-city event is counted once per city option, never twice in a total.
    by_city = facet_options(client.get(LIST_URL, {"year": 2018}), "city")
    assert by_city[lisbon.slug].count == 1
    assert by_city[oslo.slug].count == 2


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "99999999999"},
        {"kind": "unknown"},
        {"country": "XX"},
        {"city": "nope"},
        {"network": "nope"},
        {"when": "tomorrow"},
    ],
)
def test_bad_filter_value_is_reported_and_ignored(client, query):
    EventFactory(title_en="Still listed")
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    assert titles(response) == ["Still listed"]
    assert response.context["invalid_filters"]
    assert "not understood" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "99999", "-1"])
def test_bad_page_number_shows_a_page_with_a_message(client, page):
    bulk_events(25, start=datetime.date(2016, 1, 1))
    response = client.get(LIST_URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page_warning"]
    assert len(response.context["object_list"]) > 0


def test_very_long_query_string_does_not_fail(client):
    EventFactory()
    response = client.get(LIST_URL + "?year=" + "9" * 2000 + "&kind=" + "x" * 2000)
    assert response.status_code == 200


def test_pagination_keeps_the_filters(client):
    bulk_events(25, start=datetime.date(2016, 1, 1), kind=Event.Kind.SEMINAR)
    response = client.get(LIST_URL, {"kind": "seminar"})
    assert 'href="?kind=seminar&amp;page=2"' in response.content.decode()
    second = client.get(LIST_URL, {"kind": "seminar", "page": 2})
    assert len(second.context["object_list"]) == 5


def test_unpublished_events_are_not_listed(client):
    EventFactory(title_en="Hidden draft", is_published=False)
    response = client.get(LIST_URL)
    assert "Hidden draft" not in response.content.decode()
    assert response.context["result_count"] == 0


def test_listing_queries_do_not_grow_with_items_or_filters(client, django_assert_max_num_queries):
    city = CityFactory()
    network = NetworkFactory()
    bulk_events(150, start=datetime.date(2010, 1, 1), city=city, network=network)
    bulk_events(150, start=days(1), city=city)
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        response = client.get(LIST_URL)
    assert len(response.context["object_list"]) == 20
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        response = client.get(
            LIST_URL,
            {"when": "past", "year": 2010, "kind": "meeting", "country": "PT",
             "city": city.slug, "network": network.slug},
        )  # fmt: skip
    assert response.context["result_count"] == 150


# --- Detail ----------------------------------------------------------------------------------


def test_detail_shows_dates_place_hosts_network_documents_and_related_news(client):
    lisbon = CityFactory(name_en="Lisbon", name_fr="Lisbonne", country="PT")
    network = NetworkFactory(name_en="Portuguese network", name_fr="Réseau portugais")
    event = EventFactory(
        title_en="Annual meeting", start_date=days(30), end_date=days(31), country="PT",
        host_cities=[lisbon], network=network, interpretation_languages=["en", "fr"],
        registration_url="https://example.org/register", registration_deadline=days(20),
        description_en="First line.\n\nSecond paragraph.",
    )  # fmt: skip
    document = DocumentFactory(title_en="Agenda")
    DocumentFile.objects.create(document=document, language="fr", file=pdf_upload("agenda-fr.pdf"))
    event.documents.add(document)
    NewsItemFactory(title_en="We met in Lisbon").events.add(event)
    NewsItemFactory(title_en="Draft news", is_published=False).events.add(event)

    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Lisbon (Portugal)" in html
    assert f'href="{lisbon.get_absolute_url()}"' in html
    assert f'href="{network.get_absolute_url()}"' in html
    assert 'hreflang="en"' in html and 'hreflang="fr"' in html
    assert '<span class="file-details">PDF, 1 KB</span>' in html  # the file's kind and size
    assert "https://example.org/register" in html
    assert "English, French" in html
    assert "<p>Second paragraph.</p>" in html
    assert "We met in Lisbon" in html
    assert "Draft news" not in html


def test_detail_in_french(client):
    event = EventFactory(
        start_date=datetime.date(2015, 10, 29), end_date=datetime.date(2015, 10, 30)
    )
    with translation.override("fr"):
        url = event.get_absolute_url()
    response = client.get(url)
    assert url.startswith("/fr/")
    assert "29-30 octobre 2015" in response.content.decode()


def test_registration_is_hidden_once_the_deadline_has_passed(client):
    event = EventFactory(
        start_date=days(10), end_date=days(10), registration_url="https://example.org/reg",
        registration_deadline=days(-1),
    )  # fmt: skip
    assert "https://example.org/reg" not in client.get(event.get_absolute_url()).content.decode()


def test_unpublished_event_is_404_for_the_public_and_a_preview_for_the_secretariat(
    secretariat_client,
):
    event = EventFactory(is_published=False)
    assert Client().get(event.get_absolute_url()).status_code == 404
    response = secretariat_client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_preview"] is True
    assert "no-store" in response["Cache-Control"]


def test_unknown_slug_is_404(client):
    assert client.get("/en/events/no-such-event/").status_code == 404


def test_detail_queries_are_bounded(client, django_assert_max_num_queries):
    cities = [CityFactory() for _ in range(6)]
    event = EventFactory(host_cities=cities, network=NetworkFactory())
    for _ in range(8):
        document = DocumentFactory()
        event.documents.add(document)
    for _ in range(8):
        NewsItemFactory().events.add(event)
    with django_assert_max_num_queries(12):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200


def test_network_of_an_event_links_only_when_public(client):
    network = NetworkFactory(is_published=False)
    event = EventFactory(network=network)
    html = client.get(event.get_absolute_url()).content.decode()
    assert network.name in html
    assert reverse("networks:network_detail", kwargs={"slug": network.slug}) not in html
    assert Network.objects.published().count() == 0
