"""The page of the yearly check's link ("freshness") in a real browser: no axe violation in
either language at phone and desktop widths, and answered with the keyboard alone, without
JavaScript and without signing in."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from tests.e2e.conftest import DESKTOP, LANGUAGES, PHONE, localized
from tests.e2e.test_accessibility import AXE_OPTIONS, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

_axe = Axe()


@pytest.fixture
def check_link(site_content):
    """A function ``language -> path`` of the check page of the published practice."""
    from practices.freshness import make_check_token
    from tests.factories import CoordinatorFactory

    practice = site_content["practice"]
    coordinator = CoordinatorFactory(username="lisbon-coordinator", cities=[site_content["city"]])
    token = make_check_token(practice, coordinator)

    def path(language, name="practices:freshness_check"):
        return localized(language, lambda: reverse(name, kwargs={"token": token}))

    return path


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_name", ["practices:freshness_check", "practices:freshness_done"])
def test_no_axe_violations_on_the_check_pages(
    page_factory, live_server, check_link, language, page_name
):
    path = check_link(language, page_name)
    failures = []
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = page_factory(viewport=viewport)
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200
        violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(
                f"{width_name} {viewport['width']}px:\n{describe_violations(violations)}"
            )
    assert not failures, f"axe violations on {path}:\n" + "\n".join(failures)


def test_no_axe_violations_on_a_bad_link(page_factory, live_server, db):
    path = localized("en", lambda: reverse("practices:freshness_check", kwargs={"token": "x"}))
    page = page_factory()
    response = page.goto(live_server.url + path)
    assert response.status == 400
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe_violations(violations)


def test_answered_with_the_keyboard_without_javascript(
    page_factory, live_server, check_link, site_content
):
    page = page_factory(javascript=False)
    page.goto(live_server.url + check_link("fr"))
    still_runs = page.locator('button[value="running"]')
    # Tab until the first answer has the focus, as a keyboard user would.
    for _press in range(60):
        page.keyboard.press("Tab")
        if still_runs.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("The answer 'still runs' cannot be reached with the Tab key.")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/done/"), page.content()[:3000]
    assert page.locator("h1").count() == 1
    practice = site_content["practice"]
    practice.refresh_from_db()
    assert practice.last_checked == timezone.localdate()
