"""The network in figures: each number against a count made independently from the database
and against the listing that shows the same items."""

import datetime
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cities.models import City
from events.models import Event
from icc.figures import stats
from practices.models import Practice, Topic
from tests.factories import (
    CityFactory,
    EventFactory,
    MembershipFactory,
    NetworkFactory,
    PracticeFactory,
    TopicFactory,
)
from tests.figures.helpers import SVG, charts, page_queries, table_rows

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def network_content():
    """Members in three countries, a former member, a draft city, practices and events."""
    cities = [
        CityFactory(name_en="Lisbon", name_fr="Lisbonne", country="PT", joined_year=2011),
        CityFactory(name_en="Porto", country="PT", joined_year=2014),
        CityFactory(name_en="Braga", country="PT", joined_year=2014),
        CityFactory(name_en="Oslo", country="NO", joined_year=2008),
        CityFactory(name_en="Bergen", country="NO", joined_year=None),
        CityFactory(name_en="Montreal", name_fr="Montréal", country="CA", joined_year=2011),
    ]
    CityFactory(name_en="Liverpool", country="GB", joined_year=2010, status=City.Status.FORMER)
    CityFactory(name_en="Draft town", country="IT", joined_year=2009, is_published=False)
    network = NetworkFactory()
    MembershipFactory(network=network, city=cities[0], joined=datetime.date(2012, 5, 1))
    MembershipFactory(
        network=network,
        city=cities[1],
        joined=datetime.date(2013, 1, 1),
        left=datetime.date(2016, 6, 30),
    )
    MembershipFactory(network=NetworkFactory(is_published=False), city=cities[2])
    education = TopicFactory(name_en="Schooling", name_fr="Scolarité", slug="schooling")
    housing = TopicFactory(name_en="Housing", name_fr="Logement", slug="housing")
    PracticeFactory(published=True, cities=[cities[0]], topics=[education, housing])
    PracticeFactory(published=True, cities=[cities[0], cities[3]], topics=[education])
    PracticeFactory(published=True, cities=[cities[5]])
    PracticeFactory(cities=[cities[0]], topics=[education])  # a draft
    EventFactory(start_date=datetime.date(2015, 3, 1))
    EventFactory(start_date=datetime.date(2015, 11, 1))
    EventFactory(start_date=datetime.date(2019, 4, 1))
    EventFactory(start_date=datetime.date(2019, 4, 2), is_published=False)
    return {"cities": cities, "education": education, "housing": housing}


def listing_facet(client, url, param):
    """{value: count} of a listing's facet, as the listing computes it."""
    response = client.get(url)
    facet = next(facet for facet in response.context["facets"] if facet.param == param)
    return {option.value: option.count for option in facet.options}


def test_cities_by_country_match_the_database_and_the_listing_facet(client, network_content):
    expected = Counter(
        city.country.code for city in City.objects.filter(is_published=True, status="member")
    )
    figures = {code: count for code, _name, count in stats.cities_by_country()}
    assert figures == dict(expected) == {"PT": 3, "NO": 2, "CA": 1}
    facet = listing_facet(client, f"{reverse('cities:city_list')}?status=member", "country")
    assert figures == {code: count for code, count in facet.items() if count}
    # Most cities first.
    assert [code for code, _name, _count in stats.cities_by_country()][0] == "PT"


def test_practices_per_topic_match_the_database_and_the_listing_facet(client, network_content):
    published = Practice.objects.filter(status=Practice.Status.PUBLISHED)
    expected = {
        topic.slug: sum(1 for practice in published if topic in practice.topics.all())
        for topic in Topic.objects.all()
    }
    figures = {slug: count for slug, _name, count in stats.practices_per_topic()}
    assert figures == expected
    assert figures["schooling"] == 2 and figures["housing"] == 1
    facet = listing_facet(client, reverse("practices:practice_list"), "topic")
    assert {slug: count for slug, count in figures.items() if count} == {
        slug: count for slug, count in facet.items() if count
    }


def test_events_per_year_match_the_database_and_the_listing_facet(client, network_content):
    expected = Counter(event.start_date.year for event in Event.objects.filter(is_published=True))
    assert dict(stats.events_per_year()) == dict(expected) == {2015: 2, 2019: 1}
    facet = listing_facet(client, reverse("events:event_list"), "year")
    assert {int(year): count for year, count in facet.items()} == dict(expected)


def test_members_per_year_counts_todays_members_from_the_year_they_joined(network_content):
    data = stats.members_per_year()
    rows = {year: (members, networks) for year, members, networks in data["rows"]}
    assert min(rows) == 2008 and max(rows) == THIS_YEAR
    members = [city for city in network_content["cities"] if city.joined_year]
    for year, (count, _networks) in rows.items():
        assert count == sum(1 for city in members if city.joined_year <= year), year
    # The last year is the number of member cities with a joining year; the others are told.
    assert rows[THIS_YEAR][0] == 5
    assert data["undated"] == 1  # Bergen
    assert data["former"] == 1  # Liverpool: not counted, though it joined in 2010
    assert rows[2010][0] == 1


def test_members_in_networks_follow_the_dates_of_the_memberships(network_content):
    rows = {year: networks for year, _members, networks in stats.members_per_year()["rows"]}
    # Lisbon from May 2012; Porto from 2013 until June 2016; Braga's network is unpublished.
    assert rows[2011] == 0
    assert rows[2012] == 1
    assert rows[2013] == rows[2015] == 2
    assert rows[2016] == 1
    assert rows[THIS_YEAR] == 1


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_figures_page_shows_each_chart_with_its_table(client, network_content, language):
    with translation.override(language):
        url = reverse("figures:network_figures")
    assert url == f"/{language}/figures/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    svgs = charts(html)
    assert len(svgs) == 4
    for svg in svgs:
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # The tables in the order of the charts: members, countries, topics, events.
    countries = table_rows(html, 1)
    country_names = {"en": ("Portugal", "Norway"), "fr": ("Portugal", "Norvège")}[language]
    assert countries[country_names[0]] == [3] and countries[country_names[1]] == [2]
    topics = table_rows(html, 2)
    assert topics[{"en": "Schooling", "fr": "Scolarité"}[language]] == [2]
    assert table_rows(html, 3) == {"2015": [2], "2019": [1]}


def test_the_members_table_gives_both_series(client, network_content):
    html = client.get(reverse("figures:network_figures")).content.decode()
    rows = table_rows(html, "Member cities per year")
    assert rows["2012"] == [3, 1]
    assert rows[str(THIS_YEAR)] == [5, 1]
    assert "1 former member city is not counted" in html
    assert "1 member city has no known joining year" in html


def test_the_charts_draw_the_numbers_of_their_tables(client, network_content):
    html = client.get(reverse("figures:network_figures")).content.decode()
    countries = charts(html)[1]
    drawn = [text.text for text in countries.iter(f"{SVG}text")]
    # Label then value, for each bar, in the table's order.
    assert drawn[:6] == ["Portugal", "3", "Norway", "2", "Canada", "1"]
    bars = list(countries.iter(f"{SVG}rect"))
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[0] / 3 == pytest.approx(widths[1] / 2, abs=0.1)
    assert widths[1] / 2 == pytest.approx(widths[2], abs=0.1)


def test_an_empty_site_has_a_figures_page(client):
    Topic.objects.all().delete()
    response = client.get(reverse("figures:network_figures"))
    assert response.status_code == 200
    assert "Nothing to count yet." in response.content.decode()


def test_the_figures_change_with_the_content(client, network_content):
    url = reverse("figures:network_figures")
    client.get(url)
    CityFactory(country="NO", joined_year=2020)
    html = client.get(url).content.decode()
    assert table_rows(html, "Member cities by country")["Norway"] == [3]


def count_page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(page_queries(captured))


def add_cities(count, start):
    for index in range(count):
        city = CityFactory(country=["PT", "ES", "IT"][index % 3], joined_year=2008 + index % 15)
        PracticeFactory(published=True, cities=[city], topics=[])
        EventFactory(start_date=datetime.date(2010 + index % 12, 1, 1))
        MembershipFactory(city=city, network=NetworkFactory(), joined=datetime.date(start, 1, 1))


def test_the_figures_page_costs_the_same_queries_with_more_content(client, settings):
    settings.PAGE_CACHE = False
    url = reverse("figures:network_figures")
    add_cities(5, 2012)
    cold_small, warm_small = count_page_queries(client, url), count_page_queries(client, url)
    add_cities(40, 2016)
    cache.clear()
    cold_large, warm_large = count_page_queries(client, url), count_page_queries(client, url)
    assert (cold_small, warm_small) == (cold_large, warm_large)
    assert cold_large <= 10
    assert warm_large == 0  # everything from the memo


def test_the_sitemap_lists_the_figures_page(client):
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert re.search(r"<loc>[^<]*/en/figures/</loc>", xml)
    assert re.search(r"<loc>[^<]*/fr/figures/</loc>", xml)
