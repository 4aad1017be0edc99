"""Pages of the public site: home, error pages, one <h1> per page, query bounds."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone

from icc.views import server_error
from tests.factories import (
    CityFactory,
    EventFactory,
    MembershipFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
)
from tests.helpers import text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def content():
    lisbon = CityFactory(name_en="Lisbon", name_fr="Lisbonne", country="PT")
    CityFactory(name_en="Oslo", country="NO")
    CityFactory(name_en="Former", country="FR", status="former")
    CityFactory(name_en="Unpublished", country="DE", is_published=False)
    network = NetworkFactory(name_en="Portuguese Network")
    NetworkFactory(is_published=False)
    MembershipFactory(network=network, city=lisbon)
    soon = EventFactory(
        title_en="Soon",
        start_date=TODAY + datetime.timedelta(days=3),
        end_date=None,
        host_cities=[lisbon],
    )
    later = EventFactory(title_en="Later", start_date=TODAY + datetime.timedelta(days=30))
    EventFactory(title_en="Past event", start_date=TODAY - datetime.timedelta(days=30))
    EventFactory(
        title_en="Unpublished event",
        start_date=TODAY + datetime.timedelta(days=1),
        is_published=False,
    )
    NewsItemFactory(title_en="Old news", date=TODAY - datetime.timedelta(days=10))
    NewsItemFactory(title_en="Fresh news", date=TODAY)
    NewsItemFactory(title_en="Future news", date=TODAY + datetime.timedelta(days=5))
    PracticeFactory(published=True, title_en="Published practice", cities=[lisbon])
    PracticeFactory(title_en="Draft practice")
    return {"lisbon": lisbon, "network": network, "soon": soon, "later": later}


def test_home_shows_upcoming_events_news_practices_and_figures(client, content):
    html = text(client.get("/en/"))
    assert html.index(">Soon<") < html.index(">Later<")
    assert "Past event" not in html and "Unpublished event" not in html
    assert "Fresh news" in html and "Future news" not in html
    assert html.index("Fresh news") < html.index("Old news")
    assert "Published practice" in html and "Draft practice" not in html
    figures = html.split('id="home-figures"')[1].split("</section>")[0]
    numbers = [int(n) for n in re.findall(r'figure-number">(\d+)<', figures)]
    # Current member cities (Lisbon, Oslo), their countries (PT, NO), networks, practices.
    assert numbers == [2, 2, 1, 1]
    french = text(client.get("/fr/"))
    # The upcoming event hosted in Lisbon, with its French title and place.
    assert "Lisbonne (Portugal)" in french and "Réunion numéro" in french


def test_home_query_count_is_bounded(client, django_assert_max_num_queries):
    cities = CityFactory.create_batch(200)
    for index in range(100):
        EventFactory(
            start_date=TODAY + datetime.timedelta(days=index), host_cities=cities[index : index + 2]
        )
        NewsItemFactory(date=TODAY - datetime.timedelta(days=index))
        PracticeFactory(published=True, cities=cities[index : index + 3])
    # Cold: each list's ids, then the rows of its cards (with their cities), the figures, the
    # map and the programme menu. A warm home page makes none (tests/test_query_counts.py).
    with django_assert_max_num_queries(16):
        assert client.get("/en/").status_code == 200


PAGES = [
    "/{lang}/",
    "/{lang}/cities/",
    "/{lang}/cities/lisbon/",
    "/{lang}/networks/",
    "/{lang}/networks/portuguese-network/",
    "/{lang}/cities/?country=XX&page=abc",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_with_one_h1_and_page_metadata(client, content, lang, page):
    response = client.get(page.format(lang=lang))
    assert response.status_code == 200
    html = text(response)
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert f'<html lang="{lang}"' in html
    assert re.search(r"<title>[^<]+ \| [^<]+</title>", html)
    assert '<meta name="description" content="' in html
    assert '<meta property="og:title"' in html
    assert '<main id="main"' in html and 'href="#main"' in html


def test_headings_do_not_skip_levels(client, content):
    for page in PAGES:
        html = text(client.get(page.format(lang="en")))
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels[0] == 1
        for previous, current in zip(levels, levels[1:], strict=False):
            assert current <= previous + 1, (page, levels)


def test_form_controls_are_labelled(client, content):
    html = text(client.get("/en/cities/"))
    for control_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
        assert f'for="{control_id}"' in html
    inputs = re.findall(r"<input(?![^>]*type=\"hidden\")[^>]*>", html)
    assert all('id="' in tag for tag in inputs)


def test_404_page_in_english_and_french(client):
    english = client.get("/en/no-such-page/")
    assert english.status_code == 404
    assert "Page not found" in text(english) and '<html lang="en"' in text(english)
    french = client.get("/fr/no-such-page/")
    assert french.status_code == 404
    assert "Page introuvable" in text(french) and '<html lang="fr"' in text(french)
    # The switcher of a 404 page still leads to the other language.
    assert 'href="/en/no-such-page/"' in text(french)


def test_500_page_renders_without_a_request_context():
    from django.utils import translation

    request = RequestFactory().get("/fr/")
    with translation.override("fr"):
        response = server_error(request)
    assert response.status_code == 500
    html = text(response)
    assert "Erreur du serveur" in html and '<html lang="fr"' in html


def test_text_size_and_print_controls_need_javascript_to_appear(client, content):
    html = text(client.get("/en/"))
    assert re.search(r"data-text-size hidden", html)
    assert "data-print hidden" in html
    assert 'src="/static/js/site.js" defer' in html
    assert 'media="print"' in html


def test_header_links_search_and_sign_in(client, content):
    html = text(client.get("/fr/"))
    assert 'action="/fr/search/"' in html
    assert '<label for="site-search-q">' in html and 'name="q"' in html
    assert 'href="/fr/accounts/login/"' in html


def test_images_have_dimensions_lazy_loading_and_responsive_sizes(client, content):
    from tests.factories import ImageFactory, png_upload

    lisbon = content["lisbon"]
    lisbon.image = ImageFactory(file=png_upload(width=1200, height=800))
    lisbon.save()
    html = text(client.get(lisbon.get_absolute_url()))
    tag = re.search(r"<img [^>]+>", html).group(0)
    assert 'width="1200"' in tag and 'height="800"' in tag and 'loading="lazy"' in tag
    assert 'alt="A group of people in a square"' in tag
    assert "480w" in tag and "960w" in tag and "1200w" in tag and "sizes=" in tag
    assert '<meta property="og:image" content="http' in html


def test_400_and_403_pages_render(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied, SuspiciousOperation
    from django.views import defaults

    request = rf.get("/en/anything/")
    # Django renders the 400 page without a request context.
    response = defaults.bad_request(request, SuspiciousOperation())
    assert response.status_code == 400 and "<h1>Bad request</h1>" in text(response)
    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403 and "<h1>Access denied</h1>" in text(response)
