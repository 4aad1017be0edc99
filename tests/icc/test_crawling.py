"""Sitemaps, robots.txt, icons, the web manifest, og:image and the titles of listings."""

import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image as PILImage

from icc.crawling import icons
from icc.crawling.sitemaps import SITEMAPS, PublishedSitemap, TranslatedRows
from icc.facets import KnownCountPaginator
from practices.models import Practice
from tests.factories import (
    CityFactory,
    EventFactory,
    ImageFactory,
    NetworkFactory,
    NewsItemFactory,
    PageFactory,
    PracticeFactory,
    TopicFactory,
    png_upload,
)
from tests.helpers import text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HOST = "icc.example.org"
ORIGIN = f"https://{HOST}"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def get(client, url, **extra):
    """A GET on the public host over HTTPS, as behind the load balancer."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return client.get(path, HTTP_HOST=HOST, secure=True, **extra)


def addresses(item):
    """{language: the item's absolute address in that language}."""
    found = {}
    for code in LANGUAGES:
        with translation.override(code):
            found[code] = ORIGIN + item.get_absolute_url()
    return found


def walk_sitemaps(client, every_section_has_items=True):
    """Every <url> of every page of every section: [(loc, lastmod, {hreflang: href})]."""
    response = get(client, "/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    index = ET.fromstring(response.content)
    entries = []
    section_urls = []
    for sitemap in index.findall("sm:sitemap", NS):
        section_urls.append(sitemap.findtext("sm:loc", namespaces=NS))
        if every_section_has_items:
            assert sitemap.findtext("sm:lastmod", namespaces=NS), "a section has a lastmod"
    assert len(section_urls) == len(set(section_urls))
    for url in section_urls:
        assert url.startswith(f"{ORIGIN}/sitemap-")
        page = get(client, url)
        assert page.status_code == 200, url
        for entry in ET.fromstring(page.content).findall("sm:url", NS):
            alternates = {
                link.get("hreflang"): link.get("href")
                for link in entry.findall("xhtml:link", NS)
                if link.get("rel") == "alternate"
            }
            entries.append(
                (
                    entry.findtext("sm:loc", namespaces=NS),
                    entry.findtext("sm:lastmod", namespaces=NS),
                    alternates,
                )
            )
    return section_urls, entries


@pytest.fixture
def small_sitemap_pages(monkeypatch):
    """Two items a sitemap file, so that sections run over several pages."""
    monkeypatch.setattr(PublishedSitemap, "items_per_page", 2)


@pytest.fixture
def content():
    lisbon = CityFactory(name_en="Lisbon")
    public = {
        "cities": [lisbon, CityFactory(status="former"), CityFactory()],
        "networks": [NetworkFactory(), NetworkFactory()],
        "events": [
            EventFactory(start_date=TODAY - datetime.timedelta(days=400)),
            EventFactory(start_date=TODAY + datetime.timedelta(days=10)),
            EventFactory(start_date=TODAY),
        ],
        "news": [
            NewsItemFactory(date=TODAY),
            NewsItemFactory(date=TODAY - datetime.timedelta(days=3)),
            NewsItemFactory(date=TODAY - datetime.timedelta(days=300)),
        ],
        "practices": [PracticeFactory(published=True, cities=[lisbon]) for _ in range(5)],
        "about": [PageFactory()],
    }
    hidden = [
        CityFactory(name_en="Hidden city", is_published=False),
        NetworkFactory(name_en="Hidden network", is_published=False),
        EventFactory(title_en="Hidden event", is_published=False),
        NewsItemFactory(title_en="Hidden news", is_published=False),
        NewsItemFactory(title_en="Future news", date=TODAY + datetime.timedelta(days=1)),
        PracticeFactory(title_en="Draft practice"),
        PracticeFactory(title_en="Submitted practice", status=Practice.Status.SUBMITTED),
        PracticeFactory(title_en="Changes practice", status=Practice.Status.CHANGES_REQUESTED),
        PracticeFactory(title_en="Rejected practice", status=Practice.Status.REJECTED),
        PracticeFactory(title_en="Archived practice", status=Practice.Status.ARCHIVED),
    ]
    return {"public": public, "hidden": hidden, "lisbon": lisbon}


# --- Sitemaps --------------------------------------------------------------------------------


def test_the_sitemap_lists_every_published_item_once_per_language(
    client, content, small_sitemap_pages
):
    section_urls, entries = walk_sitemaps(client)
    # Several pages for the sections with more items than a page holds.
    assert f"{ORIGIN}/sitemap-practices.xml?p=3" in section_urls
    assert {urlsplit(url).path for url in section_urls} == {
        f"/sitemap-{name}.xml" for name in SITEMAPS
    }
    locations = [loc for loc, _lastmod, _alternates in entries]
    assert len(locations) == len(set(locations)), "no address is listed twice"

    expected = set()
    for items in content["public"].values():
        for item in items:
            expected.update(addresses(item).values())
    for name in ("home", "cities:city_list", "networks:network_list", "events:event_list",
                 "news:news_list", "practices:practice_list", "figures:network_figures"):  # fmt: skip
        for code in LANGUAGES:
            with translation.override(code):
                expected.add(ORIGIN + reverse(name))
    assert set(locations) == expected


def test_nothing_unpublished_draft_or_future_dated_is_in_the_sitemap(
    client, content, secretariat_user
):
    # Not even for the secretariat, who may preview drafts.
    client.force_login(secretariat_user)
    _sections, entries = walk_sitemaps(client)
    listed = {loc for loc, _lastmod, _alternates in entries} | {
        href for _loc, _lastmod, alternates in entries for href in alternates.values()
    }
    for item in content["hidden"]:
        for address in addresses(item).values():
            assert address not in listed, item
        assert f"/{item.slug}/" not in " ".join(listed)


def test_every_address_names_its_language_versions_reciprocally(client, content):
    _sections, entries = walk_sitemaps(client)
    by_location = {loc: alternates for loc, _lastmod, alternates in entries}
    for loc, lastmod, alternates in entries:
        assert lastmod and datetime.date.fromisoformat(lastmod) <= TODAY
        assert set(alternates) == {*LANGUAGES, "x-default"}, loc
        assert loc in alternates.values(), "an address lists itself among its alternates"
        # x-default is the default language's address, as in the pages' own <link>s.
        assert alternates["x-default"] == alternates[settings.LANGUAGE_CODE]
        for code in LANGUAGES:
            href = alternates[code]
            assert urlsplit(href).path.startswith(f"/{code}/")
            # The other version is listed too, and points back with the same set.
            assert by_location[href] == alternates


def test_an_empty_site_has_a_valid_sitemap(client):
    section_urls, entries = walk_sitemaps(client, every_section_has_items=False)
    assert len(section_urls) == len(SITEMAPS)
    # Only the home page, the listings and the figures page, in every language.
    assert len(entries) == 7 * len(LANGUAGES)


def test_sitemap_addresses_follow_the_request_host_and_scheme(client, content):
    response = client.get("/sitemap-cities.xml", HTTP_HOST="other.example.org")
    locations = [element.text for element in ET.fromstring(response.content).iter()
                 if element.tag.endswith("loc")]  # fmt: skip
    assert locations and all(loc.startswith("http://other.example.org/") for loc in locations)


def test_a_newly_published_practice_joins_the_sitemap(client, content):
    practice = content["hidden"][5]
    listed = {loc for loc, _lastmod, _alternates in walk_sitemaps(client)[1]}
    assert not set(addresses(practice).values()) & listed
    practice.status = Practice.Status.PUBLISHED
    practice.published_at = timezone.now()
    practice.save()
    listed = {loc for loc, _lastmod, _alternates in walk_sitemaps(client)[1]}
    assert set(addresses(practice).values()) <= listed


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert get(client, url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("section", ["practices", "cities", "news", "events", "networks"])
def test_queries_per_sitemap_page_do_not_grow_with_the_items(
    client, monkeypatch, django_assert_max_num_queries, section
):
    monkeypatch.setattr(PublishedSitemap, "items_per_page", 10)
    make = {
        "practices": lambda: PracticeFactory(published=True),
        "cities": CityFactory,
        "news": NewsItemFactory,
        "events": EventFactory,
        "networks": NetworkFactory,
    }[section]
    for _ in range(5):
        make()
    few = (count_queries(client, "/sitemap.xml"), count_queries(client, f"/sitemap-{section}.xml"))
    for _ in range(45):
        make()
    with django_assert_max_num_queries(few[0]):
        get(client, "/sitemap.xml")
    for page in (1, 3, 5):
        with django_assert_max_num_queries(few[1]) as queries:
            response = get(client, f"/sitemap-{section}.xml?p={page}")
        assert len(ET.fromstring(response.content).findall("sm:url", NS)) == 10 * len(LANGUAGES)
        # A page reads its own rows only, never the whole section.
        assert any("LIMIT 10" in query["sql"] for query in queries.captured_queries)
    assert few[1] <= 4  # the count and the page's rows (and the request's savepoint)


def test_translated_rows_give_the_same_pairs_as_the_whole_list_for_any_window():
    rows, languages = list(range(7)), ["en", "fr", "de"]
    pairs = [(row, code) for row in rows for code in languages]
    translated = TranslatedRows(rows, languages, count=len(rows))
    assert len(translated) == len(pairs)
    for start in range(len(pairs) + 2):
        for stop in range(start, len(pairs) + 3):
            assert translated[start:stop] == pairs[start:stop], (start, stop)


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-practices.xml?p=abc",
        "/sitemap-practices.xml?p=0",
        "/sitemap-practices.xml?p=2",
        "/sitemap-practices.xml?p=-1",
        "/sitemap-practices.xml?p=1.5",
        "/sitemap-practices.xml?p=" + "9" * 5000,
        "/sitemap-drafts.xml",
    ],
)
def test_bad_sitemap_pages_are_not_found(client, url):
    PracticeFactory(published=True)
    assert client.get(url).status_code == 404


# --- robots.txt ------------------------------------------------------------------------------


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_parts(client):
    response = get(client, "/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    lines = body.splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in lines
    disallowed = {line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow:")}
    assert {"/admin/", "/*?preview=", "/*&preview="} <= disallowed
    for code in LANGUAGES:
        assert {f"/{code}/search/", f"/{code}/my-practices/", f"/{code}/accounts/"} <= disallowed
    # Public pages stay open: no rule covers a language's home, listings or feeds.
    assert not any(path in {"/", f"/{LANGUAGES[0]}/"} for path in disallowed)
    assert "&amp;" not in body
    assert client.head("/robots.txt").status_code == 200
    assert client.post("/robots.txt").status_code == 405


# --- Icons and the manifest ------------------------------------------------------------------


def test_favicon_is_a_real_ico_answered_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "max-age" in response["Cache-Control"]
    picture = PILImage.open(io.BytesIO(response.content))
    assert picture.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= set(picture.info["sizes"])


@pytest.mark.parametrize("url", ["/apple-touch-icon.png", "/apple-touch-icon-precomposed.png"])
def test_apple_touch_icon_is_an_opaque_180_pixel_png(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    picture = PILImage.open(io.BytesIO(response.content))
    assert (picture.format, picture.size, picture.mode) == ("PNG", (180, 180), "RGB")


def static_path(url):
    assert url.startswith(settings.STATIC_URL), url
    return finders.find(url[len(settings.STATIC_URL) :])


@pytest.mark.parametrize("language", LANGUAGES)
def test_web_manifest_is_valid_json_in_the_language_with_icons_that_exist(client, language):
    response = client.get(f"/{language}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    with translation.override(language):
        assert manifest["lang"] == language
        assert manifest["start_url"] == reverse("home")
        assert manifest["name"] == str(translation.gettext("Intercultural Cities"))
    assert manifest["short_name"] and manifest["theme_color"].startswith("#")
    assert manifest["id"] == "/" and manifest["scope"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    for icon in manifest["icons"]:
        path = static_path(icon["src"])
        assert path, icon
        if icon["type"] == "image/png":
            width, height = PILImage.open(path).size
            assert icon["sizes"] == f"{width}x{height}"


def test_root_manifest_is_the_default_language_whatever_the_browser_prefers(client):
    other = next(code for code in LANGUAGES if code != settings.LANGUAGE_CODE)
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE=other)
    assert json.loads(response.content)["lang"] == settings.LANGUAGE_CODE


def test_pages_link_the_icons_and_the_manifest_of_their_language(client):
    for code in LANGUAGES:
        html = text(client.get(f"/{code}/"))
        assert '<link rel="icon" href="/favicon.ico"' in html
        assert f'<link rel="manifest" href="/{code}/manifest.webmanifest">' in html
        assert '<meta name="theme-color" content="#' in html
        for href in re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html):
            if href.startswith(settings.STATIC_URL):
                assert static_path(href), href
            else:
                assert client.get(href).status_code == 200


def test_committed_icons_have_their_sizes_and_the_script_draws_them_again(tmp_path):
    written = icons.write_all(tmp_path)
    assert {path.name for path in written} == {
        "icon.svg", "favicon.ico", "og-default.png", *icons.ICON_FILES,
    }  # fmt: skip
    for path in written:
        relative = path.relative_to(tmp_path).as_posix()
        committed = finders.find(relative)
        assert committed, f"static/{relative} is not committed: run python -m icc.crawling.icons"
        if path.suffix == ".svg":
            svg = ET.parse(committed).getroot()
            assert svg.get("viewBox") == f"0 0 {icons.GRID} {icons.GRID}"
            continue
        with PILImage.open(committed) as old, PILImage.open(path) as new:
            assert old.size == new.size and old.format == new.format
    with PILImage.open(finders.find("images/og-default.png")) as sharing:
        assert sharing.size == icons.SOCIAL_IMAGE_SIZE


# --- og:image --------------------------------------------------------------------------------


def og_images(html):
    return re.findall(r'<meta property="og:image" content="([^"]+)">', html)


def test_every_page_type_has_an_absolute_og_image(client, content):
    picture = ImageFactory(file=png_upload(width=1200, height=800))
    city = content["lisbon"]
    city.image = picture
    city.save()
    practice = content["public"]["practices"][0]
    practice.images.set([picture])
    event = content["public"]["events"][0]
    pages = {
        "/en/": None,
        "/fr/": None,
        "/en/cities/": None,
        "/en/networks/": None,
        "/en/events/": None,
        "/en/news/": None,
        "/en/practices/?page=2": None,
        "/en/search/?q=city": None,
        "/en/accounts/login/": None,
        "/en/no-such-page/": None,
        city.get_absolute_url(): picture,
        practice.get_absolute_url(): picture,
        content["public"]["networks"][0].get_absolute_url(): None,
        event.get_absolute_url(): None,
        content["public"]["news"][0].get_absolute_url(): None,
    }
    default = settings.SITE_URL.rstrip("/") + settings.STATIC_URL + "images/og-default.png"
    for url, image in pages.items():
        html = text(client.get(url))
        found = og_images(html)
        assert len(found) == 1, url
        assert found[0].startswith(("http://", "https://")), url
        if image is None:
            assert found[0] == default, url
            assert '<meta property="og:image:width" content="1200">' in html
            assert '<meta property="og:image:height" content="630">' in html
        else:
            assert found[0] == settings.SITE_URL.rstrip("/") + image.file.url, url
            assert '<meta property="og:image:width" content="1200">' in html
            assert '<meta property="og:image:height" content="800">' in html
            assert f'<meta property="og:image:alt" content="{image.alt_text}">' in html
        assert '<meta property="og:image:alt" content="' in html
        assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_og_image_alt_is_in_the_page_language(client, content):
    picture = ImageFactory(file=png_upload(width=1200, height=800))
    news = content["public"]["news"][0]
    news.image = picture
    news.save()
    with translation.override("fr"):
        url = news.get_absolute_url()
    html = text(client.get(url))
    assert f'<meta property="og:image:alt" content="{picture.alt_text_fr}">' in html


# --- Titles of listings ----------------------------------------------------------------------


def title_of(response):
    return re.search(r"<title>([^<]*)</title>", text(response)).group(1)


def og_title_of(response):
    return re.search(r'<meta property="og:title" content="([^"]*)">', text(response)).group(1)


def test_later_pages_and_filtered_listings_have_titles_of_their_own(client, content):
    topic = TopicFactory(name_en="Education", name_fr="Éducation")
    for _ in range(25):
        PracticeFactory(published=True, topics=[topic])
    first = client.get("/en/practices/")
    second = client.get("/en/practices/?page=2")
    filtered = client.get(f"/en/practices/?topic={topic.slug}")
    titles = {title_of(first), title_of(second), title_of(filtered)}
    assert len(titles) == 3
    assert title_of(first) == "Good practices | Intercultural Cities"
    pages = second.context["page_obj"].paginator.num_pages
    assert title_of(second) == f"Good practices – page 2 of {pages} | Intercultural Cities"
    assert og_title_of(second) == f"Good practices – page 2 of {pages}"
    assert title_of(filtered) == "Good practices: Education | Intercultural Cities"
    both = client.get(f"/en/practices/?topic={topic.slug}&page=2")
    assert title_of(both).startswith("Good practices: Education – page 2 of ")
    french = client.get(f"/fr/practices/?topic={topic.slug}&page=2")
    # The topic's French name (the French format comes with the catalogue).
    assert "Éducation" in title_of(french) and "2" in title_of(french)


@pytest.mark.parametrize(
    "url",
    ["/en/cities/?country=PT", "/en/networks/?country=PT", "/en/news/?year=2020",
     "/en/events/?when=upcoming", "/en/search/?q=city&type=city"],
)  # fmt: skip
def test_every_listing_names_its_filters_in_its_title(client, content, url):
    base = title_of(client.get(url.split("&")[0] if "search" in url else url.split("?")[0]))
    assert title_of(client.get(url)) != base


def test_bad_filters_and_pages_leave_the_plain_title(client, content):
    plain = title_of(client.get("/en/cities/"))
    assert title_of(client.get("/en/cities/?country=XX&page=abc")) == plain
    assert title_of(client.get("/en/cities/?page=999")) == plain  # one page: the last is the first


def test_listing_title_escapes_once_and_makes_no_query(django_assert_num_queries):
    paginator = KnownCountPaginator(list(range(100)), 20, count=100)
    template = Template(
        "{% load i18n icc_meta %}{% blocktranslate asvar heading %}Search: {{ query }}"
        "{% endblocktranslate %}{% listing_title heading %}"
    )
    context = Context(
        {
            "query": "a<b & c",
            "page_obj": paginator.page(3),
            "active_filters": [{"facet": "Type", "label": "<News>"}],
        }
    )
    with django_assert_num_queries(0):
        rendered = template.render(context)
    assert rendered == "Search: a&lt;b &amp; c: &lt;News&gt; – page 3 of 5"
