"""The ICC Index per city: results entered or imported by the secretariat, the city page's chart
beside the network's average (numbers checked against the data, the average recomputed here
independently), the practices suggested in the weakest areas, the API and the downloads."""

import csv
import datetime
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import pytest
import tablib
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cities.index import PRACTICES_PER_AREA, WEAKEST_AREAS
from cities.models import IndexAreaScore, IndexResult
from cities.resources import IndexResultResource
from practices.models import Practice, Topic
from tests.factories import (
    CityFactory,
    IndexResultFactory,
    PracticeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def when(year, month=1):
    return datetime.datetime(year, month, 1, 12, tzinfo=UTC)


@pytest.fixture
def topics(db):
    """Five policy areas in place of the taxonomy of the data migration (fewer columns)."""
    Topic.objects.all().delete()
    names = [("Commitment", "Engagement"), ("Education", "Éducation"),
             ("Public space", "Espace public"), ("Language", "Langues"),
             ("Participation", "Participation")]  # fmt: skip
    return [
        TopicFactory(name_en=en, name_fr=fr, slug=f"area-{index}", position=index)
        for index, (en, fr) in enumerate(names, start=1)
    ]


def result(city, year, overall, scores, topics, **kwargs):
    """An Index result of ``city`` with ``scores`` ({topic index: score})."""
    made = IndexResultFactory(city=city, year=year, overall_score=overall, **kwargs)
    for index, score in scores.items():
        IndexAreaScore.objects.create(result=made, topic=topics[index], score=score)
    return made


@pytest.fixture
def network(topics):
    """Lisbon (two years), Oslo, Bergen (an old result and a newer unpublished one), and an
    unpublished city whose result must count nowhere."""
    lisbon = CityFactory(name_en="Lisbon", name_fr="Lisbonne", slug="lisbon")
    oslo = CityFactory(name_en="Oslo", name_fr="Oslo", slug="oslo", country="NO")
    bergen = CityFactory(name_en="Bergen", name_fr="Bergen", slug="bergen", country="NO")
    hidden = CityFactory(name_en="Hidden", name_fr="Cachée", slug="hidden", is_published=False)
    result(lisbon, 2022, 50, {0: 40, 1: 60, 2: 70, 3: 30}, topics)
    result(lisbon, 2024, 60, {0: 55, 1: 45, 2: 80, 3: 45, 4: 45}, topics)
    result(oslo, 2023, 70, {0: 80, 1: 65}, topics)
    result(bergen, 2021, 40, {0: 30, 4: 20}, topics)
    result(bergen, 2024, 99, {0: 99, 1: 99}, topics, is_published=False)
    result(hidden, 2024, 90, {0: 100, 1: 100}, topics)
    return {"lisbon": lisbon, "oslo": oslo, "bergen": bergen, "hidden": hidden}


def independent_average():
    """The network's average as docs/public-site.md defines it, computed without the app's
    code: every published city's latest published result, one mean per area, halves up."""
    latest = {}
    for row in IndexResult.objects.select_related("city"):
        if not (row.is_published and row.city.is_published):
            continue
        if row.city_id not in latest or row.year > latest[row.city_id].year:
            latest[row.city_id] = row
    areas = {}
    for row in latest.values():
        for score in row.area_scores.all():
            areas.setdefault(score.topic_id, []).append(score.score)

    def mean(values):
        return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    return {
        "cities": len(latest),
        "overall": mean([row.overall_score for row in latest.values()]),
        "areas": {topic_id: mean(values) for topic_id, values in areas.items()},
    }


class TableReader(HTMLParser):
    """The rows (header and data cells' text) of each ``<table>`` of a page."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def index_section(html):
    match = re.search(r'<section class="chart-block city-index".*?</section>', html, re.S)
    assert match, "no ICC Index section on the page"
    return match.group(0)


def page(client, city, language="en"):
    with translation.override(language):
        url = city.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- The chart and its table --------------------------------------------------------------------


def test_the_network_average_is_each_citys_latest_published_result(network, topics):
    average = independent_average()
    # By hand, from the fixture: Lisbon 2024, Oslo 2023, Bergen 2021 (its 2024 is unpublished,
    # the hidden city is not published).
    assert average["cities"] == 3
    assert average["overall"] == Decimal("56.7")  # (60 + 70 + 40) / 3 = 56.67
    expected = {0: "55.0", 1: "55.0", 2: "80.0", 3: "45.0", 4: "32.5"}
    assert average["areas"] == {topics[i].pk: Decimal(v) for i, v in expected.items()}


def test_the_chart_table_gives_the_citys_latest_scores_and_the_average(client, network, topics):
    html = index_section(page(client, network["lisbon"]))
    average = independent_average()
    reader = TableReader()
    reader.feed(html)
    chart_table = reader.tables[0]
    assert chart_table[0] == ["Policy area", "Lisbon", "Network average", "Difference"]
    latest = IndexResult.objects.get(city=network["lisbon"], year=2024)
    expected = [["Overall score", "60", str(average["overall"]), "+3.3"]]
    for score in latest.area_scores.order_by("topic__position"):
        mean = average["areas"][score.topic_id]
        difference = Decimal(score.score) - mean
        sign = "+" if difference > 0 else ""
        expected.append([score.topic.name_en, str(score.score), str(mean), f"{sign}{difference}"])
    assert chart_table[1:] == expected
    assert expected[5] == ["Participation", "45", "32.5", "+12.5"]
    assert "Overall score in 2024: <strong>60</strong> out of 100." in html


def test_the_svg_draws_each_score_and_average_to_scale(client, network, topics):
    html = index_section(page(client, network["lisbon"]))
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    bars = re.findall(r'<rect x="0" y="[\d.]+" width="([\d.]+)" height="(14|6)"', svg)
    # Overall first, then the five areas in the taxonomy's order: the city's bar, then the
    # average's; a bar's length is its score out of 100 of the same room (404 units).
    room = 404
    average = independent_average()
    latest = IndexResult.objects.get(city=network["lisbon"], year=2024)
    values = [(60, average["overall"])] + [
        (s.score, average["areas"][s.topic_id]) for s in latest.area_scores.all()
    ]
    expected = []
    for score, mean in values:
        expected += [(f"{room * score / 100:.1f}", "14"), (f"{room * float(mean) / 100:.1f}", "6")]
    assert bars == expected
    description = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)
    assert "overall score in 2024: 60 out of 100; network average: 56.7." in description
    assert "Highest area: Public space (80); lowest: Education (45)." in description


def test_numbers_are_written_the_french_way_in_french(client, network):
    html = index_section(page(client, network["lisbon"], "fr"))
    assert "56,7" in html and "32,5" in html and "+12,5" in html
    assert '<th scope="row">Éducation</th>' in html


def test_earlier_years_are_listed_by_overall_score(client, network):
    html = index_section(page(client, network["lisbon"]))
    reader = TableReader()
    reader.feed(html)
    assert reader.tables[1] == [["Year", "Overall score"], ["2024", "60"], ["2022", "50"]]
    # A city with one result has no such table.
    assert len(re.findall("<table", index_section(page(client, network["oslo"])))) == 1


def test_unpublished_results_are_not_shown(client, network):
    html = index_section(page(client, network["bergen"]))
    assert "Overall score in 2021" in html and "99" not in html
    IndexResult.objects.filter(city=network["bergen"]).update(is_published=False)
    cache.clear()
    assert 'class="chart-block city-index"' not in page(client, network["bergen"])


def test_a_city_without_results_has_no_index_section(client, topics):
    city = CityFactory()
    assert "ICC Index results" not in page(client, city)


def test_a_changed_score_shows_at_once(client, network, topics):
    page(client, network["lisbon"])
    score = IndexAreaScore.objects.get(result__city=network["lisbon"], result__year=2024,
                                       topic=topics[2])  # fmt: skip
    score.score = 90
    score.save()
    reader = TableReader()
    reader.feed(index_section(page(client, network["lisbon"])))
    # Lisbon is the only city whose latest result scores public space: the average follows.
    assert ["Public space", "90", "90.0", "0.0"] in reader.tables[0]


# --- Suggested practices -------------------------------------------------------------------------


def suggestions(html):
    """``[(area heading, [practice titles])]`` of "Practices in the areas to improve"."""
    part = html.split('id="city-index-improve"', 1)[1]
    found = []
    for block in re.findall(r'<div class="city-index__area">(.*?)</div>', part, re.S):
        heading = re.sub(r"<[^>]+>", "", re.search(r"<h4>(.*?)</h4>", block, re.S).group(1))
        titles = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', block)
        found.append((" ".join(heading.split()), titles))
    return found


def test_practices_are_suggested_in_the_three_weakest_areas(client, network, topics):
    lisbon, oslo = network["lisbon"], network["oslo"]
    education, language, participation = topics[1], topics[3], topics[4]
    for year in (2019, 2020, 2021):
        PracticeFactory(published=True, published_at=when(year), title_en=f"Education {year}",
                        cities=[oslo], topics=[education])  # fmt: skip
    # Lisbon's own practice, a draft and a practice of another area are never suggested.
    PracticeFactory(published=True, published_at=when(2024), title_en="Lisbon's own",
                    cities=[lisbon], topics=[education])  # fmt: skip
    PracticeFactory(title_en="A draft", cities=[oslo], topics=[education])
    PracticeFactory(published=True, published_at=when(2024), title_en="Public space",
                    cities=[oslo], topics=[topics[2]])  # fmt: skip
    # In two weak areas: suggested once, under the weaker one (Education before Language).
    PracticeFactory(published=True, published_at=when(2022), title_en="Education and language",
                    cities=[oslo], topics=[education, language])  # fmt: skip
    PracticeFactory(published=True, published_at=when(2018), title_en="Language 2018",
                    topics=[language])  # fmt: skip
    html = index_section(page(client, lisbon))
    # Lisbon 2024: Education 45, Language 45, Participation 45 (ties: the taxonomy's order),
    # then Commitment 55 and Public space 80.
    assert WEAKEST_AREAS == 3 and PRACTICES_PER_AREA == 2
    assert suggestions(html) == [
        ("Education (score 45)", ["Education and language", "Education 2021"]),
        ("Language (score 45)", ["Language 2018"]),
        ("Participation (score 45)", []),
    ]
    assert "No published practice of another city in this area yet." in html
    assert f'href="{reverse("practices:practice_list")}?topic={participation.slug}"' in html


def test_suggestions_follow_an_independent_selection(client, network, topics):
    lisbon = network["lisbon"]
    cities = [network["oslo"], network["bergen"], lisbon]
    for number in range(30):
        PracticeFactory(
            published=number % 7 != 0,
            published_at=when(2000 + number % 20, 1 + number % 12),
            title_en=f"Practice {number:02d}",
            cities=[cities[number % 3]],
            topics=[topics[number % 5], topics[(number + 2) % 5]],
        )
    html = index_section(page(client, lisbon))
    latest = IndexResult.objects.get(city=lisbon, year=2024)
    ranked = sorted(latest.area_scores.all(), key=lambda s: (s.score, s.topic.position))
    seen, expected = set(), []
    for score in ranked[:WEAKEST_AREAS]:
        candidates = sorted(
            (p for p in Practice.objects.published().filter(topics=score.topic)
             if lisbon not in p.cities.all() and p.pk not in seen),
            key=lambda p: (p.published_at, p.pk), reverse=True,
        )[:PRACTICES_PER_AREA]  # fmt: skip
        seen.update(p.pk for p in candidates)
        expected.append(
            (f"{score.topic.name_en} (score {score.score})", [p.title_en for p in candidates])
        )
    assert suggestions(html) == expected
    assert any(titles for _heading, titles in expected)


# --- Queries ---------------------------------------------------------------------------------------


def count_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_the_city_page_costs_the_same_queries_with_many_cities_and_practices(
    client, settings, network, topics
):
    settings.PAGE_CACHE = False
    lisbon = network["lisbon"]
    path = lisbon.get_absolute_url()
    PracticeFactory(published=True, cities=[network["oslo"]], topics=[topics[1]])
    cache.clear()
    cold_small, warm_small = count_queries(client, path), count_queries(client, path)
    for number in range(40):
        city = CityFactory()
        result(city, 2020 + number % 5, 50, {i: 30 + (number * 7 + i) % 60 for i in range(5)},
               topics)  # fmt: skip
        PracticeFactory(published=True, cities=[city], topics=[topics[number % 5]])
    cache.clear()
    cold_large, warm_large = count_queries(client, path), count_queries(client, path)
    assert (cold_large, warm_large) == (cold_small, warm_small)
    assert warm_large < cold_large


def test_the_city_page_stays_within_its_query_budget(
    client, settings, network, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False
    with django_assert_max_num_queries(30):
        page(client, network["lisbon"])
    with django_assert_max_num_queries(8):
        page(client, network["lisbon"])


# --- Open data: API and downloads -----------------------------------------------------------------


def test_the_api_lists_every_published_result_with_its_numbers(client, network, topics):
    response = client.get(reverse("api:index-result-list"), {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    listed = {(item["city"]["slug"], item["year"]): item for item in body["results"]}
    assert set(listed) == {("lisbon", 2022), ("lisbon", 2024), ("oslo", 2023), ("bergen", 2021)}
    assert [item["year"] for item in body["results"]] == [2024, 2023, 2022, 2021]
    lisbon = listed["lisbon", 2024]
    assert lisbon["overall_score"] == 60
    assert [(s["topic"]["slug"], s["score"]) for s in lisbon["area_scores"]] == [
        ("area-1", 55), ("area-2", 45), ("area-3", 80), ("area-4", 45), ("area-5", 45),
    ]  # fmt: skip
    detail = client.get(lisbon["api_url"]).json()
    assert detail["overall_score"] == 60 and detail["city"]["name"] == "Lisbon"


def test_the_api_filters_by_city_and_year_and_hides_the_unpublished(client, network):
    url = reverse("api:index-result-list")
    body = client.get(url, {"city": "lisbon"}).json()
    assert [item["year"] for item in body["results"]] == [2024, 2022]
    body = client.get(url, {"year": "2023"}).json()
    assert [item["city"]["slug"] for item in body["results"]] == ["oslo"]
    assert client.get(url, {"year": "soon"}).json()["ignored_filters"] == ["year"]
    hidden = IndexResult.objects.get(city=network["hidden"])
    unpublished = IndexResult.objects.get(city=network["bergen"], year=2024)
    for item in (hidden, unpublished):
        response = client.get(reverse("api:index-result-detail", kwargs={"pk": item.pk}))
        assert response.status_code == 404
    assert client.get(url + "999999999999/").status_code == 404


def test_the_api_list_costs_the_same_queries_for_more_results(client, network, topics):
    url = reverse("api:index-result-list")
    small = count_queries(client, url)
    for _number in range(20):
        result(CityFactory(), 2020, 50, dict.fromkeys(range(5), 50), topics)
    assert count_queries(client, url) == small


def test_the_csv_download_has_one_column_per_area_and_the_numbers(client, network, topics):
    response = client.get(reverse("cities:index_download", kwargs={"format": "csv"}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    header = text.splitlines()[0].split(",")
    assert header == ["city", "city_slug", "city_url", "country_code", "year", "overall_score",
                      *[topic.slug for topic in topics]]  # fmt: skip
    assert [(row["city_slug"], row["year"]) for row in rows] == [
        ("bergen", "2021"), ("lisbon", "2024"), ("lisbon", "2022"), ("oslo", "2023"),
    ]  # fmt: skip
    lisbon = rows[1]
    assert lisbon["overall_score"] == "60"
    assert [lisbon[topic.slug] for topic in topics] == ["55", "45", "80", "45", "45"]
    assert rows[3]["area-3"] == ""  # Oslo's result scores no public space
    assert lisbon["city_url"] == "http://testserver/en/cities/lisbon/"


def test_the_json_download_in_french_and_filtered(client, network, topics):
    with translation.override("fr"):
        url = reverse("cities:index_download", kwargs={"format": "json"})
    response = client.get(url, {"city": "lisbon", "year": "2022"})
    data = json.loads(b"".join(response.streaming_content))
    assert data == [{
        "city": "Lisbonne", "city_slug": "lisbon", "city_url": "http://testserver/fr/cities/lisbon/",
        "country_code": "PT", "year": 2022, "overall_score": 50,
        "area-1": 40, "area-2": 60, "area-3": 70, "area-4": 30, "area-5": None,
    }]  # fmt: skip
    response = client.get(url, {"year": "x" * 500})
    assert response.status_code == 200 and response["X-Ignored-Filters"] == "year"


def test_the_city_page_links_to_the_downloads(client, network):
    html = index_section(page(client, network["lisbon"]))
    assert 'href="/en/cities/index-results.csv"' in html
    assert 'href="/en/cities/index-results.json"' in html


# --- Import and export (the secretariat) ----------------------------------------------------------


def import_csv(text, dry_run=False):
    dataset = tablib.Dataset().load(text, format="csv")
    return IndexResultResource().import_data(dataset, dry_run=dry_run)


def test_import_in_the_wide_format_then_again_changes_nothing(topics):
    CityFactory(slug="lisbon")
    CityFactory(slug="oslo")
    text = (
        "city,year,overall_score,area-1,Education,espace public,area-4,area-5,is_published\r\n"
        "lisbon,2024,61,55,45,80,,45,1\r\n"
        "oslo,2023,70.0,80,65,,,,1\r\n"
    )
    outcome = import_csv(text)
    assert not outcome.has_errors() and not outcome.has_validation_errors()
    lisbon = IndexResult.objects.get(city__slug="lisbon", year=2024)
    assert lisbon.overall_score == 61
    assert dict(lisbon.area_scores.values_list("topic__slug", "score")) == {
        "area-1": 55, "area-2": 45, "area-3": 80, "area-5": 45,
    }  # fmt: skip
    assert IndexResult.objects.get(city__slug="oslo").area_scores.count() == 2
    again = import_csv(text)
    assert [row.import_type for row in again.rows] == ["skip", "skip"]
    # A changed score is an update; an emptied cell removes that area's score.
    changed = text.replace("lisbon,2024,61,55,45,80,,45", "lisbon,2024,61,55,45,,,47")
    assert [row.import_type for row in import_csv(changed).rows] == ["update", "skip"]
    assert dict(lisbon.area_scores.values_list("topic__slug", "score")) == {
        "area-1": 55, "area-2": 45, "area-5": 47,
    }  # fmt: skip


def test_import_refuses_bad_scores_unknown_cities_and_unknown_columns(topics):
    CityFactory(slug="lisbon")
    outcome = import_csv("city,year,overall_score,area-1\r\nlisbon,2024,101,55\r\n")
    assert outcome.has_validation_errors()
    outcome = import_csv("city,year,overall_score,area-1\r\nlisbon,2024,60,55.5\r\n")
    errors = outcome.invalid_rows[0].error_dict
    assert "whole number from 0 to 100" in str(errors["area-1"])
    outcome = import_csv("city,year,overall_score\r\nnowhere,2024,60\r\n")
    assert outcome.has_errors() or outcome.has_validation_errors()
    outcome = import_csv("city,year,overall_score,educashun\r\nlisbon,2024,60,50\r\n")
    assert outcome.has_errors()
    assert "educashun" in str(outcome.base_errors[0].error)
    assert not IndexResult.objects.exists()


def test_export_writes_the_wide_format(network, topics):
    dataset = IndexResultResource().export()
    assert dataset.headers == ["city", "year", "overall_score",
                               *[t.slug for t in topics], "is_published"]  # fmt: skip
    rows = {(row[0], row[1]): row for row in dataset}
    assert rows["lisbon", "2024"] == ("lisbon", "2024", "60", "55", "45", "80", "45", "45", "1")
    assert rows["oslo", "2023"] == ("oslo", "2023", "70", "80", "65", "", "", "", "1")
    # Every result, published or not: the file is the secretariat's whole record.
    assert ("bergen", "2024") in rows and ("hidden", "2024") in rows


# --- Admin ---------------------------------------------------------------------------------------


def test_the_add_form_offers_one_row_per_policy_area(secretariat_client, topics):
    response = secretariat_client.get(reverse("admin:cities_indexresult_add"))
    assert response.status_code == 200
    html = response.content.decode()
    for index, topic in enumerate(topics):
        assert re.search(
            rf'name="area_scores-{index}-topic".*?<option value="{topic.pk}" selected', html, re.S
        )


def test_the_secretariat_enters_a_result_in_the_admin(secretariat_client, topics):
    city = CityFactory()
    data = {
        "city": city.pk, "year": "2025", "overall_score": "64", "is_published": "on",
        "area_scores-TOTAL_FORMS": "5", "area_scores-INITIAL_FORMS": "0",
        "area_scores-MIN_NUM_FORMS": "0", "area_scores-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for index, topic in enumerate(topics):
        data[f"area_scores-{index}-topic"] = topic.pk
        data[f"area_scores-{index}-score"] = "" if index == 4 else str(50 + index)
    response = secretariat_client.post(reverse("admin:cities_indexresult_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = IndexResult.objects.get(city=city)
    assert list(saved.area_scores.values_list("score", flat=True)) == [50, 51, 52, 53]
    changelist = secretariat_client.get(reverse("admin:cities_indexresult_changelist"))
    assert changelist.status_code == 200 and city.name in changelist.content.decode()


# --- Demo data -----------------------------------------------------------------------------------


def test_the_demo_results_name_demo_cities_and_taxonomy_areas():
    from icc.demo import cities as city_data
    from icc.demo import index as index_data

    slugs = {row["slug"] for row in city_data.CITIES}
    taxonomy = set(Topic.objects.values_list("slug", flat=True))  # from the data migration
    assert set(index_data.AREAS) <= taxonomy and len(set(index_data.AREAS)) == 17
    assert len(index_data.RESULTS) >= 15 and set(index_data.RESULTS) <= slugs
    for years in index_data.RESULTS.values():
        assert sorted(years) == [2022, 2024]
        for overall, scores in years.values():
            assert len(scores) == len(index_data.AREAS)
            assert all(0 <= score <= 100 for score in [overall, *scores])
