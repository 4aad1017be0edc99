"""The practices listing with the facets of issue 11 chosen ("facets11"), in a real browser: no
axe violation in either language at phone and desktop widths, and a size option followed
without JavaScript, with the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, LANGUAGES, PHONE, localized
from tests.e2e.test_accessibility import AXE_OPTIONS, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

_axe = Axe()


@pytest.fixture
def filtered_listing(site_content):
    """``language -> path`` of the practices listing with every new facet chosen."""
    network = site_content["network"]

    def path(language):
        listing = localized(language, lambda: reverse("practices:practice_list"))
        return (
            f"{listing}?size=500k-1m&size=under-50k&network={network.slug}"
            "&running=ongoing&evaluation=no&documents=no"
        )

    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_axe_violations_with_the_new_facets_chosen(
    page_factory, live_server, filtered_listing, language
):
    path = filtered_listing(language)
    failures = []
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = page_factory(viewport=viewport)
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200
        assert page.locator("#facet-size").count() == 1
        violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(
                f"{width_name} {viewport['width']}px:\n{describe_violations(violations)}"
            )
    assert not failures, f"axe violations on {path}:\n" + "\n".join(failures)


def test_a_size_option_is_followed_with_the_keyboard_without_javascript(
    page_factory, live_server, site_content
):
    page = page_factory(viewport=DESKTOP, javascript=False)
    page.goto(live_server.url + localized("en", lambda: reverse("practices:practice_list")))
    option = page.locator("#facet-size ~ ul a.facet-option").first
    href = option.get_attribute("href")
    assert href and "size=" in href
    option.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    chosen = page.locator("#facet-size ~ ul a.facet-option.is-selected")
    assert chosen.count() == 1
    assert chosen.get_attribute("aria-current") == "true"
