"""Keyboard and no-JavaScript use: skip link, text-size controls, plain-link filters."""

import re

import pytest
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, localized

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FOCUSED = """() => {
    const element = document.activeElement;
    return {
        tag: element.tagName.toLowerCase(),
        href: element.getAttribute('href') || '',
        text: (element.innerText || element.textContent || '').trim(),
        inMain: element.closest('main') !== null,
        visible: element.getBoundingClientRect().width > 0,
    };
}"""


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, live_server, site_content):
    page.goto(live_server.url + "/en/")
    main_id = page.eval_on_selector("main", "main => main.id")
    assert main_id, "<main> needs an id for the skip link to point to"

    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "a" and focused["href"] == f"#{main_id}", (
        f"the first Tab stop should be the skip link to #{main_id}, not {focused}"
    )
    assert focused["visible"], "the skip link must become visible when it has focus"

    page.keyboard.press("Enter")
    on_main = page.evaluate("() => document.activeElement === document.querySelector('main')")
    if not on_main:
        # Without tabindex=-1 on <main> the browser only moves the sequential focus point:
        # the next Tab must then land inside <main>, past the header and navigation.
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED)["inMain"], "after the skip link, Tab should go into <main>"


TEXT_SIZE_CONTROL = re.compile(
    r"(larger|bigger|increase).*(text|font)|(text|font).*(larger|bigger|increase)|^A\+$", re.I
)
SMALLER_CONTROL = re.compile(
    r"(smaller|decrease).*(text|font)|(text|font).*(smaller|decrease)|^A-$", re.I
)


def _font_size(page):
    return page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('main')).fontSize)"
    )


def _control(page, name):
    control = page.get_by_role("button", name=name)
    if control.count() == 0:
        control = page.get_by_role("link", name=name)
    assert control.count() > 0, f"no text-size control named like {name.pattern!r}"
    return control.first


def test_text_size_controls_change_the_text_size(page, live_server, site_content):
    page.goto(live_server.url + "/en/")
    before = _font_size(page)
    _control(page, TEXT_SIZE_CONTROL).click()
    page.wait_for_load_state()
    larger = _font_size(page)
    assert larger > before, f"text should grow: {before}px -> {larger}px"
    _control(page, SMALLER_CONTROL).click()
    page.wait_for_load_state()
    assert _font_size(page) < larger


def test_a_listing_filter_works_without_javascript(page_factory, live_server, site_content):
    page = page_factory(viewport=DESKTOP, javascript=False)
    listing = localized("en", lambda: reverse("practices:practice_list"))
    page.goto(live_server.url + listing)
    main = page.locator("main")
    assert main.get_by_text("Intercultural festival in Porto").count() >= 1
    assert main.get_by_text("Anti-rumours agents in schools").count() >= 1

    option = page.locator("a.facet-option").filter(has_text="Anti-rumours")
    assert option.count(), "the topic facet should offer Anti-rumours as a plain link"
    option.first.click()
    page.wait_for_load_state()

    assert "anti-rumours" in page.url, f"the filter should be in the address: {page.url}"
    assert page.locator("a.facet-option[aria-current='true']").count() >= 1
    assert main.get_by_text("Anti-rumours agents in schools").count() >= 1
    assert main.get_by_text("Intercultural festival in Porto").count() == 0
