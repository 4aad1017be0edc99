"""Maps of cities: the projections, the fitting, and the maps of the listings and the home page
compared with the cities and practices the database holds."""

import json
import math
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cities.models import City
from icc.figures import maps
from icc.figures.listing_maps import city_listing_map, practice_listing_map
from icc.figures.projections import EUROPE_CENTRE, europe, world
from tests.factories import CityFactory, PracticeFactory, TopicFactory
from tests.figures.helpers import MAP_SVG, map_links, page_queries

pytestmark = pytest.mark.django_db

PLACES = {
    "PT": ("38.72", "-9.14"),
    "ES": ("41.39", "2.17"),
    "NO": ("59.91", "10.75"),
    "JP": ("34.71", "137.73"),
    "CA": ("45.50", "-73.57"),
}


def located_city(country="PT", offset=0, **fields):
    latitude, longitude = PLACES[country]
    return CityFactory(
        country=country,
        latitude=f"{float(latitude) + offset * 0.01:.6f}",
        longitude=f"{float(longitude) + offset * 0.01:.6f}",
        **fields,
    )


# Projections and shapes


def test_the_europe_projection_is_centred_on_europe_and_equal_area():
    assert europe(*EUROPE_CENTRE) == pytest.approx((0, 0), abs=1e-6)
    x, y = europe(EUROPE_CENTRE[0], EUROPE_CENTRE[1] + 1)
    assert x == pytest.approx(0, abs=1e-6) and y == pytest.approx(111.2, abs=0.5)  # 1° of latitude


def test_the_world_projection_is_symmetric_and_keeps_the_equator_straight():
    assert world(0, 0) == pytest.approx((0, 0))
    east, west = world(90, 30), world(-90, 30)
    assert east[0] == pytest.approx(-west[0]) and east[1] == pytest.approx(west[1])
    assert world(45, 0)[1] == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize("name", ["europe", "world"])
def test_the_shipped_shapes_are_small_and_cover_the_member_countries(name):
    path = maps.DATA / f"{name}.json"
    assert path.stat().st_size < 150_000
    data = json.loads(path.read_text())
    codes = {country["code"] for country in data["countries"]}
    assert {"PT", "FR", "DE", "NO", "TR", "MA"} <= codes
    if name == "world":
        assert {"CA", "MX", "JP", "KR", "AU"} <= codes
    for _code, rings in maps.shapes(name):
        for points, (left, bottom, right, top) in rings:
            assert len(points) >= 4
            assert right - left < 25_000 and top - bottom < 25_000  # nothing wraps round


def test_a_map_is_never_narrower_than_its_minimum_span_and_keeps_its_aspect():
    one_city = [europe(-9.14, 38.72)]
    x0, y0, x1, y1 = maps.fit("europe", one_city)
    assert x1 - x0 >= maps.MIN_SPAN_KM["europe"]
    low, high = maps.ASPECT
    assert low - 1e-9 <= (y1 - y0) / (x1 - x0) <= high + 1e-9
    assert x0 < one_city[0][0] < x1 and y0 < one_city[0][1] < y1


def test_cities_far_from_europe_get_a_panel_of_their_own():
    near = maps.Place("/a/", "Lisbon, Portugal", "Lisbon", -9.14, 38.72, "PT")
    far = maps.Place("/b/", "Montreal, Canada", "Montreal", -73.57, 45.5, "CA")
    equator = maps.Place("/c/", "Nowhere", "Nowhere", 0.0, 0.0, "")
    html = maps.render_map("test-map", [near, far, equator], title="Map", caption="Caption")
    panels = MAP_SVG.findall(html)
    assert len(panels) == 2
    assert 'href="/a/"' in panels[0] and 'href="/b/"' in panels[1] and 'href="/c/"' in panels[1]
    assert map_links(html) == [("/a/", "Lisbon, Portugal"), ("/b/", "Montreal, Canada"),
                               ("/c/", "Nowhere")]  # fmt: skip
    # Every point lies inside its panel.
    for panel in panels:
        width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', panel).groups())
        for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', panel):
            assert 0 < float(x) < width and 0 < float(y) < height


def test_numbers_in_a_map_are_not_localised(client):
    located_city("PT", name_en="Lisbon")
    with translation.override("fr"):
        html = client.get(reverse("cities:city_list")).content.decode()
    panel = MAP_SVG.findall(html)[0]
    assert re.search(r'cx="\d+\.\d"', panel) and not re.search(r'c[xy]="\d+,\d"', panel)


# The cities listing


def test_the_city_map_links_exactly_the_filtered_listings_cities_on_every_page(client):
    portuguese = [located_city("PT", offset=index) for index in range(34)]
    former = located_city("PT", offset=40, name_en="Old town", status=City.Status.FORMER)
    CityFactory(country="PT", latitude=None, longitude=None)  # listed, but not on the map
    located_city("PT", is_published=False)
    located_city("ES")
    response = client.get(f"{reverse('cities:city_list')}?country=PT")
    assert response.context["paginator"].num_pages == 2  # more cities than one page holds
    html = response.content.decode()
    links = map_links(html)
    expected = {city.get_absolute_url() for city in [*portuguese, former]}
    assert {href for href, _name in links} == expected
    assert len(links) == len(expected)
    names = dict(links)
    assert names[portuguese[0].get_absolute_url()] == f"{portuguese[0].name}, Portugal"
    assert names[former.get_absolute_url()] == "Old town, Portugal (former member)"
    assert "1 city has no known location and is not on the map." in html


def test_the_city_map_follows_the_listings_order(client):
    for name in ("Zagreb town", "Aveiro", "Mafra"):
        located_city("PT", name_en=name)
    response = client.get(reverse("cities:city_list"))
    listed = [city.get_absolute_url() for city in response.context["view"].listing_queryset()]
    assert [href for href, _name in map_links(response.content.decode())] == listed


def test_a_city_map_ignores_bad_filters(client):
    located_city("PT")
    response = client.get(f"{reverse('cities:city_list')}?country=ZZ&joined=soon&page=x")
    assert response.status_code == 200
    assert len(map_links(response.content.decode())) == 1


def test_no_city_no_map(client):
    response = client.get(f"{reverse('cities:city_list')}?country=NO")
    assert response.status_code == 200
    assert "city-map__svg" not in response.content.decode()


def test_a_listing_seen_before_gets_its_map_without_a_query(client):
    located_city("PT")
    response = client.get(reverse("cities:city_list"))
    view = response.context["view"]
    with CaptureQueriesContext(connection) as captured:
        city_listing_map(view)
    assert page_queries(captured) == []


def test_a_new_city_is_on_the_map_at_once(client):
    located_city("PT")
    client.get(reverse("cities:city_list"))
    located_city("NO")
    assert len(map_links(client.get(reverse("cities:city_list")).content.decode())) == 2


def listing_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(page_queries(captured))


@pytest.mark.parametrize(
    "url_name, query", [("cities:city_list", "?country=PT"), ("practices:practice_list", "")]
)
def test_the_maps_add_no_query_that_grows_with_the_items(client, settings, url_name, query):
    from django.core.cache import cache

    settings.PAGE_CACHE = False
    url = reverse(url_name) + query

    def add(count):
        for index in range(count):
            city = located_city(["PT", "NO", "JP"][index % 3], offset=index)
            PracticeFactory(published=True, cities=[city], country=city.country)

    add(5)
    cache.clear()
    small = listing_queries(client, url), listing_queries(client, url)
    add(60)
    cache.clear()
    large = listing_queries(client, url), listing_queries(client, url)
    assert small == large
    assert len(map_links(client.get(url).content.decode())) >= 20


# The practices listing


def test_the_practice_map_sizes_each_city_by_its_practices_under_the_filters(client):
    topic = TopicFactory(slug="schooling", name_en="Schooling")
    lisbon = located_city("PT", name_en="Lisbon")
    oslo = located_city("NO", name_en="Oslo")
    madrid = located_city("ES", name_en="Madrid")
    for _ in range(4):
        PracticeFactory(published=True, cities=[lisbon], topics=[topic])
    PracticeFactory(published=True, cities=[lisbon, oslo], topics=[topic])
    PracticeFactory(published=True, cities=[madrid])  # not of the topic
    PracticeFactory(cities=[oslo], topics=[topic])  # a draft
    url = f"{reverse('practices:practice_list')}?topic=schooling"
    html = client.get(url).content.decode()
    links = map_links(html)
    assert [name for _href, name in links] == [
        "Lisbon, Portugal: 5 good practices",
        "Oslo, Norway: 1 good practice",
    ]
    assert links[0][0] == f"{reverse('practices:practice_list')}?topic=schooling&city={lisbon.slug}"
    panel = MAP_SVG.findall(html)[0]
    radii = [float(r) for r in re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="([\d.]+)"', panel)]
    # Areas in proportion: 5 practices and 1.
    assert radii == [
        maps.LARGEST_RADIUS,
        pytest.approx(maps.LARGEST_RADIUS / math.sqrt(5), abs=0.1),
    ]
    # The counts are the listing's city facet.
    response = client.get(url)
    facet = next(facet for facet in response.context["facets"] if facet.param == "city")
    counts = {option.value: option.count for option in facet.options if option.count}
    assert counts == {lisbon.slug: 5, oslo.slug: 1}


def test_a_practice_map_seen_before_costs_no_query(client):
    PracticeFactory(published=True, cities=[located_city("PT")])
    response = client.get(reverse("practices:practice_list"))
    with CaptureQueriesContext(connection) as captured:
        practice_listing_map(response.context["view"])
    assert page_queries(captured) == []


# The home page


def test_the_home_map_shows_every_member_city_with_a_location(client):
    members = [located_city("PT", offset=index) for index in range(3)] + [located_city("JP")]
    located_city("PT", status=City.Status.FORMER)
    located_city("PT", is_published=False)
    CityFactory(latitude=None, longitude=None)
    html = client.get(reverse("home")).content.decode()
    links = map_links(html)
    assert {href for href, _name in links} == {city.get_absolute_url() for city in members}
    assert reverse("figures:network_figures") in html
