"""Both languages on every page: alternates, canonical, switcher, fallback marking."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import CityFactory, NetworkFactory, NewsItemFactory, PracticeFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db


def test_hreflang_alternates_and_canonical_for_the_current_page(client, settings):
    settings.SITE_URL = "https://icc.example.org"
    city = CityFactory(name_en="Lisbon", name_fr="Lisbonne")
    html = text(client.get(f"/fr/cities/{city.slug}/?utm=x"))
    assert f'<link rel="canonical" href="https://icc.example.org/fr/cities/{city.slug}/">' in html
    assert f'hreflang="en" href="https://icc.example.org/en/cities/{city.slug}/"' in html
    assert f'hreflang="fr" href="https://icc.example.org/fr/cities/{city.slug}/"' in html
    assert f'hreflang="x-default" href="https://icc.example.org/en/cities/{city.slug}/"' in html
    assert '<meta property="og:url" content="https://icc.example.org/fr/cities/' in html
    assert '<meta property="og:locale" content="fr_FR">' in html


def test_language_switcher_leads_to_the_same_page_and_query(client, db):
    html = text(client.get("/en/cities/?country=PT&joined=2015&page=1"))
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/fr/cities/?country=PT&amp;joined=2015&amp;page=1"' in switcher
    assert 'hreflang="fr" lang="fr"' in switcher
    assert '<span aria-current="true" lang="en">English</span>' in switcher
    french = text(client.get("/fr/networks/?kind=national"))
    assert 'href="/en/networks/?kind=national"' in french


def test_language_switcher_with_a_very_long_query_string(client, db):
    response = client.get("/en/cities/?q=" + "é" * 2000)
    assert response.status_code == 200
    assert 'href="/fr/cities/?q=' in text(response)


def test_french_interface_on_a_page(client, db):
    CityFactory()
    html = text(client.get("/fr/cities/"))
    for french in (
        "Villes membres",
        "Aller au contenu principal",
        "Rechercher sur le site",
        "Bonnes pratiques",
        "1 ville",
    ):
        assert french in html, french
    assert "Member cities" not in html


def test_missing_french_text_is_shown_in_english_marked_lang_en(client, db):
    city = CityFactory(
        name_en="Lisbon", name_fr="Lisbonne", profile_en="A city by the sea.", profile_fr=""
    )
    html = text(client.get(f"/fr/cities/{city.slug}/"))
    assert re.search(r'<div lang="en"><p>A city by the sea.</p></div>', html)
    assert "(en anglais)" in html
    # The English page shows the same text without any marking.
    english = text(client.get(f"/en/cities/{city.slug}/"))
    assert "A city by the sea." in english and "(in English)" not in english
    assert '<div lang="en">' not in english


def test_french_text_present_is_not_marked(client, db):
    city = CityFactory(profile_en="English profile.", profile_fr="Profil français.")
    html = text(client.get(f"/fr/cities/{city.slug}/"))
    assert "Profil français." in html and "English profile." not in html
    assert 'lang="en"><p>' not in html


def render(template, **context):
    return Template("{% load icc_tags %}" + template).render(Context(context))


def test_translated_tag_escapes_and_marks_fallbacks(db):
    network = NetworkFactory(
        name_en="R&D <network>",
        name_fr="Réseau R&D",
        description_en="Line one\nLine two",
        description_fr="",
    )
    with translation.override("fr"):
        assert render('{% translated n "name" %}', n=network) == "Réseau R&amp;D"
        rendered = render('{% translated n "description" linebreaks=True %}', n=network)
        assert rendered.startswith('<div lang="en"><p>Line one<br>Line two</p></div>')
        assert "(en anglais)" in rendered
    with translation.override("en"):
        assert render('{% translated n "name" %}', n=network) == "R&amp;D &lt;network&gt;"


def test_translated_tag_for_sanitised_html_and_inline_fallback(db):
    item = NewsItemFactory(
        title_fr="", body_en="<p>The <strong>full</strong> story.</p>", body_fr=""
    )
    with translation.override("fr"):
        body = render('{% translated i "body" html=True %}', i=item)
        assert '<div lang="en"><p>The <strong>full</strong> story.</p></div>' in body
        title = render('{% translated i "title" %}', i=item)
        assert title.startswith(f'<span lang="en">{item.title_en}</span> ')
        assert '<span class="translation-note">(en anglais)</span>' in title


def test_translated_tag_escapes_plain_multiline_text(db):
    practice = PracticeFactory(purpose_en="<script>x</script>\n\nSecond paragraph")
    rendered = render('{% translated p "purpose" linebreaks=True %}', p=practice)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert rendered.count("<p>") == 2


def test_date_and_place_filters_follow_the_language(db):
    import datetime

    from tests.factories import EventFactory

    lisbon = CityFactory(name_en="Lisbon", name_fr="Lisbonne", country="PT")
    oeiras = CityFactory(name_en="Oeiras", name_fr="Oeiras", country="PT")
    event = EventFactory(
        start_date=datetime.date(2010, 8, 30),
        end_date=datetime.date(2010, 9, 1),
        host_cities=[lisbon, oeiras],
        country="",
    )
    template = "{{ e|date_range }} | {{ e|event_place }}"
    assert (
        render(template, e=event) == "30 August - 1 September 2010 | Lisbon and Oeiras (Portugal)"
    )
    with translation.override("fr"):
        assert (
            render(template, e=event)
            == "30 août - 1er septembre 2010 | Lisbonne et Oeiras (Portugal)"
        )
        assert render("{% format_date_range a b %}", a=event.start_date, b=event.end_date) == (
            "30 août - 1er septembre 2010"
        )


def test_canonical_keeps_only_the_page_number(client, settings):
    settings.SITE_URL = "https://icc.example.org"
    html = text(client.get("/en/cities/?country=PT&page=2&utm_source=x"))
    assert '<link rel="canonical" href="https://icc.example.org/en/cities/?page=2">' in html
    assert 'hreflang="fr" href="https://icc.example.org/fr/cities/?page=2"' in html
    for odd in ("abc", "²", "0", "-3"):
        html = text(client.get(f"/en/cities/?page={odd}"))
        assert '<link rel="canonical" href="https://icc.example.org/en/cities/">' in html
