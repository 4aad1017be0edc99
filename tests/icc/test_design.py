"""The visual identity on the server side (docs/design.md): contrast of the colour tokens, the
self-hosted typeface, the logo and icons, the footer's social links, no external resource."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import override_settings

from icc.crawling import icons

pytestmark = pytest.mark.django_db

SITE_CSS = Path(finders.find("css/site.css")).read_text(encoding="utf-8")


def token(name):
    found = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})\s*;", SITE_CSS)
    assert found, f"--{name} is not a hex colour in site.css"
    return found.group(1)


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other):
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Text colour, background, the ratio documented at the top of site.css (AA: 4.5 for text).
TEXT_PAIRS = [
    ("color-ink", "color-bg", 17.40),
    ("color-muted", "color-bg", 8.86),
    ("color-muted", "color-primary-pale", 7.84),
    ("color-muted", "color-bg-soft", 8.25),
    ("color-primary", "color-bg", 6.60),
    ("color-primary", "color-primary-pale", 5.84),
    ("color-primary", "color-bg-soft", 6.15),
    ("color-primary-dark", "color-bg", 10.67),
    ("color-primary-dark", "color-accent", 6.50),
    ("color-on-dark", "color-primary-dark", 10.67),
    ("color-on-dark-muted", "color-primary-dark", 8.59),
    ("color-on-dark", "color-primary", 6.60),
    ("color-ink", "color-accent", 10.60),
    ("color-warning-ink", "color-warning-bg", 8.49),
]


@pytest.mark.parametrize(("foreground", "background", "documented"), TEXT_PAIRS)
def test_text_colour_tokens_meet_wcag_aa_as_documented(foreground, background, documented):
    ratio = contrast(token(foreground), token(background))
    assert ratio >= 4.5, f"--{foreground} on --{background}: {ratio:.2f}:1"
    assert round(ratio, 2) == pytest.approx(documented, abs=0.01)
    assert f"{documented:.2f}:1" in SITE_CSS, "the ratio in site.css's comment is out of date"


def test_form_field_borders_meet_the_non_text_contrast():
    assert contrast(token("color-field"), token("color-bg")) >= 3


def test_the_scales_are_custom_properties():
    for name in ("step--1", "step-0", "step-1", "step-2", "step-3", "step-4", "step-5"):
        assert re.search(rf"--{name}:", SITE_CSS), name
    for name in ("3xs", "2xs", "xs", "s", "m", "l", "xl", "2xl"):
        assert re.search(rf"--space-{name}:", SITE_CSS), name
    assert "--measure: 70ch" in SITE_CSS


def test_no_scroll_box_hides_facet_options():
    assert "max-height: 18rem" not in SITE_CSS


def test_the_typeface_is_self_hosted_small_and_licensed():
    fonts = Path(finders.find("fonts/OFL.txt")).parent
    assert "SIL OPEN FONT LICENSE" in (fonts / "OFL.txt").read_text(encoding="utf-8").upper()
    files = sorted(fonts.glob("*.woff2"))
    assert {path.name for path in files} == {
        "source-sans-3-latin-wght-normal.woff2",
        "source-sans-3-latin-ext-wght-normal.woff2",
    }
    for path in files:
        assert path.read_bytes()[:4] == b"wOF2", path
    assert sum(path.stat().st_size for path in files) < 100_000
    for path in files:
        assert f"../fonts/{path.name}" in SITE_CSS
    # Never swapped in after the first paint: no layout shift from the font (CLS 0).
    assert SITE_CSS.count("font-display: optional") == 2
    # French (é, à, ç, œ) in the preloaded Latin file; Polish and Czech (ł, č) in Latin Extended.
    assert "U+0152-0153" in SITE_CSS and "U+0100-02BA" in SITE_CSS


def test_pages_preload_the_font_and_link_nothing_from_another_origin(client):
    html = client.get("/fr/").content.decode()
    assert re.search(
        r'<link rel="preload" href="/static/fonts/source-sans-3-latin-wght-normal[^"]*\.woff2"'
        r' as="font" type="font/woff2" crossorigin>',
        html,
    )
    resources = re.findall(
        r'<(?:link|script|img|source|iframe)\b[^>]*?\b(?:href|src|srcset)="([^"]+)"', html
    )
    external = [
        url
        for url in resources
        if url.startswith(("http:", "https:", "//")) and not url.startswith(settings.SITE_URL)
    ]
    assert not external, external
    assert "fonts.googleapis" not in html and "@import" not in SITE_CSS


def test_header_logo_and_wordmark(client):
    html = client.get("/en/").content.decode()
    brand = re.search(r'<a class="brand" href="/en/" rel="home">(.*?)</a>', html, re.S)
    assert brand, "the header's wordmark links to the home page"
    assert 'class="brand-mark"' in brand.group(1) and 'aria-hidden="true"' in brand.group(1)
    assert "Intercultural Cities" in brand.group(1)
    html = client.get("/fr/").content.decode()
    assert "Cités interculturelles" in re.search(r'<a class="brand"(.*?)</a>', html, re.S).group(1)


def test_logo_file_has_an_accessible_name_and_the_favicon_is_the_same_mark():
    logo = ET.parse(finders.find("images/logo.svg")).getroot()
    namespace = "{http://www.w3.org/2000/svg}"
    assert logo.get("role") == "img"
    title = logo.find(f"{namespace}title")
    assert title is not None and title.text == "Intercultural Cities"
    assert logo.get("aria-labelledby") == title.get("id")
    committed = Path(finders.find("icons/icon.svg")).read_text(encoding="utf-8")
    assert committed == icons.mark_svg()
    circles = ET.fromstring(committed).findall(f"{namespace}circle")
    logo_circles = logo.iter(f"{namespace}circle")
    assert [c.get("cx") for c in circles] == [c.get("cx") for c in logo_circles]


def test_hero_art_is_local_and_drawn_for_the_site():
    art = ET.parse(finders.find("images/hero-city.svg")).getroot()
    assert art.get("viewBox") == "0 0 480 360"
    assert "href" not in Path(finders.find("images/hero-city.svg")).read_text(encoding="utf-8")


def render_footer_links():
    return Template(
        "{% load icc_identity %}{% social_links as links %}"
        "{% for link in links %}{{ link.label }}={{ link.url }};{% endfor %}"
    ).render(Context())


def test_social_links_come_from_the_setting_in_order():
    with override_settings(
        ICC_SOCIAL_LINKS=[
            ("Mastodon", "https://example.social/@icc"),
            ("YouTube", "https://youtube.example/icc"),
        ]
    ):
        assert (
            render_footer_links()
            == "Mastodon=https://example.social/@icc;YouTube=https://youtube.example/icc;"
        )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "/en/", "http://example.org/", "https://"])
def test_social_links_keep_only_absolute_https_addresses(url):
    with override_settings(ICC_SOCIAL_LINKS=[("Bad", url), ("Good", "https://example.org/")]):
        assert render_footer_links() == "Good=https://example.org/;"


def test_footer_shows_the_social_links_feeds_and_the_institutional_spot(client):
    html = client.get("/en/").content.decode()
    footer = html.split('<footer class="site-footer">')[1].split("</footer>")[0]
    for label, url in settings.ICC_SOCIAL_LINKS:
        assert f'<a href="{url}" rel="noopener external">{label}</a>' in footer
    assert footer.count(">RSS</a>") == 3 and ">iCalendar</a>" in footer
    assert 'aria-label="The programme"' in footer


def test_home_hero_calls_to_the_practices_and_the_cities(client):
    html = client.get("/en/").content.decode()
    hero = html.split('<section class="hero"')[1].split("</section>")[0]
    assert '<h1 id="home-title">' in hero
    assert 'href="/en/practices/"' in hero and 'href="/en/cities/"' in hero
    assert re.search(
        r'<img src="/static/images/hero-city[^"]*\.svg" alt="" width="480" height="360"', hero
    )


def test_page_tools_are_server_rendered_hidden_in_a_row_of_reserved_height(client):
    html = client.get("/en/news/").content.decode()
    tools = html.split("data-page-tools>")[1].split("</div>\n  </div>")[0]
    assert "data-text-size hidden" in tools and "data-print hidden" in tools
    rule = re.search(r"\.page-tools \{[^}]*\}", SITE_CSS).group(0)
    assert "min-height: var(--page-tools-height)" in rule and "flex-wrap: nowrap" in rule


@pytest.mark.parametrize("status", [404])
def test_error_pages_carry_the_wordmark_and_the_code(client, status):
    response = client.get("/en/no-such-page/")
    assert response.status_code == status
    html = response.content.decode()
    assert 'class="brand"' in html and f"Error {status}" in html
