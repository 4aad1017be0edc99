"""Site search: indexing follows publication, queries per language, ranking, facets, safety.

Runs on SQLite (stems fallback) and on PostgreSQL (full-text search): every test must pass on both.
"""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cities.models import City
from icc import search
from icc.models import SearchEntry
from practices.models import Practice
from practices.services import practice_publish, practice_unpublish
from tests.factories import (
    CityFactory,
    EventFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

URL_EN = "/en/search/"
URL_FR = "/fr/search/"


def result_titles(response):
    return [entry.title for entry in response.context["page_obj"].object_list]


def entries_of(obj):
    return SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    )


@pytest.fixture
def refugee_news(db):
    return NewsItemFactory(
        title_en="Welcome centre opens",
        title_fr="Ouverture d'une maison d'accueil",
        lead_en="A refugee tells her story.",
        lead_fr="Une réfugiée raconte son histoire. Un réfugié aussi.",
        body_en="<p>The city helps newcomers.</p>",
        body_fr="<p>La ville aide les nouveaux arrivants.</p>",
        date=datetime.date(2023, 5, 4),
    )


# --- Indexing ---------------------------------------------------------------------------------


def test_published_item_has_one_row_per_language_with_its_texts_and_url(refugee_news):
    rows = {entry.language: entry for entry in entries_of(refugee_news)}

    assert set(rows) == {"en", "fr"}
    assert rows["en"].title == "Welcome centre opens"
    assert rows["fr"].title == "Ouverture d'une maison d'accueil"
    assert rows["en"].url == f"/en/news/{refugee_news.slug}/"
    assert rows["fr"].url == f"/fr/news/{refugee_news.slug}/"
    assert rows["en"].kind == "news"
    assert rows["en"].year == 2023
    assert "<p>" not in rows["en"].body
    assert "newcomers" in rows["en"].body
    # Each backend fills its own searchable column.
    if connection.vendor == "postgresql":
        assert "'welcom':1A" in rows["en"].search_vector and not rows["en"].stems
    else:
        assert " t:welcom " in rows["en"].stems and " newcom " in rows["en"].stems


def test_missing_french_text_falls_back_to_english(client):
    PracticeFactory(
        published=True,
        title_en="Intercultural mediators in schools",
        title_fr="",
        purpose_en="Mediators help families.",
        purpose_fr="",
    )

    response = client.get(URL_FR, {"q": "mediators"})

    assert result_titles(response) == ["Intercultural mediators in schools"]


def test_draft_practice_is_never_found_and_becomes_searchable_when_published(
    client, secretariat_user
):
    topic = TopicFactory()
    practice = PracticeFactory(title_en="Anti-rumours strategy", topics=[topic])
    assert not entries_of(practice).exists()
    assert result_titles(client.get(URL_EN, {"q": "rumours"})) == []

    practice_publish(practice=practice, user=secretariat_user)

    assert result_titles(client.get(URL_EN, {"q": "rumours"})) == ["Anti-rumours strategy"]


def test_unpublished_practice_leaves_the_index(client, secretariat_user):
    practice = PracticeFactory(
        published=True, title_en="Anti-rumours strategy", topics=[TopicFactory()]
    )
    assert entries_of(practice).count() == 2

    practice_unpublish(practice=practice, user=secretariat_user)

    assert not entries_of(practice).exists()
    assert result_titles(client.get(URL_EN, {"q": "rumours"})) == []


def test_unpublished_city_leaves_the_index_and_deleting_removes_it(client):
    city = CityFactory(name_en="Botkyrka", name_fr="Botkyrka")
    other = CityFactory(name_en="Botkyrka North", name_fr="Botkyrka Nord")
    assert len(result_titles(client.get(URL_EN, {"q": "botkyrka"}))) == 2

    city.is_published = False
    city.save()
    other.delete()

    assert result_titles(client.get(URL_EN, {"q": "botkyrka"})) == []
    assert not entries_of(city).exists()
    assert not SearchEntry.objects.filter(title__startswith="Botkyrka").exists()


@pytest.mark.parametrize(
    "make",
    [
        lambda: CityFactory(name_en="Hidden zebra", is_published=False),
        lambda: NetworkFactory(name_en="Hidden zebra", is_published=False),
        lambda: EventFactory(title_en="Hidden zebra", is_published=False),
        lambda: NewsItemFactory(title_en="Hidden zebra", is_published=False),
        lambda: PracticeFactory(title_en="Hidden zebra", status=Practice.Status.SUBMITTED),
        lambda: PracticeFactory(title_en="Hidden zebra", status=Practice.Status.REJECTED),
        lambda: PracticeFactory(title_en="Hidden zebra", status=Practice.Status.ARCHIVED),
    ],
)
def test_content_that_is_not_public_is_never_indexed(client, make):
    item = make()

    assert not entries_of(item).exists()
    assert result_titles(client.get(URL_EN, {"q": "zebra"})) == []


def test_editing_an_item_updates_its_rows(client):
    event = EventFactory(title_en="Old title", title_fr="Ancien titre")

    event.title_en = "Refreshed agenda"
    event.save()

    assert entries_of(event).count() == 2
    assert result_titles(client.get(URL_EN, {"q": "refreshed"})) == ["Refreshed agenda"]
    assert result_titles(client.get(URL_EN, {"q": "old"})) == []


def test_news_dated_in_the_future_appears_when_its_day_comes(client):
    cache.clear()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    item = NewsItemFactory(title_en="Summit announcement", date=tomorrow)
    assert not entries_of(item).exists()
    assert result_titles(client.get(URL_EN, {"q": "summit"})) == []

    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        response = client.get(URL_EN, {"q": "summit"})

    assert result_titles(response) == ["Summit announcement"]


def test_rebuild_command_is_idempotent_and_repairs_the_index():
    CityFactory(name_en="Lisbon")
    PracticeFactory(published=True, title_en="Shared practice")
    PracticeFactory(title_en="Draft practice")
    # Bulk writes bypass the signals: the rebuild is what brings them in (or out).
    City.objects.bulk_create([City(name_en="Bulk city", name_fr="Ville en vrac", slug="bulk")])
    draft = Practice.objects.get(title_en="Draft practice")
    SearchEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Practice),
        object_id=draft.pk,
        language="en",
        kind="practice",
        title="stale",
        body="",
        url="/en/practices/stale/",
    )

    first = StringIO()
    call_command("rebuild_search_index", stdout=first)
    rows_after_first = sorted(
        SearchEntry.objects.values_list("content_type", "object_id", "language", "title")
    )
    second = StringIO()
    call_command("rebuild_search_index", stdout=second)

    # 2 cities + 1 published practice, in 2 languages; the draft's stale row is gone.
    assert len(rows_after_first) == 6
    assert all(title != "stale" for *_key, title in rows_after_first)
    assert not entries_of(draft).exists()
    assert "1 removed" in first.getvalue()
    assert "3 items in 2 languages (6 rows)" in first.getvalue()
    assert (
        sorted(SearchEntry.objects.values_list("content_type", "object_id", "language", "title"))
        == rows_after_first
    )
    assert "0 stale rows removed" in second.getvalue()
    assert "0 removed" in second.getvalue()


def test_indexing_one_item_costs_a_few_queries(django_assert_max_num_queries):
    practice = PracticeFactory(published=True)
    with django_assert_max_num_queries(2):
        search.index_object(practice)


# --- Languages and stems -------------------------------------------------------------------------


def test_french_plural_finds_french_singular_and_english_too(client, refugee_news):
    french = client.get(URL_FR, {"q": "réfugiés"})
    english = client.get(URL_EN, {"q": "refugees"})

    assert result_titles(french) == ["Ouverture d'une maison d'accueil"]
    assert result_titles(english) == ["Welcome centre opens"]
    assert french.context["page_obj"].object_list[0].url.startswith("/fr/news/")


def test_english_singular_finds_english_plural(client):
    EventFactory(title_en="Forum", description_en="Three refugees spoke.")

    assert result_titles(client.get(URL_EN, {"q": "refugee"})) == ["Forum"]


def test_each_language_searches_its_own_text(client, refugee_news):
    assert result_titles(client.get(URL_FR, {"q": "accueil"})) == [
        "Ouverture d'une maison d'accueil"
    ]
    assert result_titles(client.get(URL_EN, {"q": "accueil"})) == []
    assert result_titles(client.get(URL_EN, {"q": "newcomers"})) == ["Welcome centre opens"]
    assert result_titles(client.get(URL_FR, {"q": "newcomers"})) == []


def test_every_word_must_match(client):
    NewsItemFactory(title_en="Refugee housing", lead_en="Homes.")
    NewsItemFactory(title_en="Refugee schooling", lead_en="Schools.")

    assert result_titles(client.get(URL_EN, {"q": "refugee housing"})) == ["Refugee housing"]


# --- Ranking, filters, facets ------------------------------------------------------------------


def test_title_matches_come_before_body_matches(client):
    EventFactory(
        title_en="Annual meeting",
        description_en="Anti-rumours work. More anti-rumours training. Anti-rumours again.",
        start_date=datetime.date(2024, 3, 1),
    )
    EventFactory(
        title_en="Anti-rumours academy",
        description_en="A training.",
        start_date=datetime.date(2012, 3, 1),
    )

    assert result_titles(client.get(URL_EN, {"q": "rumours"})) == [
        "Anti-rumours academy",
        "Annual meeting",
    ]


def test_type_and_year_filters_combine_with_the_query(client):
    EventFactory(title_en="Diversity seminar", start_date=datetime.date(2015, 5, 25))
    EventFactory(title_en="Diversity workshop", start_date=datetime.date(2019, 5, 25))
    NewsItemFactory(title_en="Diversity news", date=datetime.date(2015, 6, 1))
    NewsItemFactory(title_en="Other news", date=datetime.date(2015, 6, 1))

    by_type = client.get(URL_EN, {"q": "diversity", "type": "event"})
    by_both = client.get(URL_EN, {"q": "diversity", "type": "event", "year": "2015"})
    by_year = client.get(URL_EN, {"q": "diversity", "year": "2015"})

    assert sorted(result_titles(by_type)) == ["Diversity seminar", "Diversity workshop"]
    assert result_titles(by_both) == ["Diversity seminar"]
    assert sorted(result_titles(by_year)) == ["Diversity news", "Diversity seminar"]


def test_facets_count_matches_with_the_other_filter_applied(client):
    EventFactory(title_en="Diversity seminar", start_date=datetime.date(2015, 5, 25))
    EventFactory(title_en="Diversity workshop", start_date=datetime.date(2019, 5, 25))
    NewsItemFactory(title_en="Diversity news", date=datetime.date(2015, 6, 1))

    response = client.get(URL_EN, {"q": "diversity", "year": "2015"})
    facets = {facet.param: facet for facet in response.context["facets"]}
    kinds = {option.value: option.count for option in facets["type"].options}
    years = {option.value: option.count for option in facets["year"].options}

    assert kinds["event"] == 1 and kinds["news"] == 1 and kinds["city"] == 0
    # The year facet ignores the year filter itself: 2019 stays reachable.
    assert years == {"2019": 1, "2015": 2}
    selected = [option for option in facets["year"].options if option.selected]
    assert [option.value for option in selected] == ["2015"]
    assert "q=diversity" in selected[0].url and "year" not in selected[0].url


def test_pagination_keeps_the_query_and_filters(client):
    for number in range(25):
        EventFactory(title_en=f"Diversity event {number}", start_date=datetime.date(2015, 1, 1))

    first = client.get(URL_EN, {"q": "diversity", "type": "event"})
    second = client.get(URL_EN, {"q": "diversity", "type": "event", "page": "2"})

    assert first.context["result_count"] == 25
    assert len(result_titles(first)) == 20 and len(result_titles(second)) == 5
    assert "q=diversity&amp;type=event&amp;page=2" in first.content.decode()


def test_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    for number in range(3):
        EventFactory(title_en=f"Diversity event {number}")
    client.get(URL_EN, {"q": "diversity"})  # the daily catch-up runs once
    EventFactory(title_en="Diversity event 3")  # content changed: counts are made afresh
    with django_assert_max_num_queries(8) as few:
        client.get(URL_EN, {"q": "diversity"})
    for number in range(40):
        NewsItemFactory(title_en=f"Diversity news {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL_EN, {"q": "diversity", "page": "2"})
    assert response.context["result_count"] == 44
    # Until the next change, the ranking and the counts are not made again: fewer queries.
    with django_assert_max_num_queries(len(few.captured_queries) - 1):
        client.get(URL_EN, {"q": "diversity", "page": "1"})


# --- Excerpts and safety ----------------------------------------------------------------------


def test_excerpt_highlights_the_match_and_escapes_html(client):
    EventFactory(
        title_en="<script>alert('x')</script> Refugee forum",
        description_en=("An opening. Refugees & R&D teams <em>met</em> in Oslo: 1 < 2. The end."),
    )

    response = client.get(URL_EN, {"q": "refugee"})
    page = response.content.decode()
    entry = response.context["page_obj"].object_list[0]

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "<mark>Refugees</mark>" in str(entry.excerpt)
    assert "R&amp;D" in str(entry.excerpt)
    assert "1 &lt; 2" in str(entry.excerpt)
    assert "<em>" not in str(entry.excerpt)
    assert str(entry.excerpt) in page


def test_text_cannot_forge_highlight_marks(client):
    EventFactory(title_en="Forum", description_en="Refugees \ue000<b>bold</b>\ue001 here.")

    entry = client.get(URL_EN, {"q": "refugees"}).context["page_obj"].object_list[0]

    assert "<b>" not in str(entry.excerpt)
    assert str(entry.excerpt).count("<mark>") == str(entry.excerpt).count("</mark>") == 1


def test_empty_query_shows_a_prompt(client):
    response = client.get(URL_EN)

    assert response.status_code == 200
    assert response.context["prompt"]
    assert response.context["page_obj"] is None


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "!!! ??? ..."}, "at least one word"),
        ({"q": "x" * 2000}, "only its first"),
        ({"q": "diversity " * 200}, "only its first"),
        ({"q": "diversity", "type": "unknown"}, "type filter was not understood"),
        ({"q": "diversity", "year": "abc"}, "year filter was not understood"),
        ({"q": "diversity", "year": "99999"}, "year filter was not understood"),
        ({"q": "diversity", "page": "abc"}, "page number was not valid"),
        ({"q": "diversity", "page": "999"}, "not that many pages"),
    ],
)
def test_bad_input_gets_a_clear_message(client, params, message):
    EventFactory(title_en="Diversity seminar")

    response = client.get(URL_EN, params)

    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"diversity seminar"',
        "diversity' OR 1=1; DROP TABLE icc_searchentry; --",
        "diversity -workshop",
        "diversity OR",
        "diversity\x00seminar",
        "% _ \\ diversity",
        "(diversity & !seminar) | <->",
    ],
)
def test_odd_queries_never_fail(client, query):
    EventFactory(title_en="Diversity seminar")

    response = client.get(URL_EN, {"q": query})

    assert response.status_code == 200
    assert SearchEntry.objects.exists()


def test_quoted_phrase_and_sql_text_still_find_the_words(client):
    EventFactory(title_en="Diversity seminar")

    assert result_titles(client.get(URL_EN, {"q": '"diversity seminar"'})) == ["Diversity seminar"]
    assert result_titles(client.get(URL_EN, {"q": "seminar'; --"})) == ["Diversity seminar"]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="stems fallback only")
def test_fallback_ignores_accents():
    assert search.stem("réfugiés", "fr") == search.stem("refugies", "fr")
    assert search.stems_column("Réfugiés", "Accueil", "fr").startswith(" refug accueil ")
