"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Chromium comes from the system (``apt-get install chromium``), never from ``playwright install``.
Outside CI the browser tests skip with a reason when it is missing; in CI (``CI=true``) a
missing browser is a failure, so the accessibility checks can never be skipped silently.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone, translation

# Playwright's sync API runs an asyncio loop in this thread; Django would then refuse ORM calls
# from the test code (SynchronousOnlyOperation) although nothing here is actually async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = ("en", "fr")


def in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def find_chromium():
    """The system Chromium, or None."""
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        message = "Chromium not found at /usr/bin/chromium or on PATH (apt-get install chromium)"
        if in_ci():
            pytest.fail(f"{message}: browser tests must run in CI.", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_factory(browser):
    """Open pages in fresh browser contexts: ``page_factory(viewport=..., javascript=True)``."""
    contexts = []

    def open_page(viewport=DESKTOP, javascript=True, **options):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(page_factory):
    return page_factory()


@pytest.fixture
def site_content(live_server):
    """A small, realistic published dataset; returns the paths of one item of each type.

    Requesting ``live_server`` makes the database transactional, so the live server (another
    thread) sees these rows.
    """
    from tests.factories import (
        CityFactory,
        EventFactory,
        ImageFactory,
        MembershipFactory,
        NetworkFactory,
        NewsItemFactory,
        PracticeFactory,
    )

    today = timezone.localdate()
    lisbon = CityFactory(
        name_en="Lisbon",
        name_fr="Lisbonne",
        country="PT",
        joined_year=2011,
        population=545_000,
        website="https://www.lisboa.pt/",
        profile_en="Lisbon has welcomed newcomers for centuries and runs an anti-rumours strategy.",
        profile_fr="Lisbonne accueille des nouveaux arrivants depuis des siècles.",
        latitude="38.722252",
        longitude="-9.139337",
    )
    porto = CityFactory(name_en="Porto", name_fr="Porto", country="PT", joined_year=2014)
    network = NetworkFactory(
        name_en="Portuguese Network of Intercultural Cities",
        name_fr="Réseau portugais des villes interculturelles",
        acronym="RPCI",
        country="PT",
        founded_year=2015,
        description_en="The national network of Portuguese intercultural cities.",
        description_fr="Le réseau national des villes interculturelles portugaises.",
    )
    MembershipFactory(network=network, city=lisbon, joined=datetime.date(2015, 1, 1))
    MembershipFactory(network=network, city=porto, joined=datetime.date(2016, 3, 1))
    upcoming = EventFactory(
        title_en="Coordinators' annual meeting",
        title_fr="Réunion annuelle des coordinateurs",
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=31),
        country="PT",
        host_cities=[lisbon],
        network=network,
    )
    EventFactory(
        title_en="Study visit to Porto",
        title_fr="Visite d'étude à Porto",
        start_date=datetime.date(2015, 10, 29),
        country="PT",
        host_cities=[porto],
    )
    image = ImageFactory(
        alt_text_en="Residents of Lisbon at a neighbourhood festival",
        alt_text_fr="Des habitants de Lisbonne lors d'une fête de quartier",
    )
    education = topic("education", "Education", "Éducation")
    anti_rumours = topic("anti-rumours", "Anti-rumours", "Anti-rumeurs")
    news = NewsItemFactory(
        title_en="Lisbon launches its anti-rumours campaign",
        title_fr="Lisbonne lance sa campagne anti-rumeurs",
        date=today - datetime.timedelta(days=3),
        image=image,
        cities=[lisbon],
        topics=[anti_rumours],
        body_en="<p>The campaign trains <a href='https://example.org/'>anti-rumour agents</a>.</p>"
        "<ul><li>Workshops</li><li>Street theatre</li></ul>",
        body_fr="<p>La campagne forme des <a href='https://example.org/'>agents anti-rumeurs</a>."
        "</p><ul><li>Ateliers</li><li>Théâtre de rue</li></ul>",
    )
    practice = PracticeFactory(
        published=True,
        title_en="Anti-rumours agents in schools",
        title_fr="Des agents anti-rumeurs dans les écoles",
        cities=[lisbon],
        topics=[education, anti_rumours],
        period_en="2017-2021",
        period_fr="2017-2021",
        first_year=2017,
        last_year=2021,
        is_ongoing=False,
        purpose_en="To counter prejudice about migrants among pupils and teachers.",
        purpose_fr="Combattre les préjugés sur les migrants chez les élèves et les enseignants.",
        results_en="Two hundred agents trained.",
        results_fr="Deux cents agents formés.",
    )
    PracticeFactory(
        published=True,
        title_en="Intercultural festival in Porto",
        title_fr="Festival interculturel à Porto",
        cities=[porto],
        topics=[education],
    )
    # A draft must never show up on the public pages.
    PracticeFactory(title_en="Unfinished draft", cities=[lisbon])

    return {
        "city": lisbon,
        "network": network,
        "event": upcoming,
        "news": news,
        "practice": practice,
        "topic": education,
    }


def topic(slug, name_en, name_fr):
    """A topic of the taxonomy (created by a data migration; made here if it was flushed)."""
    from practices.models import Topic

    found, _created = Topic.objects.get_or_create(
        slug=slug, defaults={"name_en": name_en, "name_fr": name_fr}
    )
    return found


def localized(language, path_function):
    with translation.override(language):
        return path_function()
