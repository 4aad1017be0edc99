"""Writing to a practice's contact in a real browser: accessible, by keyboard, without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from practices.models import ContactMessage
from tests.e2e.conftest import DESKTOP, LANGUAGES, PHONE, localized
from tests.e2e.test_accessibility import AXE_OPTIONS, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ADDRESS = "contact.person@hidden.example.org"
MESSAGE = "Good morning, our city would like to learn from your anti-rumours agents."

_axe = Axe()


@pytest.fixture
def practice(live_server, settings):
    from tests.factories import CityFactory, PracticeFactory

    # People type slower than a test: the "too fast" check is tested in tests/practices/.
    settings.CONTACT_FORM_MIN_SECONDS = 0
    return PracticeFactory(
        published=True,
        cities=[CityFactory(name_en="Lisbon", name_fr="Lisbonne")],
        title_en="Anti-rumours agents in schools",
        title_fr="Des agents anti-rumeurs dans les écoles",
        contact_name="Ana Ferreira",
        contact_role_en="Intercultural policy officer",
        contact_role_fr="Chargée de la politique interculturelle",
        contact_organisation_en="City of Lisbon",
        contact_organisation_fr="Ville de Lisbonne",
        contact_email=ADDRESS,
    )


def form_path(practice, language="en"):
    from django.urls import reverse

    return localized(
        language, lambda: reverse("practices:practice_contact", kwargs={"slug": practice.slug})
    )


def assert_no_violations(page, where):
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe violations on {where}:\n{describe_violations(violations)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contact_block_the_form_and_its_errors_have_no_axe_violations(
    page_factory, live_server, practice, language
):
    for viewport in (PHONE, DESKTOP):
        page = page_factory(viewport=viewport)
        detail = localized(language, practice.get_absolute_url)
        page.goto(live_server.url + detail)
        assert_no_violations(page, f"{detail} at {viewport['width']}px")
        page.goto(live_server.url + form_path(practice, language))
        assert_no_violations(page, f"the form at {viewport['width']}px")
        # Sent empty: the error summary and the fields' errors.
        page.locator("form.contact-form button[type=submit]").click()
        page.wait_for_selector(".error-summary")
        assert_no_violations(page, f"the form with errors at {viewport['width']}px")
    assert ADDRESS not in page.content()


def test_the_form_is_filled_and_sent_with_the_keyboard_alone(page, live_server, practice):
    page.goto(live_server.url + practice.get_absolute_url())
    link = page.get_by_role("link", name="Write to Ana Ferreira")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{form_path(practice)}")
    # From the top of the page, Tab reaches the name field, then each field in order.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "name":
            break
    else:
        pytest.fail("Tab never reached the name field")
    page.keyboard.type("Marta Nowak")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "email"
    page.keyboard.type("marta@visitor.example.net")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "message"
    page.keyboard.type(MESSAGE)
    page.keyboard.press("Tab")
    # The trap field is never a stop: next comes the button.
    assert page.evaluate("() => document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**/contact/sent/")
    assert "Message sent" in page.inner_text("h1")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ADDRESS]
    assert MESSAGE in mail.outbox[0].body


def test_the_form_works_without_javascript_and_keeps_the_text_after_an_error(
    page_factory, live_server, practice
):
    page = page_factory(javascript=False)
    page.goto(live_server.url + form_path(practice, "fr"))
    page.fill("#id_name", "Marta Nowak")
    page.fill("#id_email", "not an address")
    page.fill("#id_message", MESSAGE)
    page.locator("form.contact-form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert page.input_value("#id_name") == "Marta Nowak"
    assert page.input_value("#id_message") == MESSAGE
    page.fill("#id_email", "marta@visitor.example.net")
    page.locator("form.contact-form button[type=submit]").click()
    page.wait_for_url("**/fr/practices/*/contact/sent/")
    assert len(mail.outbox) == 1
    copy = ContactMessage.objects.get()
    assert copy.language == "fr" and copy.sender_email == "marta@visitor.example.net"
    assert ADDRESS not in page.content()
