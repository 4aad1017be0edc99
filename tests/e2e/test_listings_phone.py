"""Listings on a phone (360 x 740): results first, the filters behind one disclosure that works
without JavaScript, every facet option reachable, labels that wrap; beside the results from
48rem; no axe violation at either width, the disclosures closed or open.

The listings are given long facets (a dozen countries, many kinds of event, every topic), as
the real site has, so that filters placed before the results would push them off the screen.
"""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from tests.e2e.conftest import DESKTOP, LANGUAGES, localized
from tests.e2e.test_accessibility import AXE_OPTIONS, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SMALL_PHONE = {"width": 360, "height": 740}
# The first result's title must show on the first screen, not just its top border.
TITLE_ROOM = 48
FIRST_RESULT = ".listing-results :is(.card-list, .row-list, .result-list) > li"
COUNTRIES = ["AT", "BE", "CA", "CY", "DK", "ES", "FI", "FR", "GR", "IT", "NO", "PT"]
KINDS = [
    "meeting", "seminar", "workshop", "conference", "forum", "summit", "study_visit", "webinar",
]  # fmt: skip
SEARCH_WORDS = {"en": "anti-rumours", "fr": "anti-rumeurs"}

# Each listing, unfiltered and filtered (two filters where the listing has them).
LISTINGS = {
    "cities": (lambda: reverse("cities:city_list"), "?country=PT&joined=2011"),
    "networks": (lambda: reverse("networks:network_list"), "?country=PT"),
    "events": (lambda: reverse("events:event_list"), "?when=upcoming&country=PT"),
    "news": (lambda: reverse("news:news_list"), "?topic=anti-rumours"),
    "practices": (
        lambda: reverse("practices:practice_list"),
        "?topic=education&topic=anti-rumours",
    ),
    "search": (lambda: reverse("search:search"), "&type=practice"),
}

_axe = Axe()


@pytest.fixture
def crowded_site(site_content):
    """``site_content`` and enough more for long facets: cities in 12 countries, events of 8
    kinds, practices and news of many cities."""
    from tests.factories import CityFactory, EventFactory, NewsItemFactory, PracticeFactory

    today = timezone.localdate()
    cities = [
        CityFactory(
            name_en=f"Town {index:02}",
            name_fr=f"Commune {index:02}",
            country=COUNTRIES[index % len(COUNTRIES)],
            joined_year=2008 + index % 10,
        )
        for index in range(24)
    ]
    for index, city in enumerate(cities):
        EventFactory(
            title_en=f"Gathering {index:02}",
            title_fr=f"Rencontre {index:02}",
            kind=KINDS[index % len(KINDS)],
            country=city.country,
            host_cities=[city],
            start_date=today + datetime.timedelta(days=5 + index),
            end_date=today + datetime.timedelta(days=5 + index),
        )
        NewsItemFactory(title_en=f"Town news {index:02}", title_fr=f"Nouvelles {index:02}",
                        cities=[city], date=today - datetime.timedelta(days=index))  # fmt: skip
        PracticeFactory(published=True, title_en=f"Town practice {index:02}",
                        title_fr=f"Pratique {index:02}", cities=[city])  # fmt: skip
    return site_content


def listing_path(language, name, filtered):
    path_function, query = LISTINGS[name]
    path = localized(language, path_function)
    if name == "search":
        path += f"?q={SEARCH_WORDS[language]}"
    return path + (query if filtered else "")


def first_result_top(page):
    first = page.locator(FIRST_RESULT).first
    assert first.count(), f"no result on {page.url}"
    return first.evaluate("element => element.getBoundingClientRect().top")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(LISTINGS))
def test_on_a_phone_the_first_result_is_on_the_first_screen(
    page_factory, live_server, crowded_site, name, language
):
    page = page_factory(viewport=SMALL_PHONE)
    for filtered in (False, True):
        path = listing_path(language, name, filtered)
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        top = first_result_top(page)
        assert top + TITLE_ROOM <= SMALL_PHONE["height"], (
            f"{path}: the first result starts at {top:.0f}px, below the first screen"
        )
        # The filters wait, closed, before the results; the summary counts the active ones.
        disclosure = page.locator("details.filters-disclosure")
        assert disclosure.count() == 1
        assert disclosure.evaluate("element => element.open") is False
        summary = page.locator(".filters-summary")
        assert summary.is_visible()
        assert summary.bounding_box()["y"] < top
        active = page.locator(".active-filters .chip").count()
        assert (active > 0) is filtered, path
        if filtered:
            assert re.search(rf"\({active}\b", summary.inner_text()), summary.inner_text()
            assert page.locator(".active-filters").is_visible()
        # Nothing wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_desktop_the_filters_stay_open_beside_the_results(
    page_factory, live_server, crowded_site, language
):
    page = page_factory(viewport=DESKTOP)
    for name in LISTINGS:
        path = listing_path(language, name, filtered=True)
        page.goto(live_server.url + path)
        panel = page.locator("aside.listing-filters")
        results = page.locator("#results")
        option = panel.locator(".facet-option").first
        assert option.is_visible(), f"{path}: the facets should show without a click"
        assert not page.locator(".filters-summary").is_visible()
        assert (
            panel.bounding_box()["x"] + panel.bounding_box()["width"]
            <= (results.bounding_box()["x"])
        ), f"{path}: the panel should stand beside the results"


def test_without_javascript_a_phone_reader_opens_the_filters_and_filters(
    page_factory, live_server, crowded_site
):
    page = page_factory(viewport=SMALL_PHONE, javascript=False)
    page.goto(live_server.url + localized("en", lambda: reverse("events:event_list")))
    webinar = page.locator("a.facet-option").filter(has_text="Webinar")
    assert not webinar.is_visible()
    page.locator(".filters-summary").click()
    kinds = page.locator("section.facet").filter(
        has=page.get_by_role("heading", name="Kind", exact=True)
    )
    # Webinar has events but comes after the first kinds: behind "Show all", which opens
    # without JavaScript; every kind is then on screen, none in a scroll box.
    assert not webinar.is_visible()
    kinds.locator(".facet-more > summary").click()
    assert webinar.is_visible()
    assert kinds.locator("li").count() == 14
    for item in kinds.locator("li").all():
        assert item.is_visible()
    webinar.click()
    page.wait_for_load_state()
    assert "kind=webinar" in page.url
    assert page.locator(".active-filters .chip").filter(has_text="Webinar").is_visible()
    assert "(1 active)" in page.locator(".filters-summary").inner_text()
    titles = page.locator(f"{FIRST_RESULT} h3").all_inner_texts()
    assert titles and all(
        title.startswith("Gathering") and int(title.split()[-1]) % len(KINDS) == 7
        for title in titles
    ), titles
    # The chip removes the filter.
    page.locator(".active-filters .chip").first.click()
    page.wait_for_load_state()
    assert "kind=" not in page.url


@pytest.mark.parametrize("viewport", [SMALL_PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_facet_is_a_scroll_box_and_labels_wrap_inside_the_panel(
    page_factory, live_server, crowded_site, viewport
):
    page = page_factory(viewport=viewport)
    for name in ("cities", "events", "practices"):
        page.goto(live_server.url + listing_path("en", name, filtered=False))
        if page.locator(".filters-summary").is_visible():
            page.locator(".filters-summary").click()
        for summary in page.locator(".facet-more > summary").all():
            summary.click()
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.listing-filters *')].filter(element => {
                if (element.closest('.visually-hidden')) return false;  // screen-reader text
                const style = getComputedStyle(element);
                return /(auto|scroll|hidden)/.test(style.overflowY)
                    && element.scrollHeight > element.clientHeight + 1;
            }).map(element => element.className)"""
        )
        assert boxes == [], f"{name}: options hidden in a scroll box: {boxes}"
        cut = page.evaluate(
            """() => {
                const panel = document.querySelector('.listing-filters').getBoundingClientRect();
                return [...document.querySelectorAll('.facet-label')].filter(label => {
                    const box = label.getBoundingClientRect();
                    return box.right > panel.right + 1 || label.scrollWidth > label.clientWidth + 1;
                }).map(label => label.textContent);
            }"""
        )
        assert cut == [], f"{name}: labels cut: {cut}"
    # The long network name wraps onto several lines rather than being cut.
    page.goto(live_server.url + listing_path("en", "events", filtered=False))
    if page.locator(".filters-summary").is_visible():
        page.locator(".filters-summary").click()
    label = page.locator(".facet-label").filter(has_text="Portuguese Network")
    line_height = label.evaluate("element => parseFloat(getComputedStyle(element).lineHeight)")
    if viewport is SMALL_PHONE or label.bounding_box()["width"] < 250:
        assert label.bounding_box()["height"] > 1.5 * line_height


def test_a_keyboard_user_skips_the_filters_to_the_results(page_factory, live_server, crowded_site):
    page = page_factory(viewport=DESKTOP)
    page.goto(live_server.url + listing_path("en", "cities", filtered=False))
    skip = page.locator("a.listing-skip")
    assert not skip.evaluate(
        "element => { const box = element.getBoundingClientRect(); "
        "return box.bottom > 0 && box.top < innerHeight; }"
    ), "out of sight until focused"
    page.locator("h1").click()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('listing-skip')"):
            break
    else:
        pytest.fail("the skip link is not reached by Tab after the heading")
    assert skip.is_visible() and skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.url.endswith("#results")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('#results') !== null")
    assert focused, "the next Tab should land in the results, past every facet"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(LISTINGS))
def test_no_axe_violations_with_the_disclosures_closed_and_open(
    page_factory, live_server, crowded_site, name, language
):
    failures = []
    for width_name, viewport in (("phone", SMALL_PHONE), ("desktop", DESKTOP)):
        page = page_factory(viewport=viewport)
        page.goto(live_server.url + listing_path(language, name, filtered=True))
        for state in ("closed", "open"):
            if state == "open":
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
            if violations:
                failures.append(f"{width_name}, {state}:\n{describe_violations(violations)}")
    assert not failures, "\n".join(failures)
