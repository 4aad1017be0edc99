"""Translation status in a real browser: the secretariat brings a French text up to date in the
admin's side-by-side editor; the coordinators' translation pages pass axe, with and without
JavaScript."""

import datetime

import pytest
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_accessibility import AXE_OPTIONS, _axe, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def signed_in(page_factory, live_server, user, **options):
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


@pytest.fixture
def practice_to_translate(live_server, city):
    """A draft of Lisbon whose English purpose changed after its French was written."""
    import reversion

    from icc.translation_status.models import FieldStamp
    from tests.factories import PracticeFactory

    with reversion.create_revision():
        practice = PracticeFactory(
            cities=[city],
            title_en="Neighbourhood dialogue tables",
            title_fr="Tables de dialogue de quartier",
            purpose_en="Residents of every origin talk about their street.",
            purpose_fr="Des habitants de toutes origines parlent de leur rue.",
            results_en="Forty tables a year.",
            results_fr="",
        )
    FieldStamp.objects.update(written_at=F("written_at") - datetime.timedelta(hours=1))
    practice.purpose_en = "Residents of every origin talk about their square."
    with reversion.create_revision():
        practice.save()
    return practice


def test_the_secretariat_brings_the_french_up_to_date_side_by_side(
    page_factory, live_server, secretariat_user, practice_to_translate
):
    page = signed_in(page_factory, live_server, secretariat_user, viewport=DESKTOP)
    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_role(
        "link", name="Translation status: 1 item with a missing or out-of-date text"
    ).click()
    page.wait_for_load_state()
    row = page.locator("#translation-items tbody tr")
    assert row.count() == 1
    assert "Out of date" in row.inner_text() and "Missing" in row.inner_text()
    page.get_by_role("link", name="Neighbourhood dialogue tables").first.click()
    page.wait_for_load_state()

    # The English beside the French, with what changed in the English since.
    purpose = page.locator("#field-purpose")
    assert "their square." in purpose.locator(".translation-reference-text").inner_text()
    assert purpose.locator(".translation-diff del").inner_text() == "street."
    assert purpose.locator(".translation-diff ins").inner_text() == "square."
    french = page.get_by_label("Purpose (French)")
    assert french.get_attribute("lang") == "fr"
    french.fill("Des habitants de toutes origines parlent de leur place.")
    page.get_by_label("Results / impact (French)").fill("Quarante tables par an.")
    page.get_by_role("button", name="Save the French texts").click()
    page.wait_for_load_state()
    assert "Saved: Purpose, Results / impact." in page.locator(".messagelist").inner_text()
    assert "Nothing to translate into French" in page.locator("#content-main").inner_text()

    practice_to_translate.refresh_from_db()
    assert (
        practice_to_translate.purpose_fr
        == "Des habitants de toutes origines parlent de leur place."
    )
    assert practice_to_translate.purpose_en == "Residents of every origin talk about their square."
    page.goto(live_server.url + reverse("translation_status:status"))
    assert page.locator("#translation-items").count() == 0
    assert "Nothing to translate" in page.locator("#content-main").inner_text()


def run_axe(page):
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


@pytest.mark.parametrize("javascript", [True, False])
def test_the_coordinators_translation_pages_pass_axe(
    page_factory, live_server, coordinator, practice_to_translate, javascript
):
    failures = []
    paths = [
        reverse("workspace:translations"),
        reverse("workspace:translation_editor", args=[practice_to_translate.pk]) + "?language=fr",
    ]
    for viewport in (PHONE, DESKTOP):
        page = signed_in(
            page_factory, live_server, coordinator, viewport=viewport, javascript=javascript
        )
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, (path, response.status)
            if javascript:
                violations = run_axe(page)
                if violations:
                    failures.append(
                        f"{path} {viewport['width']}px:\n{describe_violations(violations)}"
                    )
    assert not failures, "\n".join(failures)


def test_a_coordinator_translates_without_javascript(
    page_factory, live_server, coordinator, practice_to_translate
):
    page = signed_in(page_factory, live_server, coordinator, javascript=False)
    page.goto(live_server.url + reverse("workspace:translations"))
    page.get_by_role("link", name="Neighbourhood dialogue tables").click()
    page.wait_for_load_state()
    page.get_by_label("The French text is still correct: no change is needed").check()
    page.get_by_label("Results / impact (French)").fill("Quarante tables par an.")
    page.get_by_role("button", name="Save the French texts").click()
    page.wait_for_load_state()
    assert "Nothing to translate into French" in page.locator("main").inner_text()
    practice_to_translate.refresh_from_db()
    assert practice_to_translate.results_fr == "Quarante tables par an."
    assert (
        practice_to_translate.purpose_fr == "Des habitants de toutes origines parlent de leur rue."
    )
