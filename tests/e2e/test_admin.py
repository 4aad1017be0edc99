"""The back-office in a real browser: the admin's own scripts run on every content admin page.

Select-all and bulk publishing, the calendar and clock, the slug typed from the title, the "+"
popup that adds a related city and returns to the unsaved form, one language switch for every
EN/FR group, and no JavaScript error on any content admin page.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from tests.e2e.conftest import DESKTOP

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TAB_GROUPS = ".icc-tabs"


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def watch_for_errors(page, errors):
    """Collect uncaught exceptions and console errors (failed scripts included) of ``page``.

    The site has no favicon: the 404 of the browser's own request for one is not the page's.
    """

    def on_console(message):
        source = message.location.get("url", "")
        if message.type == "error" and not source.endswith("/favicon.ico"):
            errors.append(f"{page.url}: console: {message.text} ({source})")

    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("console", on_console)


@pytest.fixture
def admin_browser(page_factory, live_server, secretariat_user):
    """A page signed in as the secretariat; ``.errors`` collects JavaScript errors of every
    page of its browser context, popups included."""

    def open_page(**options):
        client = Client()
        client.force_login(secretariat_user)
        # The calendar's "Today" is the browser's day: make it the site's day, even at midnight.
        page = page_factory(**{"timezone_id": settings.TIME_ZONE, **options})
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page.errors = []
        watch_for_errors(page, page.errors)
        page.context.on("page", lambda popup: watch_for_errors(popup, page.errors))
        return page

    return open_page


@pytest.fixture
def admin_page(admin_browser):
    return admin_browser()


def open_admin(page, live_server, path):
    response = page.goto(live_server.url + path)
    assert response.status == 200, (path, response.status)
    return page


def save_and_wait(page, button="input[name=_save]"):
    with page.expect_navigation():
        page.click(button)
    assert not page.locator(".errornote").count(), page.locator(".errorlist").all_inner_texts()


def date_input(day):
    return day.strftime(formats.get_format("DATE_INPUT_FORMATS", lang="en")[0])


def time_input(moment):
    return moment.strftime(formats.get_format("TIME_INPUT_FORMATS", lang="en")[0])


def shown_languages(page):
    """The language each EN/FR group of the form shows, in the order of the form."""
    return page.eval_on_selector_all(
        TAB_GROUPS,
        """groups => groups.map(group => {
            const shown = [...group.querySelectorAll(':scope > [role=tabpanel]')]
                .filter(panel => panel.offsetParent !== null);
            return shown.length === 1
                ? group.querySelector('#' + shown[0].getAttribute('aria-labelledby')).lang
                : shown.length + ' panels shown';
        })""",
    )


# --- 1. Select all, then a bulk action ------------------------------------------------------


def _unpublished(factory_name):
    from tests import factories

    return [getattr(factories, factory_name)(is_published=False) for _ in range(3)]


@pytest.mark.parametrize(
    "factory_name", ["CityFactory", "NetworkFactory", "EventFactory", "NewsItemFactory"]
)
def test_select_all_then_publish_selected_publishes_every_row(
    admin_page, live_server, factory_name
):
    items = _unpublished(factory_name)
    model = type(items[0])
    page = open_admin(admin_page, live_server, admin_url(model, "changelist"))

    rows = page.locator("input.action-select")
    assert rows.count() == 3
    page.check("#action-toggle")
    assert all(rows.nth(i).is_checked() for i in range(3)), "select-all must tick every row"
    assert "3 of 3" in page.inner_text(".action-counter")

    page.select_option("select[name=action]", "publish_selected")
    save_and_wait(page, "button[name=index]")

    assert "3 items published" in page.inner_text(".messagelist")
    assert model.objects.filter(is_published=True).count() == 3
    assert not page.errors, page.errors


def test_selecting_all_across_pages_publishes_every_event(admin_page, live_server):
    from events.admin import EventAdmin
    from events.models import Event
    from tests.factories import EventFactory

    total = EventAdmin.list_per_page + 5
    EventFactory.create_batch(total, is_published=False)
    page = open_admin(admin_page, live_server, admin_url(Event, "changelist"))

    page.check("#action-toggle")
    assert page.locator("input.action-select:checked").count() == EventAdmin.list_per_page
    page.locator(".actions .question a").click()
    assert f"All {total} selected" in page.inner_text(".actions .all")
    page.select_option("select[name=action]", "publish_selected")
    save_and_wait(page, "button[name=index]")

    assert f"{total} items published" in page.inner_text(".messagelist")
    assert not Event.objects.filter(is_published=False).exists()
    assert not page.errors, page.errors


def test_select_all_then_publish_selected_practices_goes_through_the_life_cycle(
    admin_page, live_server
):
    from practices.models import Practice, Transition
    from tests.factories import PracticeFactory, TopicFactory

    topic = TopicFactory()
    for _ in range(3):
        PracticeFactory(status=Practice.Status.SUBMITTED, topics=[topic])
    page = open_admin(admin_page, live_server, admin_url(Practice, "changelist"))

    page.check("#action-toggle")
    rows = page.locator("input.action-select")
    assert rows.count() == 3 and all(rows.nth(i).is_checked() for i in range(3))
    page.select_option("select[name=action]", "publish_selected")
    save_and_wait(page, "button[name=index]")

    assert "3 practices published" in page.inner_text(".messagelist")
    assert set(Practice.objects.values_list("status", flat=True)) == {Practice.Status.PUBLISHED}
    assert Transition.objects.filter(to_status=Practice.Status.PUBLISHED).count() == 3
    assert not page.errors, page.errors


# --- 2. Calendar and clock ------------------------------------------------------------------


def test_date_and_time_pickers_fill_an_events_fields(admin_page, live_server):
    from events.models import Event

    page = open_admin(admin_page, live_server, admin_url(Event, "add"))
    start_date = page.locator("#id_start_date + .datetimeshortcuts")
    today = timezone.localdate()

    start_date.get_by_role("link", name="Today").click()
    assert page.input_value("#id_start_date") == date_input(today)

    start_date.locator("a[id^=calendarlink]").click()
    calendar = page.locator(".calendarbox:visible")
    assert calendar.count() == 1, "the calendar opens beside the field"
    calendar.locator("td a", has_text=re.compile(r"^15$")).click()
    assert page.input_value("#id_start_date") == date_input(today.replace(day=15))
    assert page.locator(".calendarbox:visible").count() == 0, "choosing a day closes it"

    page.locator("#id_start_time + .datetimeshortcuts a[id^=clocklink]").click()
    clock = page.locator(".clockbox:visible")
    assert clock.count() == 1, "the clock opens beside the field"
    clock.get_by_role("link", name="Noon").click()
    assert page.input_value("#id_start_time") == time_input(datetime.time(12))

    page.fill("#id_title_en", "Summer school on inclusive participation")
    page.get_by_role("tab", name="Français").first.click()
    page.fill("#id_title_fr", "Université d'été sur la participation inclusive")
    save_and_wait(page)
    event = Event.objects.get()
    assert (event.start_date, event.start_time) == (today.replace(day=15), datetime.time(12))
    assert not page.errors, page.errors


# --- 3. The slug follows the title ------------------------------------------------------------


SLUGGED = [
    ("cities.City", "name"),
    ("cities.Network", "name"),
    ("events.Event", "title"),
    ("news.NewsItem", "title"),
    ("practices.Practice", "title"),
    ("practices.Topic", "name"),
]


@pytest.mark.parametrize(("model_label", "source"), SLUGGED)
def test_the_slug_is_filled_from_the_english_title_when_adding(
    admin_page, live_server, model_label, source
):
    from django.apps import apps

    model = apps.get_model(model_label)
    page = open_admin(admin_page, live_server, admin_url(model, "add"))
    assert page.input_value("#id_slug") == ""
    page.locator(f"#id_{source}_en").press_sequentially("Café culture in Zürich")
    assert page.input_value("#id_slug") == "cafe-culture-in-zurich"
    assert not page.errors, page.errors


def test_editing_a_title_keeps_the_published_slug(admin_page, live_server):
    from tests.factories import EventFactory

    event = EventFactory(title_en="Annual meeting")
    page = open_admin(admin_page, live_server, admin_url(type(event), "change", event.pk))
    page.locator("#id_title_en").press_sequentially(" in Lisbon")
    assert page.input_value("#id_slug") == event.slug == "annual-meeting"


def test_a_slug_typed_by_hand_is_kept(admin_page, live_server):
    from events.models import Event

    page = open_admin(admin_page, live_server, admin_url(Event, "add"))
    page.fill("#id_slug", "my-own-address")
    page.locator("#id_title_en").press_sequentially("Study visit")
    assert page.input_value("#id_slug") == "my-own-address"


# --- 4. The "+" popup returns to the unsaved form ---------------------------------------------


def add_city_in_popup(page, field, name):
    """Click "+" beside ``field``, fill the city form in the popup, save; wait for it to close."""
    with page.expect_popup() as popup_info:
        page.click(f"#add_id_{field}")
    popup = popup_info.value
    popup.wait_for_load_state()
    assert "_popup=1" in popup.url
    popup.get_by_role("tab", name="English").first.click()
    popup.locator("#id_name_en").press_sequentially(name)
    assert popup.input_value("#id_slug") == name.lower()
    popup.get_by_role("tab", name="Français").first.click()
    popup.fill("#id_name_fr", name)
    popup.select_option("#id_country", "FI")
    with popup.expect_event("close"):
        popup.click("input[name=_save]")


def test_adding_a_city_from_a_practice_returns_to_the_unsaved_form(admin_page, live_server):
    from cities.models import City
    from practices.models import Practice

    page = open_admin(admin_page, live_server, admin_url(Practice, "add"))
    page.fill("#id_title_en", "Welcome desks in libraries")
    page.locator("#id_purpose_en").fill("To welcome newcomers where they already go.")
    page.get_by_role("tab", name="Français").first.click()
    page.fill("#id_title_fr", "Des guichets d'accueil dans les bibliothèques")
    page.select_option("#id_country", "FI")

    add_city_in_popup(page, "cities", "Tampere")

    tampere = City.objects.get(name_en="Tampere")
    assert page.eval_on_selector(
        "#id_cities", "select => [...select.selectedOptions].map(option => option.value)"
    ) == [str(tampere.pk)]
    assert page.locator(".field-cities .select2-selection__choice").inner_text().endswith("Tampere")
    # The text typed before opening the popup is still there, in both languages.
    assert page.input_value("#id_title_fr") == "Des guichets d'accueil dans les bibliothèques"
    page.get_by_role("tab", name="English").first.click()
    assert page.input_value("#id_title_en") == "Welcome desks in libraries"
    assert page.input_value("#id_purpose_en") == "To welcome newcomers where they already go."

    save_and_wait(page)
    practice = Practice.objects.get()
    assert practice.title_fr == "Des guichets d'accueil dans les bibliothèques"
    assert list(practice.cities.all()) == [tampere]
    assert not page.errors, page.errors


def test_adding_a_host_city_from_an_event_returns_to_the_unsaved_form(admin_page, live_server):
    from cities.models import City
    from events.models import Event

    page = open_admin(admin_page, live_server, admin_url(Event, "add"))
    page.fill("#id_title_en", "Study visit to Tampere")
    page.get_by_role("tab", name="Français").first.click()
    page.fill("#id_title_fr", "Visite d'étude à Tampere")
    page.locator("#id_start_date + .datetimeshortcuts").get_by_role("link", name="Today").click()

    add_city_in_popup(page, "host_cities", "Tampere")

    assert page.input_value("#id_title_fr") == "Visite d'étude à Tampere"
    assert page.input_value("#id_start_date") == date_input(timezone.localdate())
    save_and_wait(page)
    event = Event.objects.get()
    assert list(event.host_cities.all()) == [City.objects.get(name_en="Tampere")]
    assert not page.errors, page.errors


# --- 5. One language switch for every EN/FR group ---------------------------------------------


def test_choosing_french_in_one_group_shows_french_in_every_group(admin_page, live_server):
    from practices.models import Practice
    from tests.factories import PracticeFactory

    practice = PracticeFactory()
    page = open_admin(admin_page, live_server, admin_url(Practice, "change", practice.pk))
    groups = page.locator(TAB_GROUPS)
    assert groups.count() == 13, (
        "title, period, the nine sections, the contact's role and organisation: EN/FR tabs each"
    )
    assert shown_languages(page) == ["en"] * 13

    groups.nth(5).get_by_role("tab", name="Français").click()
    assert shown_languages(page) == ["fr"] * 13
    assert page.locator("#id_purpose_fr").is_visible()
    assert page.input_value("#modeltranslation-main-switch") == "1"

    # The choice is remembered while editing: the next page of this tab opens in French.
    page.reload()
    assert shown_languages(page) == ["fr"] * 13

    # Arrow keys move every group too, with the focus staying in the group used.
    tab = groups.nth(2).get_by_role("tab", name="Français")
    tab.focus()
    page.keyboard.press("ArrowLeft")
    assert shown_languages(page) == ["en"] * 13
    assert page.evaluate("() => document.activeElement.id") == groups.nth(2).get_by_role(
        "tab", name="English"
    ).get_attribute("id")

    # The switch beside the title does the same.
    page.select_option("#modeltranslation-main-switch", label="Français")
    assert shown_languages(page) == ["fr"] * 13
    assert not page.errors, page.errors


def test_a_group_with_an_error_opens_on_the_faulty_language(admin_page, live_server):
    from news.models import NewsItem

    page = open_admin(admin_page, live_server, admin_url(NewsItem, "add"))
    page.get_by_role("tab", name="Français").first.click()  # remembered: French
    page.fill("#id_title_fr", "Une actualité sans titre anglais")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.locator(".errornote").count() == 1
    fields = page.eval_on_selector_all(
        TAB_GROUPS, "groups => groups.map(group => group.querySelector('.mt').id)"
    )
    languages = dict(zip(fields, shown_languages(page), strict=True))
    # The English title is required: its group shows English, the others the chosen French.
    assert languages.pop("id_title_en") == "en"
    assert set(languages.values()) == {"fr"}


def test_the_language_tabs_have_no_accessibility_violation(admin_page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    from practices.models import Practice
    from tests.e2e.test_accessibility import AXE_OPTIONS, describe_violations

    open_admin(admin_page, live_server, admin_url(Practice, "add"))
    admin_page.get_by_role("tab", name="Français").nth(3).click()
    context = {"include": [[TAB_GROUPS], ["#modeltranslation-main-switch"]]}
    violations = Axe().run(admin_page, context=context, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe_violations(violations)
    tab = admin_page.get_by_role("tab", name="Français").first
    assert tab.get_attribute("aria-selected") == "true"
    assert tab.get_attribute("lang") == "fr"
    panel = admin_page.locator("#" + tab.get_attribute("aria-controls"))
    assert panel.get_attribute("role") == "tabpanel" and panel.is_visible()


def test_tabs_are_named_in_their_own_language_in_the_french_admin(admin_browser, live_server):
    from events.models import Event

    page = admin_browser(locale="fr-FR", extra_http_headers={"Accept-Language": "fr"})
    open_admin(page, live_server, admin_url(Event, "add"))
    assert page.get_attribute("html", "lang") == "fr"
    group = page.locator(TAB_GROUPS).first
    assert group.get_by_role("tab").all_inner_texts() == ["English", "Français"]
    # The French admin opens on the French fields.
    assert set(shown_languages(page)) == {"fr"}
    assert page.get_attribute("#modeltranslation-main-switch", "aria-label") == (
        "Langue des champs"
    )
    assert not page.errors, page.errors


def test_without_javascript_both_languages_are_shown(admin_browser, live_server):
    from practices.models import Practice

    page = admin_browser(viewport=DESKTOP, javascript=False)
    open_admin(page, live_server, admin_url(Practice, "add"))
    assert page.locator("#id_title_en").is_visible()
    assert page.locator("#id_title_fr").is_visible()
    assert page.locator(TAB_GROUPS).count() == 0


# --- 6. No JavaScript error on any content admin page -----------------------------------------


def _one_of_each(model_label):
    from tests import factories

    make = {
        "cities.City": lambda: factories.CityFactory(image=factories.ImageFactory()),
        "cities.Network": lambda: factories.MembershipFactory().network,
        "events.Event": lambda: factories.EventFactory(
            host_cities=[factories.CityFactory()], start_time=datetime.time(9, 30)
        ),
        "news.NewsItem": lambda: factories.NewsItemFactory(
            cities=[factories.CityFactory()], topics=[factories.TopicFactory()]
        ),
        "practices.Practice": lambda: factories.PracticeFactory(
            cities=[factories.CityFactory()], topics=[factories.TopicFactory()]
        ),
        "practices.Topic": factories.TopicFactory,
        "icc.Image": factories.ImageFactory,
        "icc.Document": factories.DocumentFactory,
        "icc.User": factories.SecretariatUserFactory,
        "pages.Page": factories.PageFactory,
        "practices.Adaptation": factories.AdaptationFactory,
    }
    return make[model_label]()


CONTENT_MODELS = [
    "cities.City",
    "cities.Network",
    "events.Event",
    "news.NewsItem",
    "practices.Practice",
    "practices.Topic",
    "icc.Image",
    "icc.Document",
    "icc.User",
    "pages.Page",
    "practices.Adaptation",
]


def test_every_translated_admin_is_checked_for_javascript_errors():
    from django.contrib import admin
    from modeltranslation.admin import TranslationAdmin

    translated = {
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, TranslationAdmin)
    }
    assert translated <= set(CONTENT_MODELS)


@pytest.mark.parametrize("model_label", CONTENT_MODELS)
def test_no_javascript_error_on_the_add_change_and_list_pages(admin_page, live_server, model_label):
    obj = _one_of_each(model_label)
    model = type(obj)
    for path in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        open_admin(admin_page, live_server, path)
        admin_page.wait_for_load_state("load")
        if admin_page.locator(TAB_GROUPS).count():
            # Switching languages runs the tabs' code: it must not fail either.
            admin_page.get_by_role("tab", name="Français").first.click()
            admin_page.get_by_role("tab", name="English").first.click()
    assert not admin_page.errors, "\n".join(admin_page.errors)


def test_translation_tabs_and_admin_scripts_are_served_locally(admin_page, live_server):
    from events.models import Event

    requested = []
    admin_page.on("request", lambda request: requested.append(request.url))
    open_admin(admin_page, live_server, admin_url(Event, "add"))
    admin_page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(live_server.url) for url in requested), [
        url for url in requested if not url.startswith(live_server.url)
    ]
    scripts = admin_page.eval_on_selector_all("script[src]", "s => s.map(x => x.src)")
    for name in ("jquery", "actions.js", "RelatedObjectLookups.js", "prepopulate.js", "tabs.js"):
        assert any(name in src for src in scripts), name
