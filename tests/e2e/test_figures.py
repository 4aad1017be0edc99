"""The map and the figures in a real browser: axe finds nothing, the map's cities are reached
with the Tab key in order and show their name, the listing's map is a disclosure on phones."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, LANGUAGES, PHONE, localized
from tests.e2e.test_accessibility import AXE_OPTIONS, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

_axe = Axe()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "url_name, query",
    [
        ("figures:network_figures", ""),
        ("cities:city_list", ""),
        ("practices:practice_list", "?topic=education"),
        ("home", ""),
    ],
)
def test_maps_and_charts_have_no_axe_violations(
    page_factory, live_server, site_content, language, url_name, query
):
    path = localized(language, lambda: reverse(url_name)) + query
    failures = []
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = page_factory(viewport=viewport)
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200
        assert page.locator(".city-map, svg.chart").count() > 0
        violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(f"{width_name}:\n{describe_violations(violations)}")
    assert not failures, f"axe violations on {path}:\n" + "\n".join(failures)


def test_the_tab_key_goes_through_the_map_cities_in_order(page, live_server, site_content):
    page.goto(live_server.url + reverse("cities:city_list"))
    cities = page.locator(".city-map__city")
    names = [cities.nth(index).get_attribute("aria-label") for index in range(cities.count())]
    assert names == ["Lisbon, Portugal"]  # Porto has no coordinates in the dataset
    # From the link before the map, Tab reaches each city, then leaves the map.
    page.locator(".city-map__city").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Lisbon, Portugal"
    label = page.locator(".city-map__city:focus .city-map__label")
    assert label.is_visible()  # sighted keyboard users see which city has the focus
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{site_content['city'].get_absolute_url()}")


def test_the_listing_map_is_closed_on_phones_and_open_on_desktop(
    page_factory, live_server, site_content
):
    url = live_server.url + reverse("cities:city_list")
    phone = page_factory(viewport=PHONE)
    phone.goto(url)
    assert not phone.locator(".city-map__svg").first.is_visible()
    phone.locator(".map-summary").click()
    assert phone.locator(".city-map__svg").first.is_visible()
    desktop = page_factory(viewport=DESKTOP)
    desktop.goto(url)
    assert desktop.locator(".city-map__svg").first.is_visible()
    assert not desktop.locator(".map-summary").is_visible()


def test_the_map_works_without_javascript(page_factory, live_server, site_content):
    page = page_factory(viewport=DESKTOP, javascript=False)
    page.goto(live_server.url + reverse("home"))
    assert page.locator(".city-map__city").count() == 1
    page.goto(live_server.url + reverse("figures:network_figures"))
    assert page.locator("svg.chart").count() == 4
