"""The strict Content-Security-Policy breaks nothing: Chromium reports no violation on any public
page type, the sign-in page, the coordinators' workspace and the admin (lists, a practice's change
form with its language tabs, the "+" popup that adds a city and closes itself).

Violations are caught twice: the ``securitypolicyviolation`` event in every document, popups
included, and Chromium's console message ("Refused to ... Content Security Policy").
"""

import pytest
import reversion
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from cities.models import City
from events.models import Event
from icc.models import Document, Image, User
from practices.models import Practice
from tests.e2e.conftest import LANGUAGES, localized
from tests.e2e.test_accessibility import PAGE_TYPES
from tests.e2e.test_admin import add_city_in_popup, admin_url
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Runs in every document before its own scripts: CSP violations land in a list the test reads.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " (" + event.sourceFile + ":" + event.lineNumber + ")"
  );
});
"""


def watch_for_violations(page, found):
    def on_console(message):
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            found.append(f"{page.url}: console: {message.text}")

    page.on("console", on_console)


def violations_of(page, found):
    """Every violation of ``page`` so far (console and events), as text."""
    reported = page.evaluate("window.__cspViolations || []")
    return found + [f"{page.url}: {violation}" for violation in reported]


def assert_no_violations(page, what):
    found = violations_of(page, page.csp_violations)
    assert not found, f"{what}:\n" + "\n".join(found)


@pytest.fixture
def browser_page(page_factory):
    """A page (and its popups) that records CSP violations in ``page.csp_violations``."""

    def open_page(session_for=None, live_server=None):
        page = page_factory()
        page.csp_violations = []
        page.context.add_init_script(RECORD_VIOLATIONS)
        watch_for_violations(page, page.csp_violations)
        page.context.on("page", lambda popup: watch_for_violations(popup, page.csp_violations))
        if session_for is not None:
            client = Client()
            client.force_login(session_for)
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

    return open_page


def visit(page, live_server, path, status=200):
    response = page.goto(live_server.url + path)
    assert response.status == status, (path, response.status)
    policy = response.header_value("content-security-policy") or ""
    assert "script-src 'self'" in policy, (path, policy)
    page.wait_for_load_state("load")
    return response


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_and_sign_in_report_no_violation(
    browser_page, live_server, site_content, language
):
    page = browser_page()
    for page_type, path_of in PAGE_TYPES.items():
        with translation.override(language):
            path = path_of(site_content, language)
        visit(page, live_server, path)
        assert_no_violations(page, page_type)
    # The text-size buttons and the print button are drawn by the site's script.
    assert page.locator("[data-text-size]").is_visible()
    visit(page, live_server, localized(language, lambda: reverse("accounts:login")))
    visit(page, live_server, reverse("admin:login"))
    visit(page, live_server, f"/{language}/no-such-page/", status=404)
    assert_no_violations(page, "after the popup")


def test_the_workspace_reports_no_violation(browser_page, live_server, coordinator, city):
    practice = PracticeFactory(title_en="Welcome desks", cities=[city])
    page = browser_page(session_for=coordinator, live_server=live_server)
    for name, arguments in (
        ("workspace:practice_list", ()),
        ("workspace:practice_create", ()),
        ("workspace:practice_detail", (practice.pk,)),
        ("workspace:practice_edit", (practice.pk,)),
        ("workspace:practice_preview", (practice.pk,)),
    ):
        with translation.override("en"):
            path = reverse(name, args=arguments)
        visit(page, live_server, path)
        assert_no_violations(page, name)


def test_the_admin_reports_no_violation(browser_page, live_server, secretariat_user, city):
    page = browser_page(session_for=secretariat_user, live_server=live_server)
    practice = PracticeFactory(published=True, title_en="Welcome desks", cities=[city])
    for path in (
        reverse("admin:index"),
        admin_url(Practice, "changelist"),
        admin_url(Practice, "changelist") + "?status=published",
        reverse("admin:practices_practice_review_queue"),
        reverse("admin:practices_practice_review", args=(practice.pk, "unpublish")),
        admin_url(Practice, "import"),
        admin_url(Practice, "export"),
        admin_url(Practice, "history", practice.pk),
        admin_url(Practice, "recoverlist"),
        admin_url(Event, "changelist"),
        admin_url(Event, "add"),
        admin_url(City, "change", city.pk),
        admin_url(Image, "add"),
        admin_url(Document, "add"),
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        admin_url(User, "changelist"),
    ):
        visit(page, live_server, path)
        assert_no_violations(page, path)

    # The history of a practice with two versions, and their comparison (django-reversion-compare).
    for title in ("Welcome desks", "Welcome desks in libraries"):
        practice.title_en = title
        with reversion.create_revision():
            practice.save()
    older, newer = sorted(Version.objects.get_for_object(practice), key=lambda version: version.pk)
    visit(page, live_server, admin_url(Practice, "history", practice.pk))
    radios = page.locator("input[name=version_id1]")
    assert radios.count() == 2
    # The newest version's "from" radio stays hidden: its class is styled from a file now.
    assert [radio.is_visible() for radio in radios.all()] == [False, True]
    assert_no_violations(page, "history")
    compare = f"?version_id1={older.pk}&version_id2={newer.pk}"
    visit(page, live_server, admin_url(Practice, "compare", practice.pk) + compare)
    assert page.get_by_text("in libraries").count() >= 1
    assert_no_violations(page, "compare")

    # The export page's "Select all" works without its inline handler (icc_admin/js/export.js).
    visit(page, live_server, admin_url(Practice, "export"))
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]:visible')
    assert fields.count() > 1
    page.locator(".select-toggle:visible").first.uncheck()
    assert not any(box.is_checked() for box in fields.all())
    page.locator(".select-toggle:visible").first.check()
    assert all(box.is_checked() for box in fields.all())

    # A practice's change form: every language tab group, the calendar, then the "+" popup.
    visit(page, live_server, admin_url(Practice, "change", practice.pk))
    page.get_by_role("tab", name="Français").first.click()
    assert page.locator("#id_title_fr").is_visible()
    # An autocomplete (select2) opened and searched: its requests and the list it draws.
    page.locator(".field-topics .select2-selection").click()
    page.locator(".field-topics .select2-search__field").fill("a")
    page.locator(".select2-results__option").first.wait_for()
    page.keyboard.press("Escape")
    add_city_in_popup(page, "cities", "Tampere")
    assert page.locator("#id_cities option", has_text="Tampere").count() == 1
    assert_no_violations(page, "after the popup")


def test_a_violation_would_be_seen(browser_page, live_server):
    """The watch itself works: an inline style and an inline script are blocked and reported."""
    page = browser_page()
    visit(page, live_server, localized("en", lambda: reverse("accounts:login")))
    page.evaluate(
        """() => {
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">inline</p>');
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true;";
        document.body.appendChild(script);
    }"""
    )
    page.wait_for_function("window.__cspViolations.length >= 2")
    assert page.evaluate("window.inlineRan") is None
    found = " ".join(violations_of(page, page.csp_violations))
    assert "style-src" in found and "script-src" in found, found
