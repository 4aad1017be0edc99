"""Facet counts under combined filters, checked against counts computed here in plain Python.

Each listing gets a varied set of factory-made items (drafts and unpublished ones included);
for several filter combinations, every option of every facet must show how many items would
match with that option and the *other* active filters, and the result count must match too.
"""

import datetime
import random

import pytest
from django.utils import timezone

from practices.models import Topic
from tests.factories import (
    CityFactory,
    EventFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CURRENT_YEAR = timezone.localdate().year


def options_of(response):
    return {
        facet.param: {option.value: option.count for option in facet.options}
        for facet in response.context["facets"]
    }


def check_facets(response, items, filters, matchers, option_values):
    """Compare each facet option's count and the result count with the Python computation.

    ``matchers[param](item, value)`` says whether ``item`` matches ``param=value``; a facet
    with several values selected matches any of them.
    """

    def matches(item, skip=None):
        for param, values in filters.items():
            if param == skip:
                continue
            values = values if isinstance(values, list) else [values]
            if not any(matchers[param](item, value) for value in values):
                return False
        return True

    shown = options_of(response)
    assert response.context["result_count"] == sum(1 for item in items if matches(item))
    for param, matcher in matchers.items():
        base = [item for item in items if matches(item, skip=param)]
        expected = {
            value: sum(1 for item in base if matcher(item, value)) for value in option_values[param]
        }
        assert shown[param] == expected, f"facet {param} with filters {filters}"


# --- Good practices ----------------------------------------------------------------------------


def covers(practice, year):
    """The Year rule, restated independently: a range, or ongoing up to the current year."""
    first, last = practice["first_year"], practice["last_year"]
    if first is None or first > year:
        return False
    if last is not None:
        return year <= last
    if practice["is_ongoing"]:
        return year <= CURRENT_YEAR
    return year == first


@pytest.fixture
def practice_world():
    rng = random.Random(20240917)
    topics = [TopicFactory(name_en=f"Facet topic {i}") for i in range(4)]
    countries = ["PT", "NO", "ES"]
    cities = [CityFactory(country=country) for country in countries for _ in range(2)]
    items = []
    for index in range(45):
        city_choice = rng.sample(cities, rng.choice([0, 1, 1, 2]))
        country = str(city_choice[0].country) if city_choice else rng.choice(countries)
        first_year = rng.choice([None, 2012, 2015, 2018, CURRENT_YEAR - 1])
        last_year = None
        if first_year and rng.random() < 0.5:
            last_year = first_year + rng.choice([0, 1, 3])
        is_ongoing = bool(first_year and last_year is None and rng.random() < 0.6)
        topic_choice = rng.sample(topics, rng.choice([0, 1, 2, 3]))
        published = index % 5 != 0  # every fifth one is a draft the public must not count
        PracticeFactory(
            published=published, country=country, cities=city_choice, topics=topic_choice,
            first_year=first_year, last_year=last_year, is_ongoing=is_ongoing,
        )  # fmt: skip
        if published:
            items.append({
                "topics": {t.slug for t in topic_choice}, "country": country,
                "cities": {c.slug for c in city_choice}, "first_year": first_year,
                "last_year": last_year, "is_ongoing": is_ongoing,
            })  # fmt: skip
    return {"topics": topics, "cities": cities, "items": items}


PRACTICE_MATCHERS = {
    "topic": lambda item, value: value in item["topics"],
    "country": lambda item, value: item["country"] == value,
    "city": lambda item, value: value in item["cities"],
    "year": lambda item, value: covers(item, int(value)),
}


def practice_option_values(world):
    items = world["items"]
    first_years = [i["first_year"] for i in items if i["first_year"]]
    last = max([*first_years, *(i["last_year"] for i in items if i["last_year"])])
    if any(i["is_ongoing"] and i["last_year"] is None for i in items):
        last = max(last, CURRENT_YEAR)
    return {
        # Every topic of the taxonomy is an option (those of the data migration too).
        "topic": list(Topic.objects.values_list("slug", flat=True)),
        "country": sorted({i["country"] for i in items}),
        "city": sorted({slug for i in items for slug in i["cities"]}),
        "year": [str(year) for year in range(min(first_years), last + 1)],
    }


def practice_filter_combinations(world):
    a, b, c, _d = (t.slug for t in world["topics"])
    city = world["cities"][0].slug
    return [
        {},
        {"topic": [a]},
        {"topic": [a, b]},
        {"country": "PT"},
        {"year": "2016"},
        {"topic": [a], "country": "PT", "year": "2018"},
        {"topic": [b, c], "year": str(CURRENT_YEAR)},
        {"topic": [a, b, c], "country": "NO", "year": "2015"},
        {"city": city, "year": "2013"},
        {"country": "ES", "city": city},  # contradictory: nothing matches
    ]


def test_practice_facet_counts_match_an_independent_count(client, practice_world):
    values = practice_option_values(practice_world)
    for filters in practice_filter_combinations(practice_world):
        response = client.get("/en/practices/", filters)
        assert response.status_code == 200
        shown = options_of(response)
        # Same options the test expects (order aside), then the same counts.
        for param in PRACTICE_MATCHERS:
            assert sorted(shown[param]) == sorted(values[param]), param
        check_facets(response, practice_world["items"], filters, PRACTICE_MATCHERS, values)


def test_practice_facet_counts_also_hold_in_french(client, practice_world):
    values = practice_option_values(practice_world)
    filters = {"topic": [practice_world["topics"][1].slug], "year": "2018"}
    response = client.get("/fr/practices/", filters)
    check_facets(response, practice_world["items"], filters, PRACTICE_MATCHERS, values)


# --- Events -----------------------------------------------------------------------------------


@pytest.fixture
def event_world():
    rng = random.Random(1234)
    today = timezone.localdate()
    cities = [CityFactory(country=country) for country in ("PT", "NO", "CH")]
    networks = [NetworkFactory(), NetworkFactory()]
    kinds = ["meeting", "webinar", "study_visit"]
    items = []
    for index in range(40):
        start = rng.choice(
            [datetime.date(2015, 3, 1), datetime.date(2019, 6, 1), today - datetime.timedelta(days=40),
             today, today + datetime.timedelta(days=30)]
        )  # fmt: skip
        hosts = rng.sample(cities, rng.choice([0, 1, 2]))
        network = rng.choice([None, *networks])
        kind, country = rng.choice(kinds), rng.choice(["PT", "NO", "CH", ""])
        published = index % 6 != 0
        EventFactory(
            start_date=start, end_date=start, kind=kind, country=country, host_cities=hosts,
            network=network, is_published=published,
        )  # fmt: skip
        if published:
            items.append({
                "when": "upcoming" if start >= today else "past", "year": str(start.year),
                "kind": kind, "country": country, "cities": {c.slug for c in hosts},
                "network": network.slug if network else None,
            })  # fmt: skip
    return {"items": items, "cities": cities, "networks": networks}


EVENT_MATCHERS = {
    "when": lambda item, value: item["when"] == value,
    "year": lambda item, value: item["year"] == value,
    "kind": lambda item, value: item["kind"] == value,
    "country": lambda item, value: item["country"] == value,
    "city": lambda item, value: value in item["cities"],
    "network": lambda item, value: item["network"] == value,
}


def test_event_facet_counts_match_an_independent_count(client, event_world):
    from events.models import Event

    items = event_world["items"]
    values = {
        "when": ["upcoming", "past"],
        "year": sorted({i["year"] for i in items}),
        "kind": [value for value, _label in Event.Kind.choices],
        "country": sorted({i["country"] for i in items if i["country"]}),
        "city": sorted({slug for i in items for slug in i["cities"]}),
        "network": sorted({i["network"] for i in items if i["network"]}),
    }
    city, network = event_world["cities"][0].slug, event_world["networks"][0].slug
    for filters in [
        {},
        {"when": "past"},
        {"when": "upcoming", "kind": "webinar"},
        {"year": "2019", "country": "PT"},
        {"city": city, "network": network},
        {"when": "past", "year": "2015", "kind": "meeting", "city": city},
    ]:
        response = client.get("/en/events/", filters)
        check_facets(response, items, filters, EVENT_MATCHERS, values)


# --- News -------------------------------------------------------------------------------------


@pytest.fixture
def news_world():
    rng = random.Random(99)
    topics = [TopicFactory() for _ in range(3)]
    cities = [CityFactory() for _ in range(3)]
    networks = [NetworkFactory() for _ in range(2)]
    items = []
    future = timezone.localdate() + datetime.timedelta(days=10)
    for index in range(40):
        date = rng.choice(
            [datetime.date(2018, 1, 5), datetime.date(2021, 7, 1), datetime.date(2023, 2, 2)]
        )
        if index % 7 == 0:
            date = future  # scheduled: not public yet
        item_topics, item_cities = (
            rng.sample(topics, rng.choice([0, 1, 2])),
            rng.sample(cities, rng.choice([0, 1, 2])),
        )
        item_networks = rng.sample(networks, rng.choice([0, 1, 2]))
        published = index % 5 != 0
        item = NewsItemFactory(
            date=date, topics=item_topics, cities=item_cities, is_published=published
        )
        item.networks.set(item_networks)
        if published and date != future:
            items.append({
                "year": str(date.year), "topics": {t.slug for t in item_topics},
                "cities": {c.slug for c in item_cities}, "networks": {n.slug for n in item_networks},
            })  # fmt: skip
    return {"items": items, "topics": topics, "cities": cities, "networks": networks}


NEWS_MATCHERS = {
    "year": lambda item, value: item["year"] == value,
    "topic": lambda item, value: value in item["topics"],
    "city": lambda item, value: value in item["cities"],
    "network": lambda item, value: value in item["networks"],
}


def test_news_facet_counts_match_an_independent_count(client, news_world):
    items = news_world["items"]
    values = {
        "year": sorted({i["year"] for i in items}),
        "topic": list(Topic.objects.values_list("slug", flat=True)),
        "city": sorted({slug for i in items for slug in i["cities"]}),
        "network": sorted({slug for i in items for slug in i["networks"]}),
    }
    t0, t1 = news_world["topics"][0].slug, news_world["topics"][1].slug
    city, network = news_world["cities"][0].slug, news_world["networks"][1].slug
    for filters in [
        {},
        {"topic": [t0]},
        {"topic": [t0, t1], "year": "2021"},
        {"city": city, "network": network},
        {"year": "2018", "topic": [t1], "city": city},
    ]:
        response = client.get("/en/news/", filters)
        check_facets(response, items, filters, NEWS_MATCHERS, values)
