"""The sections of city, network and event pages in a browser: upcoming and past events, former
members, documents and the workspace's buttons carry no stray bullet, and axe finds nothing."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cities.views import PAST_EVENTS_LIMIT
from tests.e2e.conftest import DESKTOP, LANGUAGES, PHONE
from tests.e2e.test_accessibility import AXE_OPTIONS, _axe, describe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Lists whose items are rows, files, cards or buttons: no marker may show beside them.
NO_BULLETS = "#main .document-list > li, #main .document-files > li, #main .member-list > li, #main .card-list > li"


@pytest.fixture
def detail_content(live_server):
    from tests.factories import (
        CityFactory,
        DocumentFactory,
        DocumentFileFactory,
        EventFactory,
        MembershipFactory,
        NetworkFactory,
    )

    today = timezone.localdate()
    lisbon = CityFactory(name_en="Lisbon", name_fr="Lisbonne", slug="lisbon")
    viareggio = CityFactory(name_en="Viareggio", name_fr="Viareggio", country="IT")
    network = NetworkFactory(name_en="Portuguese Network", name_fr="Réseau portugais")
    MembershipFactory(network=network, city=lisbon, joined=datetime.date(2011, 6, 1))
    MembershipFactory(network=network, city=viareggio, joined=datetime.date(2012, 1, 1),
                      left=datetime.date(2019, 12, 31))  # fmt: skip
    MembershipFactory(network=NetworkFactory(name_en="Old Network"), city=lisbon,
                      joined=datetime.date(2013, 1, 1), left=datetime.date(2016, 1, 1))  # fmt: skip
    coming = EventFactory(title_en="Coordination meeting", title_fr="Réunion de coordination",
                          start_date=today + datetime.timedelta(days=20),
                          host_cities=[lisbon], network=network)  # fmt: skip
    for number in range(PAST_EVENTS_LIMIT + 2):
        EventFactory(title_en=f"Study visit {number}", title_fr=f"Visite d'étude {number}",
                     start_date=today - datetime.timedelta(days=40 + number),
                     host_cities=[lisbon], network=network)  # fmt: skip
    agenda = DocumentFactory(title_en="Draft agenda", title_fr="Projet d'ordre du jour",
                             kind="agenda", year=2024, with_file=False)  # fmt: skip
    DocumentFileFactory(document=agenda, language="en", size=1536)
    DocumentFileFactory(document=agenda, language="fr", size=12 * 1024)
    report = DocumentFactory(title_en="Index report", title_fr="Rapport de l'Indice",
                             kind="index_report", year=2019, with_file=False)  # fmt: skip
    DocumentFileFactory(document=report, language="en", size=801)
    coming.documents.add(agenda)
    lisbon.documents.add(agenda, report)
    network.documents.add(report)
    return {"city": lisbon, "network": network, "event": coming}


def paths(content, language):
    return [
        f"/{language}{content[name].get_absolute_url()[3:]}"
        for name in ("city", "network", "event")
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_detail_sections_have_no_axe_violations_and_no_bullets(
    page_factory, live_server, detail_content, language
):
    failures = []
    for viewport in (PHONE, DESKTOP):
        page = page_factory(viewport=viewport)
        for path in paths(detail_content, language):
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            markers = page.eval_on_selector_all(
                NO_BULLETS, "items => items.map(item => getComputedStyle(item).listStyleType)"
            )
            assert markers, f"no list on {path}"
            assert set(markers) == {"none"}, f"bullets on {path}: {markers}"
            violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
            if violations:
                failures.append(
                    f"{path} at {viewport['width']}px:\n{describe_violations(violations)}"
                )
    assert not failures, "\n".join(failures)


def test_city_page_shows_past_events_apart_with_a_link_to_the_rest(
    page, live_server, detail_content
):
    page.goto(live_server.url + detail_content["city"].get_absolute_url())
    events = page.locator("#city-events ~ .events-group")
    assert events.count() == 2
    assert events.nth(0).locator(".card-title").all_inner_texts() == ["Coordination meeting"]
    assert events.nth(1).locator(".card-title").count() == PAST_EVENTS_LIMIT
    link = page.get_by_role(
        "link", name=f"See all {PAST_EVENTS_LIMIT + 2} past events hosted by Lisbon"
    )
    link.click()
    page.wait_for_load_state()
    assert "when=past" in page.url and "city=lisbon" in page.url
    assert page.locator("main .card-title").count() == PAST_EVENTS_LIMIT + 2


def test_workspace_buttons_carry_no_bullets(page, live_server, coordinator, city):
    from tests.factories import PracticeFactory

    practice = PracticeFactory(cities=[city], title_en="A draft practice")
    client = Client()
    client.force_login(coordinator)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/en/my-practices/{practice.pk}/")
    markers = page.eval_on_selector_all(
        ".form-actions > li", "items => items.map(item => getComputedStyle(item).listStyleType)"
    )
    assert markers and set(markers) == {"none"}, markers
