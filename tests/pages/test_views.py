"""Public pages of the programme: a page in both languages, the list of pages, 404s, previews,
structured data, the language switcher, the sitemap and the site search."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from django.utils.translation import gettext

from icc import search
from icc.pages.models import Page
from tests.factories import PageFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

JSON_LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def contact():
    return PageFactory(
        title_en="Contact the secretariat",
        title_fr="Contacter le secrétariat",
        menu_title_en="Contact",
        menu_title_fr="Contact",
        role=Page.Role.CONTACT,
        summary_en="Write to the secretariat in Strasbourg.",
        summary_fr="Écrivez au secrétariat à Strasbourg.",
        body_en="<h2>By post</h2><p>Avenue de l'Europe, F-67075 Strasbourg Cedex</p>",
        body_fr="<h2>Par courrier</h2><p>Avenue de l'Europe, F-67075 Strasbourg Cedex</p>",
    )


def in_french(msgid):
    """An interface text as a French reader sees it (whatever the state of the catalogue)."""
    with translation.override("fr"):
        return gettext(msgid)


def json_ld(response):
    return [json.loads(block) for block in JSON_LD_BLOCK.findall(text(response))]


def test_a_page_reads_in_english_and_in_french_at_the_same_path(client, contact):
    english = client.get("/en/about/contact-the-secretariat/")
    french = client.get("/fr/about/contact-the-secretariat/")
    assert english.status_code == french.status_code == 200
    html_en, html_fr = text(english), text(french)
    assert '<html lang="en"' in html_en and '<html lang="fr"' in html_fr
    assert "<h1>Contact the secretariat</h1>" in html_en
    assert "<h1>Contacter le secrétariat</h1>" in html_fr
    assert "<h2>By post</h2>" in html_en and "<h2>Par courrier</h2>" in html_fr
    assert "Write to the secretariat in Strasbourg." in html_en
    assert "Écrivez au secrétariat à Strasbourg." in html_fr
    assert "<title>Contact the secretariat | Intercultural Cities</title>" in html_en
    assert "Last updated:" in html_en and in_french("Last updated:") in html_fr
    day = contact.updated_on.isoformat()
    assert f'<time datetime="{day}">' in html_en and f'<time datetime="{day}">' in html_fr


def test_canonical_hreflang_and_the_switcher_lead_to_the_same_page(client, contact):
    html = text(client.get("/fr/about/contact-the-secretariat/"))
    path = "/about/contact-the-secretariat/"
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/fr{path}">' in html
    assert f'hreflang="en" href="http://127.0.0.1:8000/en{path}"' in html
    assert f'hreflang="x-default" href="http://127.0.0.1:8000/en{path}"' in html
    # The language switcher of the French page links to the English version of this page.
    assert f'<a href="/en{path}" hreflang="en" lang="en">' in html


def test_breadcrumbs_lead_to_the_list_of_pages(client, contact):
    html = text(client.get(contact.get_absolute_url()))
    crumbs = html[html.index('class="wrap breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert '<a href="/en/about/">The programme</a>' in crumbs
    assert '<li aria-current="page">Contact the secretariat</li>' in crumbs


def test_structured_data_describes_the_page_and_its_trail(client, contact):
    objects = json_ld(client.get("/fr/about/contact-the-secretariat/"))
    page = next(item for item in objects if item["@type"] == "ContactPage")
    assert page["name"] == "Contacter le secrétariat"
    assert page["url"] == "http://127.0.0.1:8000/fr/about/contact-the-secretariat/"
    assert page["inLanguage"] == "fr"
    assert page["description"] == "Écrivez au secrétariat à Strasbourg."
    assert page["dateModified"].startswith(contact.updated_on.isoformat())
    trail = next(item for item in objects if item["@type"] == "BreadcrumbList")
    assert [crumb["name"] for crumb in trail["itemListElement"]] == [
        in_french("Home"), in_french("The programme"), "Contacter le secrétariat",
    ]  # fmt: skip
    other = PageFactory(title_en="Legal notice", role=Page.Role.LEGAL)
    types = {item["@type"] for item in json_ld(client.get(other.get_absolute_url()))}
    assert "WebPage" in types


def test_unpublished_and_unknown_pages_are_404_for_the_public(client):
    hidden = PageFactory(is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/fr" + hidden.get_absolute_url()[3:]).status_code == 404
    assert client.get("/en/about/no-such-page/").status_code == 404
    assert client.get("/en/about/%C3%A9t%C3%A9/").status_code == 404


def test_the_secretariat_previews_an_unpublished_page_uncached(secretariat_client):
    hidden = PageFactory(is_published=False, title_en="Draft statement")
    response = secretariat_client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_preview"] is True
    assert "no-store" in response["Cache-Control"]
    # A draft is described to no search engine.
    assert json_ld(response) == []


def test_a_coordinator_cannot_preview_an_unpublished_page(client, coordinator):
    hidden = PageFactory(is_published=False)
    client.force_login(coordinator)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_the_list_of_pages_in_order_with_summaries(client):
    PageFactory(title_en="Second", position=20, summary_en="The second one.")
    PageFactory(title_en="First", position=10, summary_en="The first one.")
    PageFactory(title_en="Hidden", position=15, is_published=False)
    html = text(client.get("/en/about/"))
    assert html.index(">First<") < html.index(">Second<")
    assert "The first one." in html and "Hidden" not in html
    assert html.count("<h1") == 1


def test_a_french_page_without_french_summary_falls_back_to_english_marked(client):
    PageFactory(title_en="Index", title_fr="Index", summary_en="English only.", summary_fr="")
    html = text(client.get("/fr/about/"))
    assert '<p lang="en">English only.</p>' in html


def test_the_sitemap_lists_every_published_page_in_both_languages(client, contact):
    hidden = PageFactory(is_published=False)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert "http://testserver/sitemap-about.xml" in sections
    listed = ET.fromstring(client.get("/sitemap-about.xml").content)
    locations = {loc.text for loc in listed.iterfind("sm:url/sm:loc", SITEMAP_NS)}
    assert locations == {
        "http://testserver/en/about/contact-the-secretariat/",
        "http://testserver/fr/about/contact-the-secretariat/",
    }
    assert hidden.slug not in text(client.get("/sitemap-about.xml"))


def test_published_pages_are_found_by_the_site_search_in_each_language(client, contact):
    hidden = PageFactory(is_published=False, body_en="<p>Strasbourg secret draft</p>")
    rows = list(search.search("Strasbourg", language="fr").queryset)
    assert [(row.url, row.kind) for row in rows] == [
        ("/fr/about/contact-the-secretariat/", search.Kind.PAGE)
    ]
    html = text(client.get("/en/search/?q=Strasbourg"))
    assert "/en/about/contact-the-secretariat/" in html and hidden.slug not in html
    # Unpublishing takes the page out of the index.
    contact.is_published = False
    contact.save()
    assert not search.search("Strasbourg", language="en").queryset.exists()
