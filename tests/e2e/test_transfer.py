"""Transfer between cities in a real browser: the practice page with "Inspired by" and
"Adapted by", the city page with what it adapted, and the coordinator's form, without axe
violations; the form works without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from tests.e2e.conftest import DESKTOP, LANGUAGES, PHONE, localized
from tests.e2e.test_accessibility import AXE_OPTIONS, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

_axe = Axe()


@pytest.fixture
def transfer(live_server):
    from tests.factories import AdaptationFactory, CityFactory, PracticeFactory

    oslo = CityFactory(name_en="Oslo", name_fr="Oslo", country="NO")
    lisbon = CityFactory(name_en="Lisbon", name_fr="Lisbonne", country="PT")
    ghent = CityFactory(name_en="Ghent", name_fr="Gand", country="BE")
    origin = PracticeFactory(
        published=True, cities=[oslo], country="NO",
        title_en="Intercultural mediators", title_fr="Médiateurs interculturels",
    )  # fmt: skip
    follower = PracticeFactory(
        published=True, cities=[lisbon], inspired_by=origin,
        title_en="Mediators in Lisbon's health centres",
        title_fr="Des médiateurs dans les centres de santé de Lisbonne",
    )  # fmt: skip
    # The page to check has both sections: it was inspired by one, and cities adapted it.
    AdaptationFactory(
        practice=follower, city=ghent, year=2022,
        note_en="Ghent trained mediators for its hospitals.",
        note_fr="Gand a formé des médiateurs pour ses hôpitaux.",
    )  # fmt: skip
    AdaptationFactory(practice=origin, city=ghent, year=2019)
    return {"practice": follower, "city": ghent, "origin": origin, "lisbon": lisbon}


def assert_no_violations(page, where):
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe violations on {where}:\n{describe_violations(violations)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_practice_and_city_pages_with_transfer_have_no_axe_violations(
    page_factory, live_server, transfer, language
):
    for name in ("practice", "city"):
        path = localized(language, transfer[name].get_absolute_url)
        for viewport in (PHONE, DESKTOP):
            page = page_factory(viewport=viewport)
            response = page.goto(live_server.url + path)
            assert response.status == 200
            if name == "practice":
                assert page.locator("#practice-transfer-title").count() == 1
                assert page.locator("#practice-inspired-by").count() == 1
                assert page.locator("#practice-adapted-by").count() == 1
            else:
                assert page.locator("#city-adaptations").count() == 1
            assert_no_violations(page, f"{path} at {viewport['width']}px")


def signed_in_page(page_factory, live_server, user, **options):
    client = Client()
    client.force_login(user)
    page = page_factory(**options)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def test_coordinator_records_an_adaptation_without_javascript(page_factory, live_server, transfer):
    from practices.models import Adaptation
    from tests.factories import CoordinatorFactory

    coordinator = CoordinatorFactory(username="lisbon-coordinator", cities=[transfer["lisbon"]])
    page = signed_in_page(page_factory, live_server, coordinator, javascript=False)
    # (axe runs in the page: the accessibility checks are in the test below, with JavaScript.)
    page.goto(f"{live_server.url}/en/my-practices/adaptations/new/")
    page.get_by_role("textbox", name="Find the practice").fill("Intercultural")
    page.get_by_role("button", name="Search practices").click()
    page.get_by_label("Intercultural mediators – Oslo").check()
    page.get_by_label("Year").fill("2023")
    page.get_by_label("Note (English)").fill("Lisbon's own mediators.")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    adaptation = Adaptation.objects.get(city=transfer["lisbon"])
    assert adaptation.practice == transfer["origin"] and adaptation.year == 2023
    assert page.url.endswith(f"/en/my-practices/adaptations/{adaptation.pk}/")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    adaptation.refresh_from_db()
    assert adaptation.status == Adaptation.Status.SUBMITTED


def test_workspace_pages_have_no_axe_violations(page_factory, live_server, transfer):
    from practices.models import Adaptation
    from tests.factories import CoordinatorFactory

    coordinator = CoordinatorFactory(username="lisbon-coordinator", cities=[transfer["lisbon"]])
    adaptation = Adaptation.objects.create(
        practice=transfer["origin"], city=transfer["lisbon"], year=2020, note_en="A note."
    )
    page = signed_in_page(page_factory, live_server, coordinator)
    for path in (
        "/en/my-practices/adaptations/",
        "/en/my-practices/adaptations/new/",
        f"/en/my-practices/adaptations/{adaptation.pk}/",
        f"/en/my-practices/adaptations/{adaptation.pk}/edit/?q=Oslo",
        f"/en/my-practices/adaptations/{adaptation.pk}/delete/",
        f"/fr/my-practices/{transfer['practice'].pk}/inspired-by/?q=Oslo",
    ):
        if "inspired-by" in path:  # a practice is chosen as inspiration while a draft
            transfer["practice"].status = "draft"
            transfer["practice"].save()
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_no_violations(page, path)
    # The year in the future: the error summary is announced, linked and accessible.
    page.goto(f"{live_server.url}/en/my-practices/adaptations/new/?q=Oslo")
    page.get_by_label("Intercultural mediators – Oslo").check()
    page.get_by_label("Year").fill("2999")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.count() == 1 and "future" in summary.inner_text()
    assert_no_violations(page, "the adaptation form with an error")
