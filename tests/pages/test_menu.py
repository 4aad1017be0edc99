"""The menu and the footer built from the programme's pages: order, places, languages, cost."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from icc.pages.links import links_for
from tests.factories import PageFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db


def render(source):
    return Template("{% load icc_pages %}" + source).render(Context({}))


def header(html):
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def footer(html):
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


@pytest.fixture
def pages():
    return {
        "join": PageFactory(title_en="How to join the network", menu_title_en="How to join",
                            title_fr="Comment adhérer au réseau", menu_title_fr="Adhérer",
                            position=20, show_in_menu=True, show_in_footer=True),
        "about": PageFactory(title_en="About the programme", title_fr="À propos du programme",
                             position=10, show_in_menu=True, show_in_footer=False),
        "legal": PageFactory(title_en="Legal notice", title_fr="Mentions légales",
                             position=50, show_in_menu=False, show_in_footer=True),
        "privacy": PageFactory(title_en="Privacy", title_fr="Vie privée",
                               position=40, show_in_menu=False, show_in_footer=True),
        "draft": PageFactory(title_en="Draft", title_fr="Brouillon", position=1,
                             show_in_menu=True, show_in_footer=True, is_published=False),
    }  # fmt: skip


def test_menu_and_footer_hold_their_pages_in_the_secretariats_order(pages):
    assert [(link.title, link.url) for link in links_for("menu")] == [
        ("About the programme", "/en/about/about-the-programme/"),
        ("How to join", "/en/about/how-to-join-the-network/"),
    ]
    assert [link.title for link in links_for("footer")] == [
        "How to join", "Privacy", "Legal notice",
    ]  # fmt: skip
    with translation.override("fr"):
        assert [(link.title, link.url) for link in links_for("menu")] == [
            ("À propos du programme", "/fr/about/about-the-programme/"),
            ("Adhérer", "/fr/about/how-to-join-the-network/"),
        ]


def test_the_template_tag_gives_title_and_url_pairs(pages):
    html = render(
        '{% programme_pages "footer" as links %}'
        "{% for title, url in links %}[{{ title }}|{{ url }}]{% endfor %}"
        '{% programme_page_url "contact" as nothing %}({{ nothing }})'
    )
    assert html == (
        "[How to join|/en/about/how-to-join-the-network/]"
        "[Privacy|/en/about/privacy/][Legal notice|/en/about/legal-notice/]()"
    )


def test_a_page_is_linked_by_its_role():
    PageFactory(title_en="Accessibility statement", role="accessibility")
    PageFactory(title_en="Withdrawn contact", role="contact", is_published=False)
    html = render('{% programme_page_url "accessibility" %}|{% programme_page_url "contact" %}')
    assert html == "/en/about/accessibility-statement/|"


def test_an_unknown_place_is_a_programming_error():
    with pytest.raises(ValueError, match="menu, footer"):
        links_for("sidebar")


def test_every_page_shows_the_menu_in_its_header_and_the_footer_links(client, pages):
    for path in ("/en/", "/en/news/", "/en/about/"):
        html = text(client.get(path))
        top, bottom = header(html), footer(html)
        assert top.index(">About the programme<") < top.index(">How to join<"), path
        assert "Legal notice" not in top and "Draft" not in top
        assert (
            bottom.index(">How to join<")
            < bottom.index(">Privacy<")
            < bottom.index(">Legal notice<")
        )
        assert ">About the programme<" not in bottom and "Draft" not in bottom
    html = text(client.get("/fr/"))
    assert ">Adhérer<" in header(html) and ">Mentions légales<" in footer(html)


def test_the_current_page_is_marked_in_the_menu_and_the_footer(client, pages):
    html = text(client.get("/en/about/how-to-join-the-network/"))
    marked = '<a href="/en/about/how-to-join-the-network/" aria-current="page">How to join</a>'
    assert marked in header(html) and marked in footer(html)


def test_without_pages_the_footer_still_leads_to_the_programme(client):
    html = text(client.get("/en/"))
    assert 'class="programme-nav"' not in header(html)
    assert '<a href="/en/about/">' in footer(html)


def test_a_change_to_a_page_shows_at_once_in_menus(client, pages):
    assert ">How to join<" in header(text(client.get("/en/")))
    pages["join"].menu_title_en = "Joining"
    pages["join"].save()
    html = text(client.get("/en/"))
    assert ">Joining<" in header(html) and ">How to join<" not in html


def test_menus_cost_no_query_once_computed(pages, django_assert_num_queries):
    with django_assert_num_queries(1):
        render('{% programme_pages "menu" as a %}{% programme_pages "footer" as b %}')
    with django_assert_num_queries(0):
        render('{% programme_pages "menu" as a %}{% programme_pages "footer" as b %}')
        render('{% programme_page_url "accessibility" %}')


def page_queries(client, path):
    """The SQL a request sends, without its transaction's savepoints (ATOMIC_REQUESTS)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def test_a_page_costs_the_same_queries_with_3_or_40_pages(client):
    first = PageFactory(show_in_menu=True)
    PageFactory.create_batch(2, show_in_menu=True)
    paths = ("/en/", "/en/about/", first.get_absolute_url())
    for path in paths:
        client.get(path)  # the memos are computed
    few = {path: len(page_queries(client, path)) for path in paths}
    PageFactory.create_batch(37, show_in_menu=True)
    for path in paths:
        client.get(path)
    many = {path: len(page_queries(client, path)) for path in paths}
    assert many == few
    # A programme page seen before: its row (for the title and the 404), nothing else.
    (query,) = page_queries(client, first.get_absolute_url())
    assert 'FROM "pages_page"' in query
    # The list of pages comes whole from its memo.
    assert page_queries(client, "/en/about/") == []
