"""Public good-practice pages: listing, search, bad input, drafts, detail, related, queries."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from icc.models import DocumentFile
from practices.models import Practice, PracticeCity, PracticeTopic
from tests.factories import (
    CityFactory,
    DocumentFactory,
    ImageFactory,
    PracticeFactory,
    TopicFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/en/practices/"
MAX_LISTING_QUERIES = 25


def titles(response):
    return [practice.title_en for practice in response.context["object_list"]]


def bulk_practices(count, *, topics=(), city=None, country="PT", first_year=2015):
    now = timezone.now()
    practices = Practice.objects.bulk_create(
        Practice(
            title=f"Bulk practice {i}",
            title_en=f"Bulk practice {i}",
            title_fr=f"Pratique {i}",
            slug=f"bulk-practice-{country}-{i}",
            country=country,
            first_year=first_year,
            is_ongoing=True,
            purpose_en="To welcome newcomers.",
            status=Practice.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=i),
        )  # fmt: skip
        for i in range(count)
    )
    PracticeTopic.objects.bulk_create(
        PracticeTopic(practice=p, topic=t) for p in practices for t in topics
    )
    if city:
        PracticeCity.objects.bulk_create(PracticeCity(practice=p, city=city) for p in practices)
    return practices


# --- Listing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_listing_opens_in_both_languages(client, language):
    PracticeFactory(published=True, title_en="Anti-rumours", title_fr="Anti-rumeurs")
    response = client.get(f"/{language}/practices/")
    assert response.status_code == 200
    assert ("Anti-rumours" if language == "en" else "Anti-rumeurs") in response.content.decode()


def test_only_published_practices_latest_first(client):
    now = timezone.now()
    PracticeFactory(published=True, title_en="Older", published_at=now - datetime.timedelta(days=9))
    PracticeFactory(published=True, title_en="Newer", published_at=now)
    for status in ("draft", "submitted", "changes_requested", "rejected", "archived"):
        PracticeFactory(title_en=f"Hidden {status}", status=status)
    assert titles(client.get(LIST_URL)) == ["Newer", "Older"]


def test_card_shows_title_country_city_period_purpose_and_read_more(client, city):
    practice = PracticeFactory(
        published=True, cities=[city], period_en="2017-2021",
        purpose_en="To open the city's libraries to everyone who arrives.",
    )  # fmt: skip
    html = client.get(LIST_URL).content.decode()
    assert "Portugal" in html and "Lisbon" in html and "2017-2021" in html
    assert "To open the city" in html
    assert f'<a href="{practice.get_absolute_url()}">Read more' in html


def test_several_topics_are_or_within_the_facet(client):
    one, two, three = TopicFactory(), TopicFactory(), TopicFactory()
    PracticeFactory(published=True, title_en="One", topics=[one])
    PracticeFactory(published=True, title_en="Two", topics=[two, one])
    PracticeFactory(published=True, title_en="Three", topics=[three])
    response = client.get(LIST_URL, {"topic": [one.slug, two.slug]})
    assert sorted(titles(response)) == ["One", "Two"]
    selected = [f for f in response.context["facets"] if f.param == "topic"][0].selected_options
    assert {option.value for option in selected} == {one.slug, two.slug}


def test_year_filter_uses_ranges_and_ongoing_practices(client):
    PracticeFactory(published=True, title_en="Range", first_year=2015, last_year=2017)
    PracticeFactory(published=True, title_en="Ongoing", first_year=2016, is_ongoing=True)
    PracticeFactory(published=True, title_en="Single", first_year=2019, is_ongoing=False)
    assert sorted(titles(client.get(LIST_URL, {"year": 2016}))) == ["Ongoing", "Range"]
    assert sorted(titles(client.get(LIST_URL, {"year": 2019}))) == ["Ongoing", "Single"]
    assert titles(client.get(LIST_URL, {"year": 2014})) == []


def test_country_and_city_filters(client, city, other_city):
    PracticeFactory(published=True, title_en="Lisbon one", country="PT", cities=[city])
    PracticeFactory(published=True, title_en="Oslo one", country="NO", cities=[other_city])
    PracticeFactory(published=True, title_en="National", country="NO")
    assert sorted(titles(client.get(LIST_URL, {"country": "NO"}))) == ["National", "Oslo one"]
    assert titles(client.get(LIST_URL, {"city": city.slug})) == ["Lisbon one"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_text_search_in_the_readers_language_and_english(client, language):
    PracticeFactory(published=True, title_en="Libraries", title_fr="Bibliothèques")
    PracticeFactory(published=True, title_en="Sport", purpose_en="Football for newcomers",
                    purpose_fr="Du football pour les nouveaux arrivants")  # fmt: skip
    PracticeFactory(published=True, title_en="Other")
    assert titles(client.get(f"/{language}/practices/", {"q": "librar"})) == ["Libraries"]
    assert titles(client.get(f"/{language}/practices/", {"q": "football"})) == ["Sport"]
    if language == "fr":
        assert titles(client.get("/fr/practices/", {"q": "bibliothèques"})) == ["Libraries"]


def test_search_form_keeps_the_other_filters(client):
    topic = TopicFactory()
    PracticeFactory(published=True, topics=[topic])
    html = client.get(LIST_URL, {"topic": topic.slug, "q": "people"}).content.decode()
    assert f'<input type="hidden" name="topic" value="{topic.slug}">' in html
    assert 'value="people"' in html
    assert '<label for="practice-search-q">' in html


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "-5"},
        {"topic": "unknown-slug"},
        {"city": "nope"},
        {"country": "ZZ"},
    ],
)
def test_bad_filter_value_is_reported_and_ignored(client, query):
    PracticeFactory(published=True, title_en="Still listed")
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    assert titles(response) == ["Still listed"]
    assert "not understood" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "99999"])
def test_bad_page_number_shows_a_page_with_a_message(client, page):
    bulk_practices(25)
    response = client.get(LIST_URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page_warning"]


def test_very_long_query_string_does_not_fail(client):
    PracticeFactory(published=True)
    response = client.get(LIST_URL + "?q=" + "x" * 2000 + "&topic=" + "y" * 2000)
    assert response.status_code == 200
    assert response.context["result_count"] == 0  # no practice contains 200 x's


def test_pagination_keeps_the_filters(client):
    topic = TopicFactory()
    bulk_practices(25, topics=[topic])
    html = client.get(LIST_URL, {"topic": topic.slug}).content.decode()
    assert f'href="?topic={topic.slug}&amp;page=2"' in html


def test_listing_queries_do_not_grow_with_items_or_filters(client, django_assert_max_num_queries):
    topics = [TopicFactory(), TopicFactory()]
    city = CityFactory()
    bulk_practices(200, topics=topics, city=city)
    bulk_practices(100, topics=topics[:1], country="NO", first_year=2010)
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        response = client.get(LIST_URL)
    assert len(response.context["object_list"]) == 20
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        response = client.get(
            LIST_URL,
            {"topic": [t.slug for t in topics], "country": "PT", "city": city.slug,
             "year": 2016, "q": "welcome"},
        )  # fmt: skip
    assert response.context["result_count"] == 200


# --- Detail ----------------------------------------------------------------------------------


def test_detail_shows_every_section_images_documents_topics_and_cities(client, city):
    topic = TopicFactory(name_en="Education")
    practice = PracticeFactory(
        published=True, cities=[city], topics=[topic], period_en="2017-2021",
        rationale_en="Why.", process_en="What was done.", results_en="Results.",
        evaluation_en="Evaluated.", partners_en="Partners.", budget_en="10 000 euros.",
        contact_en="Ana", links_en="https://example.org",
    )  # fmt: skip
    practice.images.add(ImageFactory(alt_text_en="Volunteers", credit="City of Lisbon"))
    document = DocumentFactory(title_en="Handbook")
    DocumentFile.objects.create(document=document, language="ar", file=pdf_upload("ar.pdf"))
    practice.documents.add(document)
    html = client.get(practice.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    for heading in ("Purpose", "Stimulus / rationale", "Process: what was done", "Results / impact",
                    "Evaluation", "Partners", "Budget / resources", "Contact", "Links"):  # fmt: skip
        assert f">{heading}</h2>" in html, heading
    assert 'alt="Volunteers"' in html and "City of Lisbon" in html
    assert 'hreflang="ar"' in html
    assert f'href="/en/practices/?topic={topic.slug}"' in html
    assert f'href="{city.get_absolute_url()}"' in html


def test_detail_in_french_marks_english_fallback(client):
    practice = PracticeFactory(published=True, purpose_fr="", purpose_en="English purpose.")
    response = client.get(f"/fr/practices/{practice.slug}/")
    assert response.status_code == 200
    assert '<div lang="en"><p>English purpose.</p></div>' in response.content.decode()


@pytest.mark.parametrize(
    "status", ["draft", "submitted", "changes_requested", "rejected", "archived"]
)
def test_unpublished_practice_is_404_for_the_public(client, status):
    practice = PracticeFactory(status=status)
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_secretariat_previews_a_draft_without_cache(secretariat_client):
    practice = PracticeFactory(title_en="Draft to review")
    response = secretariat_client.get(practice.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_preview"] is True
    assert "no-store" in response["Cache-Control"]
    assert "Draft to review" in response.content.decode()


def test_a_coordinator_cannot_open_a_draft_on_the_public_site(client, other_coordinator, city):
    practice = PracticeFactory(cities=[city])
    client.force_login(other_coordinator)
    assert client.get(practice.get_absolute_url()).status_code == 404
    assert Client().get(practice.get_absolute_url()).status_code == 404


def test_unknown_slug_is_404(client):
    assert client.get("/en/practices/no-such-practice/").status_code == 404


def test_related_practices_share_topics_are_published_and_at_most_three(client):
    shared, other = TopicFactory(), TopicFactory()
    practice = PracticeFactory(published=True, topics=[shared])
    related = [PracticeFactory(published=True, topics=[shared]) for _ in range(4)]
    PracticeFactory(title_en="Draft sibling", topics=[shared])
    PracticeFactory(published=True, title_en="Unrelated", topics=[other])
    response = client.get(practice.get_absolute_url())
    shown = response.context["related_practices"]
    assert len(shown) == 3
    assert set(shown) <= set(related)
    assert practice not in shown


def test_detail_queries_are_bounded(client, django_assert_max_num_queries):
    topics = [TopicFactory() for _ in range(5)]
    practice = PracticeFactory(
        published=True, topics=topics, cities=[CityFactory() for _ in range(4)]
    )
    for _ in range(4):
        practice.images.add(ImageFactory())
        practice.documents.add(DocumentFactory())
    bulk_practices(50, topics=topics, city=CityFactory())
    with django_assert_max_num_queries(12):
        response = client.get(practice.get_absolute_url())
    assert len(response.context["related_practices"]) == 3
