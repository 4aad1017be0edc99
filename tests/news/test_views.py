"""Public news pages: listing facets and order, bad input, drafts, detail, query counts."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from icc.models import DocumentFile
from news.models import NewsCity, NewsItem, NewsTopic, NewsVideo
from tests.factories import (
    CityFactory,
    DocumentFactory,
    EventFactory,
    ImageFactory,
    NetworkFactory,
    NewsItemFactory,
    TopicFactory,
    pdf_upload,
)
from tests.helpers import facet_options

pytestmark = pytest.mark.django_db

LIST_URL = "/en/news/"
MAX_LISTING_QUERIES = 25


def titles(response):
    return [item.title for item in response.context["object_list"]]


def bulk_news(count, *, start, topic=None, city=None, network=None, image=None):
    items = NewsItem.objects.bulk_create(
        NewsItem(
            title=f"Bulk news {i}",
            title_en=f"Bulk news {i}",
            title_fr=f"Actualité {i}",
            slug=f"bulk-news-{start:%Y%m%d}-{i}",
            date=start + datetime.timedelta(days=i),
            lead_en="A lead.",
            image=image,
        )  # fmt: skip
        for i in range(count)
    )
    if topic:
        NewsTopic.objects.bulk_create(NewsTopic(news_item=item, topic=topic) for item in items)
    if city:
        NewsCity.objects.bulk_create(NewsCity(news_item=item, city=city) for item in items)
    if network:
        NewsItem.networks.through.objects.bulk_create(
            NewsItem.networks.through(newsitem=item, network=network) for item in items
        )
    return items


@pytest.mark.parametrize("language", ["en", "fr"])
def test_listing_opens_in_both_languages(client, language):
    NewsItemFactory(title_en="Good news", title_fr="Bonne nouvelle")
    response = client.get(f"/{language}/news/")
    assert response.status_code == 200
    assert ("Good news" if language == "en" else "Bonne nouvelle") in response.content.decode()


def test_latest_first_and_future_or_unpublished_items_hidden(client):
    NewsItemFactory(title_en="Older", date=datetime.date(2020, 1, 1))
    NewsItemFactory(title_en="Newer", date=datetime.date(2023, 1, 1))
    NewsItemFactory(title_en="Tomorrow", date=timezone.localdate() + datetime.timedelta(days=1))
    NewsItemFactory(title_en="Withdrawn", is_published=False)
    response = client.get(LIST_URL)
    assert titles(response) == ["Newer", "Older"]


def test_card_has_image_with_size_lazy_loading_and_alt_text(client):
    NewsItemFactory(image=ImageFactory(alt_text_en="Children playing"))
    html = client.get(LIST_URL).content.decode()
    assert 'alt="Children playing"' in html
    assert 'width="40" height="30"' in html
    assert 'loading="lazy"' in html


def test_filters_combine_and_counts_follow_the_other_filters(client):
    education, language = TopicFactory(name_en="Education"), TopicFactory(name_en="Language")
    lisbon, oslo = CityFactory(), CityFactory()
    network = NetworkFactory()
    match = NewsItemFactory(
        title_en="Match", date=datetime.date(2022, 5, 1), topics=[education], cities=[lisbon]
    )
    match.networks.add(network)
    NewsItemFactory(title_en="Wrong year", date=datetime.date(2021, 5, 1), topics=[education])
    NewsItemFactory(title_en="Other topic", date=datetime.date(2022, 6, 1), topics=[language])
    NewsItemFactory(title_en="Other city", date=datetime.date(2022, 7, 1), cities=[oslo])
    response = client.get(
        LIST_URL,
        {"year": 2022, "topic": education.slug, "city": lisbon.slug, "network": network.slug},
    )
    assert titles(response) == ["Match"]
    response = client.get(LIST_URL, {"year": 2022})
    topics = facet_options(response, "topic")
    assert (topics[education.slug].count, topics[language.slug].count) == (1, 1)
    years = facet_options(response, "year")
    assert (years["2022"].count, years["2021"].count) == (3, 1)


def test_several_topics_match_any_of_them(client):
    one, two, three = TopicFactory(), TopicFactory(), TopicFactory()
    NewsItemFactory(title_en="One", topics=[one])
    NewsItemFactory(title_en="Both", topics=[one, two])
    NewsItemFactory(title_en="Three", topics=[three])
    response = client.get(LIST_URL, {"topic": [one.slug, two.slug]})
    assert sorted(titles(response)) == ["Both", "One"]


@pytest.mark.parametrize(
    "query",
    [{"year": "abc"}, {"topic": "unknown-slug"}, {"city": "nope"}, {"network": "nope"}],
)
def test_bad_filter_value_is_reported_and_ignored(client, query):
    NewsItemFactory(title_en="Still listed")
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    assert titles(response) == ["Still listed"]
    assert "not understood" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "99999"])
def test_bad_page_number_shows_a_page_with_a_message(client, page):
    bulk_news(25, start=datetime.date(2019, 1, 1))
    response = client.get(LIST_URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page_warning"]


def test_very_long_query_string_does_not_fail(client):
    NewsItemFactory()
    assert client.get(LIST_URL + "?topic=" + "a" * 2000).status_code == 200


def test_listing_queries_do_not_grow_with_items_or_filters(client, django_assert_max_num_queries):
    topic, city, network = TopicFactory(), CityFactory(), NetworkFactory()
    bulk_news(300, start=datetime.date(2019, 1, 1), topic=topic, city=city, network=network,
              image=ImageFactory())  # fmt: skip
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        response = client.get(LIST_URL)
    assert len(response.context["object_list"]) == 20
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        response = client.get(
            LIST_URL,
            {"year": 2019, "topic": topic.slug, "city": city.slug, "network": network.slug},
        )
    assert response.context["result_count"] == 300


# --- Detail ----------------------------------------------------------------------------------


def test_detail_shows_everything_and_videos_as_links_only(client):
    city, unpublished_city = CityFactory(name_en="Lisbon"), CityFactory(is_published=False)
    network, topic = NetworkFactory(name_en="RECI"), TopicFactory(name_en="Education")
    event, draft_event = EventFactory(title_en="Summit"), EventFactory(is_published=False)
    item = NewsItemFactory(
        title_en="Big news", lead_en="Short lead.",
        body_en='<p>Body <a href="https://example.org">link</a></p><script>alert(1)</script>',
        image=ImageFactory(alt_text_en="A square", credit="Jane Doe"),
        cities=[city, unpublished_city], topics=[topic],
    )  # fmt: skip
    item.networks.add(network)
    item.events.add(event, draft_event)
    NewsVideo.objects.create(news_item=item, url="https://video.example.org/v/1", title_en="Film")
    document = DocumentFactory(title_en="Report")
    DocumentFile.objects.create(document=document, language="pt", file=pdf_upload("pt.pdf"))
    item.documents.add(document)

    html = client.get(item.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert "Short lead." in html
    assert 'alt="A square"' in html and "Jane Doe" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">link</a>' in html
    assert "<script>alert" not in html
    assert 'href="https://video.example.org/v/1"' in html
    assert "<iframe" not in html
    assert 'hreflang="pt"' in html
    assert city.get_absolute_url() in html
    assert unpublished_city.get_absolute_url() not in html
    assert network.get_absolute_url() in html
    assert event.get_absolute_url() in html
    assert draft_event.get_absolute_url() not in html
    assert f"/en/news/?topic={topic.slug}" in html


def test_detail_in_french_falls_back_to_english_and_says_so(client):
    item = NewsItemFactory(title_fr="Titre", lead_en="English lead only.", lead_fr="")
    response = client.get(f"/fr/news/{item.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "16 septembre 2024" in html
    assert '<span lang="en">English lead only.</span>' in html


def test_future_and_unpublished_items_are_404_for_the_public_but_previewable(secretariat_client):
    future = NewsItemFactory(date=timezone.localdate() + datetime.timedelta(days=3))
    withdrawn = NewsItemFactory(is_published=False)
    for item in (future, withdrawn):
        assert Client().get(item.get_absolute_url()).status_code == 404
        response = secretariat_client.get(item.get_absolute_url())
        assert response.status_code == 200
        assert response.context["is_preview"] is True


def test_unknown_slug_is_404(client):
    assert client.get("/en/news/nothing-here/").status_code == 404


def test_detail_queries_are_bounded(client, django_assert_max_num_queries):
    item = NewsItemFactory(
        image=ImageFactory(), cities=[CityFactory() for _ in range(5)],
        topics=[TopicFactory() for _ in range(5)],
    )  # fmt: skip
    for _ in range(5):
        item.networks.add(NetworkFactory())
        item.events.add(EventFactory(host_cities=[CityFactory()]))
        item.documents.add(DocumentFactory())
        NewsVideo.objects.create(news_item=item, url="https://video.example.org/x")
    with django_assert_max_num_queries(14):
        response = client.get(item.get_absolute_url())
    assert response.status_code == 200
