"""A practice's "Download as PDF" link in a real browser ("pdf"): reached and followed with the
keyboard alone, without JavaScript; the file downloaded is the practice's PDF, in the page's
language; the link is not printed with the page."""

import io

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import LANGUAGES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_download_with_the_keyboard_without_javascript(
    page_factory, live_server, site_content, language
):
    practice = site_content["practice"]
    page = page_factory(javascript=False, accept_downloads=True)
    page.goto(f"{live_server.url}/{language}/practices/{practice.slug}/")
    link = page.locator(".practice-pdf a")
    assert link.get_attribute("href") == f"/{language}/practices/{practice.slug}/pdf/"

    # Tab until the link has the focus, as a keyboard user would.
    for _press in range(80):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("The PDF link never received the keyboard focus.")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value

    assert download.suggested_filename == f"icc-good-practice-{practice.slug}-{language}.pdf"
    with open(download.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    title = practice.title_en if language == "en" else practice.title_fr
    assert title in text
    assert reader.trailer["/Root"]["/Lang"] == language


def test_the_link_is_not_printed(page_factory, live_server, site_content):
    practice = site_content["practice"]
    page = page_factory()
    page.goto(f"{live_server.url}/en/practices/{practice.slug}/")
    link = page.locator(".practice-pdf")
    assert link.is_visible()

    page.emulate_media(media="print")
    assert not link.is_visible()
