"""Queries per page do not grow with the number of items, for every public page type.

The same pages are requested with about a hundred items and then with several thousand
(bulk-created, as fast as a test allows), once with an empty cache (the memoized counts are
computed) and once warm. The counts must be the same at both sizes, and small.
"""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cities.models import City, Network, NetworkMembership
from events.models import Event, EventHostCity
from icc import search
from news.models import NewsCity, NewsItem, NewsTopic
from practices.models import Practice, PracticeCity, PracticeTopic, Topic
from tests.factories import PageFactory

# A transaction's own statements are not page queries.
TRANSACTION_STATEMENTS = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
MAX_QUERIES = {"cold": 20, "warm": 8}
# The sitemap index reads each section's count and last change (one query each, constant):
# crawlers read it, and the page cache keeps it.
MAX_QUERIES_OF = {("sitemap", "warm"): 12}
SMALL, LARGE = 100, 3000
COUNTRIES = ["PT", "ES", "IT", "NO", "UA", "MA", "GB", "FR", "DE", "CA"]
_serial = itertools.count()


def add_content(practices, cities=20):
    """Bulk-create published cities, a network, events, news and practices."""
    batch = next(_serial)
    today = timezone.localdate()
    topics = list(Topic.objects.all())
    new_cities = City.objects.bulk_create(
        City(
            name_en=f"Scale town {batch}-{i}",
            name_fr=f"Ville {batch}-{i}",
            slug=f"scale-town-{batch}-{i}",
            country=COUNTRIES[i % len(COUNTRIES)],
            joined_year=2008 + i % 15,
        )
        for i in range(cities)
    )
    network = Network.objects.create(
        name_en=f"Scale network {batch}", name_fr=f"Réseau {batch}", slug=f"scale-network-{batch}"
    )
    NetworkMembership.objects.bulk_create(
        NetworkMembership(network=network, city=city, joined=datetime.date(2015, 1, 1))
        for city in new_cities
    )
    events = Event.objects.bulk_create(
        Event(
            title_en=f"Study visit {batch}-{i}",
            title_fr=f"Visite d'étude {batch}-{i}",
            slug=f"study-visit-{batch}-{i}",
            start_date=today + datetime.timedelta(days=30 - i),
            end_date=today + datetime.timedelta(days=30 - i),
            country=COUNTRIES[i % len(COUNTRIES)],
            network=network if i % 3 == 0 else None,
            description_en="Refugees and migrants welcomed by the city.",
        )
        for i in range(practices // 3)
    )
    EventHostCity.objects.bulk_create(
        EventHostCity(event=event, city=new_cities[i % cities]) for i, event in enumerate(events)
    )
    news = NewsItem.objects.bulk_create(
        NewsItem(
            title_en=f"News {batch}-{i}",
            title_fr=f"Nouvelles {batch}-{i}",
            slug=f"news-{batch}-{i}",
            date=today - datetime.timedelta(days=i),
            lead_en="Refugees and the city council.",
            body_en="<p>The city welcomed refugees.</p>",
        )
        for i in range(practices // 3)
    )
    NewsCity.objects.bulk_create(
        NewsCity(news_item=item, city=new_cities[i % cities]) for i, item in enumerate(news)
    )
    NewsTopic.objects.bulk_create(
        NewsTopic(news_item=item, topic=topics[i % len(topics)]) for i, item in enumerate(news)
    )
    now = timezone.now()
    new_practices = Practice.objects.bulk_create(
        Practice(
            title_en=f"Good practice {batch}-{i} for refugees",
            title_fr=f"Bonne pratique {batch}-{i} pour les réfugiés",
            slug=f"good-practice-{batch}-{i}",
            country=COUNTRIES[i % len(COUNTRIES)],
            first_year=2008 + i % 12,
            last_year=2012 + i % 12 if i % 3 else None,
            is_ongoing=i % 3 == 0,
            purpose_en="Welcoming refugees and migrants in the city.",
            status=Practice.Status.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=i),
        )
        for i in range(practices)
    )
    PracticeCity.objects.bulk_create(
        PracticeCity(practice=practice, city=new_cities[i % cities])
        for i, practice in enumerate(new_practices)
    )
    PracticeTopic.objects.bulk_create(
        PracticeTopic(practice=practice, topic=topic)
        for i, practice in enumerate(new_practices)
        for topic in {topics[i % len(topics)], topics[(i * 7) % len(topics)]}
    )
    for model in (City, Network, Event, NewsItem, Practice):
        search.index_objects(model.objects.published())
    page = PageFactory(slug=f"programme-page-{batch}")
    return {
        "page": page,
        "city": new_cities[0],
        "network": network,
        "event": events[-1],
        "news": news[0],
        "practice": new_practices[0],
        "topic": topics[0],
    }


def page_paths(items, language):
    topic, city, practice = items["topic"], items["city"], items["practice"]
    prefix = f"/{language}"
    return {
        "home": f"{prefix}/",
        "city list": f"{prefix}/cities/",
        "city list, filtered": f"{prefix}/cities/?country=PT",
        "city detail": f"{prefix}/cities/{city.slug}/",
        "network list": f"{prefix}/networks/",
        "network detail": f"{prefix}/networks/{items['network'].slug}/",
        "event list": f"{prefix}/events/",
        "event list, filtered": f"{prefix}/events/?country=PT&when=upcoming",
        "event list, page 3": f"{prefix}/events/?page=3",
        "event detail": f"{prefix}/events/{items['event'].slug}/",
        "news list": f"{prefix}/news/",
        "news list, filtered": f"{prefix}/news/?topic={topic.slug}",
        "news detail": f"{prefix}/news/{items['news'].slug}/",
        "practice list": f"{prefix}/practices/",
        "practice list, filtered": (
            f"{prefix}/practices/?topic={topic.slug}&year=2015&country={practice.country}"
        ),
        "practice list, by city": f"{prefix}/practices/?city={city.slug}",
        "practice list, page 4": f"{prefix}/practices/?page=4",
        "practice detail": f"{prefix}/practices/{practice.slug}/",
        "search, one word": f"{prefix}/search/?q=refugees",
        "search, two words": f"{prefix}/search/?q=refugees+city",
        "news feed": f"{prefix}/news/feed.rss",
        "events feed": f"{prefix}/events/feed.atom",
        "practices feed": f"{prefix}/practices/feed.rss",
        "practice pdf": f"{prefix}/practices/{practice.slug}/pdf/",
        "events calendar": f"{prefix}/events/calendar.ics",
        "event calendar file": f"{prefix}/events/{items['event'].slug}/event.ics",
        "figures": f"{prefix}/figures/",
        "programme pages": f"{prefix}/about/",
        "programme page": f"{prefix}/about/{items['page'].slug}/",
        "api practices": f"/api/v1/practices/?lang={language}",
        "api practices, filtered": f"/api/v1/practices/?lang={language}&topic={topic.slug}",
        "api practice": f"/api/v1/practices/{practice.slug}/?lang={language}",
        "api cities": f"/api/v1/cities/?lang={language}",
        "api city": f"/api/v1/cities/{city.slug}/?lang={language}",
        "api events": f"/api/v1/events/?lang={language}",
        "api news": f"/api/v1/news/?lang={language}",
        "sitemap": "/sitemap.xml",
    }


def count_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return sum(
        1
        for query in captured.captured_queries
        if not query["sql"].startswith(TRANSACTION_STATEMENTS)
    )


def measure(client, items):
    """{(language, page, cold|warm): queries}, cold with an empty cache, then warm."""
    counts = {}
    for language in ("en", "fr"):
        for name, path in page_paths(items, language).items():
            cache.clear()
            counts[language, name, "cold"] = count_queries(client, path)
            counts[language, name, "warm"] = count_queries(client, path)
    return counts


@pytest.mark.django_db
def test_queries_per_page_are_the_same_with_a_hundred_and_thousands_of_items(client, settings):
    # Measure the views themselves: the full-page cache would answer the warm requests.
    settings.PAGE_CACHE = False
    items = add_content(SMALL)
    small = measure(client, items)
    add_content(LARGE - SMALL, cities=40)
    large = measure(client, items)

    assert Practice.objects.published().count() == LARGE
    grown = {key: (small[key], large[key]) for key in small if large[key] > small[key]}
    assert not grown, f"queries grew with the number of items: {grown}"
    too_many = {
        key: count
        for key, count in large.items()
        if count > MAX_QUERIES_OF.get(key[1:], MAX_QUERIES[key[2]])
    }
    assert not too_many, f"more than {MAX_QUERIES} queries: {too_many}"
    # The memoized counts do their job: a warm listing asks less than a cold one.
    for language in ("en", "fr"):
        assert large[language, "practice list", "warm"] < large[language, "practice list", "cold"]
        # The home page's lists come from memoized ids and cached cards: no query when warm.
        assert large[language, "home", "warm"] == 0
