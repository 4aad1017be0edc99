"""The facets of issue 11 on the good-practices listing: city size, network, ongoing or ended,
evaluation and documents.

Each facet's counts are checked against counts computed here, in plain Python, from what the
test itself created (the rules restated independently of practices/filters.py), under other
active filters old and new, in both languages; then with filter combinations drawn by
Hypothesis. Bad values are ignored (never a 500) and the number of queries does not grow with
the number of practices.
"""

import datetime
import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icc.caching.invalidation import bump_after_commit
from practices.models import Practice, PracticeCity, Topic
from tests.factories import (
    CityFactory,
    DocumentFactory,
    MembershipFactory,
    NetworkFactory,
    PracticeFactory,
    TopicFactory,
)
from tests.helpers import facet_options, text
from tests.practices.test_facets import check_facets, covers, options_of
from tests.test_query_counts import TRANSACTION_STATEMENTS

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CURRENT_YEAR = TODAY.year
SIZE_VALUES = ["under-50k", "50k-100k", "100k-200k", "200k-500k", "500k-1m", "over-1m"]
NEW_FACETS = ("size", "network", "running", "evaluation", "documents")


def size_band(population):
    """The band of a population, restated: bounds 50,000 / 100,000 / 200,000 / 500,000 /
    1,000,000, each bound belonging to the band above it."""
    if population is None:
        return None
    bounds = [50_000, 100_000, 200_000, 500_000, 1_000_000]
    return SIZE_VALUES[sum(1 for bound in bounds if population >= bound)]


def in_force(joined, left):
    return (joined is None or joined <= TODAY) and (left is None or left > TODAY)


def is_ongoing(item):
    """Said to run by its city, not confirmed ended since, and no last year already past."""
    return (
        item["is_ongoing"]
        and item["ended_on"] is None
        and (item["last_year"] is None or item["last_year"] >= CURRENT_YEAR)
    )


MATCHERS = {
    "topic": lambda item, value: value in item["topics"],
    "country": lambda item, value: item["country"] == value,
    "city": lambda item, value: value in item["cities"],
    "year": lambda item, value: covers(item, int(value)),
    "size": lambda item, value: value in item["sizes"],
    "network": lambda item, value: value in item["networks"],
    "running": lambda item, value: (value == "ongoing") == is_ongoing(item),
    "evaluation": lambda item, value: (value == "yes") == item["has_evaluation"],
    "documents": lambda item, value: (value == "yes") == item["has_documents"],
}


@pytest.fixture
def world():
    """About sixty practices over cities of every size band (bounds included), networks whose
    memberships are current, ended or not begun, and varied years, evaluations and documents;
    every fifth practice is a draft that nothing may count."""
    rng = random.Random(110511)
    day = datetime.timedelta(days=1)
    populations = [
        None, 12_000, 49_999, 50_000, 75_000, 100_000, 150_000, 199_999, 200_000,
        480_000, 500_000, 999_999, 1_000_000, 2_500_000,
    ]  # fmt: skip
    countries = ["PT", "NO", "ES"]
    cities = [
        CityFactory(population=population, country=countries[index % 3])
        for index, population in enumerate(populations)
    ]
    networks = [NetworkFactory() for _ in range(3)]
    hidden_network = NetworkFactory(is_published=False)
    spells = [
        (None, None),
        (datetime.date(2015, 1, 1), None),
        (datetime.date(2012, 1, 1), TODAY - day),  # left yesterday: no longer a member
        (datetime.date(2012, 1, 1), TODAY + day),  # leaves tomorrow: still a member today
        (TODAY + day, None),  # joins tomorrow: not a member yet
        (TODAY, None),  # joined today
    ]
    membership_of = {city.pk: set() for city in cities}
    for city in cities:
        for network in rng.sample([*networks, hidden_network], rng.choice([0, 1, 2])):
            joined, left = rng.choice(spells)
            MembershipFactory(network=network, city=city, joined=joined, left=left)
            if in_force(joined, left) and network.is_published:
                membership_of[city.pk].add(network.slug)
    topics = [TopicFactory() for _ in range(3)]
    documents = [DocumentFactory(with_file=False) for _ in range(3)]
    evaluations = [
        {}, {"evaluation_en": "Measured by a survey."}, {"evaluation_fr": "Mesurée par une enquête."},
        {"evaluation_en": "Two reports.", "evaluation_fr": "Deux rapports."},
    ]  # fmt: skip
    items = []
    for index in range(60):
        chosen = rng.sample(cities, rng.choice([0, 1, 1, 2, 3]))
        country = str(chosen[0].country) if chosen else rng.choice(countries)
        first_year = rng.choice([None, 2012, 2018, CURRENT_YEAR - 1])
        last_year = None
        if first_year and rng.random() < 0.5:
            last_year = rng.choice([first_year, CURRENT_YEAR - 1, CURRENT_YEAR, CURRENT_YEAR + 2])
            last_year = max(last_year, first_year)
        ongoing = rng.random() < 0.6
        # Confirmed ended by the yearly check, even where "ongoing" was left ticked.
        ended_on = TODAY - datetime.timedelta(days=30) if rng.random() < 0.15 else None
        evaluation = rng.choice(evaluations)
        attached = rng.sample(documents, rng.choice([0, 0, 1, 2]))
        chosen_topics = rng.sample(topics, rng.choice([0, 1, 2]))
        published = index % 5 != 0
        practice = PracticeFactory(
            published=published, country=country, cities=chosen, topics=chosen_topics,
            first_year=first_year, last_year=last_year, is_ongoing=ongoing, ended_on=ended_on,
            **evaluation,
        )  # fmt: skip
        practice.documents.set(attached)
        if published:
            items.append({
                "topics": {t.slug for t in chosen_topics}, "country": country,
                "cities": {c.slug for c in chosen}, "first_year": first_year,
                "last_year": last_year, "is_ongoing": ongoing, "ended_on": ended_on,
                "sizes": {size_band(c.population) for c in chosen} - {None},
                "networks": set().union(*(membership_of[c.pk] for c in chosen)),
                "has_evaluation": bool(evaluation), "has_documents": bool(attached),
            })  # fmt: skip
    return {
        "items": items, "cities": cities, "networks": networks, "topics": topics,
        "hidden_network": hidden_network,
    }  # fmt: skip


def option_values(world):
    items = world["items"]
    first_years = [i["first_year"] for i in items if i["first_year"]]
    last = max([*first_years, *(i["last_year"] for i in items if i["last_year"])])
    if any(i["is_ongoing"] and i["last_year"] is None for i in items):
        last = max(last, CURRENT_YEAR)
    return {
        "topic": list(Topic.objects.values_list("slug", flat=True)),
        "country": sorted({i["country"] for i in items}),
        "city": sorted({slug for i in items for slug in i["cities"]}),
        "year": [str(year) for year in range(min(first_years), last + 1)],
        "size": SIZE_VALUES,
        # Published networks with a member city today that has a published practice.
        "network": sorted({slug for i in items for slug in i["networks"]}),
        "running": ["ongoing", "ended"],
        "evaluation": ["yes", "no"],
        "documents": ["yes", "no"],
    }


def check(client, world, filters, language="en"):
    response = client.get(f"/{language}/practices/", filters)
    assert response.status_code == 200
    values = option_values(world)
    shown = options_of(response)
    for param in NEW_FACETS:
        assert sorted(shown[param]) == sorted(values[param]), param
    check_facets(response, world["items"], filters, MATCHERS, values)
    return response


def test_the_world_has_something_in_every_option(world):
    """The fixture gives each option of the new facets items and non-items to count."""
    items = world["items"]
    for param in ("size", "running", "evaluation", "documents"):
        for value in option_values(world)[param]:
            matching = sum(1 for item in items if MATCHERS[param](item, value))
            assert 0 < matching < len(items), (param, value)
    assert len(option_values(world)["network"]) >= 2


def test_new_facet_counts_match_an_independent_count(client, world):
    network = world["networks"][0].slug
    topic = world["topics"][0].slug
    city = next(c for c in world["cities"] if c.population == 50_000).slug
    for filters in [
        {},
        {"size": ["under-50k"]},
        {"size": ["50k-100k", "over-1m"]},
        {"size": ["100k-200k", "200k-500k"], "running": "ongoing"},
        {"network": network},
        {"network": network, "size": ["500k-1m"]},
        {"running": "ended", "evaluation": "yes"},
        {"evaluation": "no", "documents": "yes"},
        {"documents": "no", "topic": [topic], "country": "PT"},
        {"year": "2018", "running": "ongoing", "documents": "yes"},
        {"city": city, "size": ["50k-100k"], "network": network},
        {"city": city, "size": ["over-1m"]},  # contradictory: nothing matches
        {
            "size": ["under-50k", "over-1m"],
            "network": network,
            "running": "ongoing",
            "evaluation": "yes",
            "documents": "no",
            "topic": [topic],
        },  # fmt: skip
    ]:
        check(client, world, filters)


def test_new_facet_counts_also_hold_in_french(client, world):
    """An evaluation written in English only still counts for a French reader: the page
    shows it (with a note that it is in English)."""
    check(client, world, {"evaluation": "yes", "size": ["200k-500k", "500k-1m"]}, language="fr")
    check(client, world, {"running": "ended", "network": world["networks"][1].slug}, "fr")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_combination_of_filters_counts_right(client, world, data):
    """Hypothesis draws combinations of the old and new filters; every count must hold."""
    values = option_values(world)
    filters = {}
    sizes = data.draw(st.lists(st.sampled_from(SIZE_VALUES), max_size=3, unique=True))
    if sizes:
        filters["size"] = sizes
    for param in ("network", "running", "evaluation", "documents", "country"):
        value = data.draw(st.none() | st.sampled_from(values[param]))
        if value is not None:
            filters[param] = value
    topics = data.draw(st.lists(st.sampled_from(values["topic"]), max_size=2, unique=True))
    if topics:
        filters["topic"] = topics
    year = data.draw(st.none() | st.sampled_from(values["year"]))
    if year is not None:
        filters["year"] = year
    check(client, world, filters)


def test_counts_follow_a_change_of_population_and_of_membership(client, world):
    """A city grown into another band and a network whose members all leave today: the
    memoized counts are those of the new content at once."""
    city = next(c for c in world["cities"] if c.population == 12_000)
    before = facet_options(client.get("/en/practices/"), "size")["500k-1m"].count
    city.population = 600_000
    city.save()
    after = facet_options(client.get("/en/practices/"), "size")["500k-1m"].count
    moved = sum(
        1
        for item in world["items"]
        if city.slug in item["cities"] and "500k-1m" not in item["sizes"]
    )
    assert moved and after == before + moved

    network = world["networks"][0]
    assert network.slug in facet_options(client.get("/en/practices/"), "network")
    for membership in network.memberships.all():
        membership.left = TODAY
        membership.joined = min(membership.joined or TODAY, TODAY)
        membership.save()
    assert network.slug not in facet_options(client.get("/en/practices/"), "network")
    response = client.get("/en/practices/", {"network": network.slug})
    assert response.context["result_count"] == 0
    assert facet_options(response, "network")[network.slug].count == 0  # shown, to remove it


def count_where(world, predicate):
    return sum(1 for item in world["items"] if predicate(item))


@pytest.mark.parametrize(
    ("query", "expected", "reported"),
    [
        ("size=huge", lambda item: True, True),
        ("size=under-50k&size=nonsense", lambda item: True, True),
        ("network=no-such-network", lambda item: True, True),
        ("network=%00", lambda item: True, True),
        ("running=maybe", lambda item: True, True),
        ("evaluation=1", lambda item: True, True),
        ("documents=true", lambda item: True, True),
        ("size=" + "x" * 5000, lambda item: True, True),
        # A single-valued filter given twice: the last value counts, as everywhere.
        ("evaluation=yes&evaluation=no", lambda item: not item["has_evaluation"], False),
        ("size=under-50k&size=under-50k", lambda item: "under-50k" in item["sizes"], False),
    ],
)
def test_bad_values_are_ignored_never_a_500(client, world, query, expected, reported):
    response = client.get(f"/en/practices/?{query}")
    assert response.status_code == 200
    assert response.context["result_count"] == count_where(world, expected)
    assert bool(response.context["invalid_filters"]) is reported


def test_an_unpublished_network_is_no_option_and_no_filter(client, world):
    hidden = world["hidden_network"]
    response = client.get("/en/practices/", {"network": hidden.slug})
    assert response.status_code == 200
    assert hidden.slug not in facet_options(response, "network")
    assert response.context["result_count"] == len(world["items"])


def test_the_facets_are_on_the_page_as_links(client, world):
    response = client.get("/en/practices/", {"size": "100k-200k"})
    html = text(response)
    for title in ("City size", "Network", "Ongoing or ended", "Evaluation", "Documents"):
        assert f">{title}</h2>" in html
    # A size option adds its band to the chosen one (several bands: any of them).
    assert "?size=100k-200k&amp;size=under-50k" in html
    assert "With an evaluation" in html and "Without documents" in html


# --- Query counts ------------------------------------------------------------------------------


def add_practices(count, cities, network):
    """Bulk-create ``count`` published practices over ``cities`` (members of ``network``)."""
    now = timezone.now()
    batch = Practice.objects.count()
    created = Practice.objects.bulk_create(
        Practice(
            title_en=f"Scaled practice {batch}-{i}",
            title_fr=f"Pratique {batch}-{i}",
            slug=f"scaled-practice-{batch}-{i}",
            country="PT",
            first_year=2010 + i % 10,
            last_year=None if i % 2 else 2020,
            is_ongoing=i % 3 == 0,
            evaluation_en="Evaluated." if i % 4 == 0 else "",
            status=Practice.Status.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=i),
        )
        for i in range(count)
    )
    PracticeCity.objects.bulk_create(
        PracticeCity(practice=practice, city=cities[i % len(cities)])
        for i, practice in enumerate(created)
    )
    document = DocumentFactory(with_file=False)
    Practice.documents.through.objects.bulk_create(
        Practice.documents.through(practice=practice, document=document)
        for practice in created[::5]
    )
    bump_after_commit()


def count_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return sum(
        1
        for query in captured.captured_queries
        if not query["sql"].startswith(TRANSACTION_STATEMENTS)
    )


def test_queries_do_not_grow_with_the_number_of_practices(client, settings):
    settings.PAGE_CACHE = False
    network = NetworkFactory()
    cities = [CityFactory(population=30_000 * (i + 1) ** 2) for i in range(8)]
    for city in cities[::2]:
        MembershipFactory(network=network, city=city)
    # path: queries beyond the unfiltered listing's (a slug looked up; each facet chosen
    # counts on its own, the ones not chosen share one query).
    paths = {
        "/en/practices/": 0,
        f"/en/practices/?size=100k-200k&size=over-1m&network={network.slug}": 1 + 2,
        "/fr/practices/?running=ongoing&evaluation=yes&documents=no&page=2": 3,
    }
    measured = {}
    for size in (60, 1500):
        add_practices(size - Practice.objects.count(), cities, network)
        for path in paths:
            cache.clear()
            cold = count_queries(client, path)
            warm = count_queries(client, path)
            measured[size, path] = (cold, warm)
    unfiltered = measured[1500, "/en/practices/"][0]
    assert unfiltered <= 20
    for path, more in paths.items():
        assert measured[60, path] == measured[1500, path], path
        cold, warm = measured[1500, path]
        assert cold <= unfiltered + more and warm <= 1, (path, cold, warm)


def test_facets_counted_by_conditions_share_one_query_while_not_chosen(client):
    """Size, network, ongoing or ended, evaluation and documents: one aggregate together."""
    PracticeFactory(published=True, cities=[CityFactory(population=70_000)])
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get("/en/practices/")
    aggregates = [
        query["sql"]
        for query in captured.captured_queries
        if "OCTET_LENGTH" in query["sql"].upper() or "LENGTH(" in query["sql"].upper()
    ]
    assert len(aggregates) == 1
    shared = aggregates[0]
    assert "population" in shared and "is_ongoing" in shared and "documents" in shared


def test_the_api_takes_the_new_filters_as_the_listing_does(client, world):
    network = world["networks"][0].slug
    for filters in [
        {"size": ["100k-200k", "200k-500k"], "running": "ongoing"},
        {"network": network, "evaluation": "yes"},
        {"documents": "no", "running": "ended"},
    ]:
        body = client.get("/api/v1/practices/", {**filters, "page_size": 100}).json()
        listing = client.get("/en/practices/", filters)
        assert body["count"] == listing.context["result_count"]
        assert body["ignored_filters"] == []
    body = client.get("/api/v1/practices/", {"size": "big", "running": "maybe"}).json()
    assert sorted(body["ignored_filters"]) == ["running", "size"]
    assert body["count"] == len(world["items"])


def test_the_api_describes_the_size_filter_as_a_list_of_bands():
    from icc.api.filters import api_filters
    from practices.filters import PracticeFilterSet

    size = next(f for f in api_filters(PracticeFilterSet) if f.name == "size")
    assert size.kind == "choice" and size.multiple
    assert size.schema() == {"type": "array", "items": {"type": "string", "enum": SIZE_VALUES}}
