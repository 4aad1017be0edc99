"""The ICC Index on a city's page in a real browser: axe finds no WCAG 2.1 AA violation at phone
and desktop widths in both languages, the chart is an image named by its title and the table
that gives its numbers is there without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import DESKTOP, LANGUAGES, PHONE, localized, topic
from tests.e2e.test_accessibility import AXE_OPTIONS, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

_axe = Axe()


@pytest.fixture
def city_with_index(site_content):
    """Lisbon with two Index results and Porto with one; a practice of Porto to suggest."""
    from cities.models import City
    from tests.factories import IndexResultFactory, PracticeFactory

    lisbon = site_content["city"]
    porto = City.objects.get(name_en="Porto")
    areas = [
        topic("education", "Education", "Éducation"),
        topic("public-space", "Public space", "Espace public"),
        topic("language", "Language", "Langues"),
        topic("participation", "Participation", "Participation"),
    ]
    for city, year, overall, scores in (
        (lisbon, 2022, 55, (50, 70, 40, 60)),
        (lisbon, 2024, 62, (58, 75, 44, 71)),
        (porto, 2023, 48, (45, 52, 38, 57)),
    ):
        result = IndexResultFactory(city=city, year=year, overall_score=overall)
        for area, score in zip(areas, scores, strict=True):
            result.area_scores.create(topic=area, score=score)
    PracticeFactory(
        published=True,
        title_en="Language cafés",
        title_fr="Cafés des langues",
        cities=[porto],
        topics=[areas[2]],
    )
    return lisbon


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_city_page_with_its_index_has_no_axe_violations(
    page_factory, live_server, city_with_index, language
):
    path = localized(language, city_with_index.get_absolute_url)
    failures = []
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = page_factory(viewport=viewport)
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200
        assert page.locator("#city-index svg.chart").count() == 1
        violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(f"{width_name}:\n{describe_violations(violations)}")
    assert not failures, f"axe violations on {path}:\n" + "\n".join(failures)


def test_the_chart_is_named_and_its_numbers_are_in_a_table_without_javascript(
    page_factory, live_server, city_with_index
):
    page = page_factory(javascript=False)
    page.goto(live_server.url + city_with_index.get_absolute_url())
    chart = page.get_by_role("img", name="Lisbon’s ICC Index result in 2024")
    assert chart.count() == 1
    table = page.locator("#city-index table").first
    assert table.locator("tbody tr").first.inner_text().split("\t") == [
        "Overall score", "62", "55.0", "+7.0",
    ]  # fmt: skip
    assert table.is_visible()
    suggestions = page.locator(".city-index__area").filter(has_text="Language")
    assert suggestions.get_by_role("link", name="Language cafés").is_visible()
