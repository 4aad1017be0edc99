"""The demo's programme pages: the seven roles, both languages, loaded once and idempotent."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from icc.demo import cities as city_data
from icc.demo import events as event_data
from icc.demo import networks as network_data
from icc.demo import news as news_data
from icc.demo import pages as page_data
from icc.demo import practices as practice_data
from icc.pages.links import links_for
from icc.pages.models import Page
from tests.helpers import text

pytestmark = pytest.mark.django_db
H1 = re.compile(r"<h1[\s>]")


@pytest.fixture
def pages_only_demo(monkeypatch):
    """The demo with only what the accounts need besides the programme's pages: a fast load."""
    needed = {"lisbon", "oeiras"}
    monkeypatch.setattr(city_data, "CITIES", [c for c in city_data.CITIES if c["slug"] in needed])
    monkeypatch.setattr(city_data, "CITY_IMAGES", {})
    monkeypatch.setattr(city_data, "CITY_DOCUMENTS", {})
    monkeypatch.setattr(network_data, "NETWORKS", [])
    monkeypatch.setattr(event_data, "EVENTS", [])
    monkeypatch.setattr(news_data, "NEWS", [])
    monkeypatch.setattr(practice_data, "PRACTICES", [])


def load_demo():
    out = io.StringIO()
    call_command("load_demo", "--small-images", stdout=out)
    return out.getvalue()


def test_the_demo_has_each_programme_page_in_both_languages(pages_only_demo, client):
    output = load_demo()

    assert f"Programme pages: {len(page_data.PAGES)} ({len(page_data.PAGES)} created)" in output
    assert set(Page.objects.published().values_list("role", flat=True)) == set(Page.Role.values)
    for page in Page.objects.all():
        for field in ("title", "menu_title", "summary", "body"):
            for language in ("en", "fr"):
                assert getattr(page, f"{field}_{language}"), (
                    f"{page.slug} has no {field}_{language}"
                )
    contact = Page.objects.get(role=Page.Role.CONTACT)
    assert "F-67075 Strasbourg Cedex" in contact.body_en and "F-67075" in contact.body_fr
    assert "intercultural.cities@coe.int" in contact.body_fr
    statement = Page.objects.get(role=Page.Role.ACCESSIBILITY).body_en
    for part in ("2016/2102", "Compliance status", "Non-accessible content",
                 "Preparation of this statement", "Feedback and contact", "Enforcement procedure"):  # fmt: skip
        assert part in statement

    assert [link.title for link in links_for("menu")] == [
        "About the programme", "How to join", "The ICC Index", "Contact",
    ]  # fmt: skip
    assert len(links_for("footer")) == len(page_data.PAGES)

    for language in ("en", "fr"):
        with translation.override(language):
            paths = [page.get_absolute_url() for page in Page.objects.all()]
        for path in [*paths, f"/{language}/about/"]:
            response = client.get(path)
            html = text(response)
            assert response.status_code == 200, path
            assert len(H1.findall(html)) == 1, path
            assert f'<html lang="{language}"' in html, path
            assert "translation-note" not in html, f"{path} shows a text of the other language"


def test_loading_the_demo_again_changes_no_page(pages_only_demo):
    load_demo()
    before = list(Page.objects.order_by("pk").values())

    output = load_demo()

    assert list(Page.objects.order_by("pk").values()) == before
    count = len(page_data.PAGES)
    assert f"Programme pages: {count} ({count} unchanged)" in output
