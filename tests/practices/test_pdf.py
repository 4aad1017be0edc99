"""A good practice as a PDF (practices/pdf.py, pdf_views.py): read back with pypdf."""

import io
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from practices import pdf
from practices.models import Practice
from tests.factories import (
    AdaptationFactory,
    CityFactory,
    DocumentFactory,
    ImageFactory,
    PracticeFactory,
    TopicFactory,
    png_upload,
)

pytestmark = pytest.mark.django_db

# Central-European names the site's typeface must print (and PDF readers copy) as written.
CITY_NAMES = ("Łódź", "Győr", "Kayseri Şehri", "České Budějovice")


@pytest.fixture
def practice():
    cities = [
        CityFactory(name_en=name, name_fr=name, country=country)
        for name, country in zip(CITY_NAMES, ("PL", "HU", "TR", "CZ"), strict=True)
    ]
    topic = TopicFactory(name_en="Participation", name_fr="Participation citoyenne")
    return PracticeFactory(
        published=True,
        country="PL",
        title_en="Neighbours' café in Łódź",
        title_fr="Le café des voisins à Łódź",
        purpose_en="To bring newcomers and long-time residents together.",
        purpose_fr="Réunir les nouveaux arrivants et les habitants de longue date, à Győr aussi.",
        process_en="What was done:\n\n- weekly meetings\n- a shared kitchen\n- café « ouvert »",
        process_fr="Démarche :\n\n- des réunions chaque semaine\n- une cuisine partagée",
        links_en="https://example.org/cafe",
        links_fr="https://example.org/cafe",
        cities=cities,
        topics=[topic],
    )


def pdf_url(practice, language="en"):
    return f"/{language}/practices/{practice.slug}/pdf/"


def read_pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, text


def squeezed(text):
    """The text without line breaks (long lines wrap, the words stay)."""
    return " ".join(text.split())


# --- The PDF read back -------------------------------------------------------------------------


def test_english_pdf_reads_back_title_sections_url_and_accents(client, practice):
    response = client.get(pdf_url(practice))
    reader, text = read_pdf(response)
    flat = squeezed(text)

    assert "Neighbours' café in Łódź" in flat or "Neighbours’ café in Łódź" in flat
    assert "Purpose" in text
    assert "To bring newcomers and long-time residents together." in flat
    assert "weekly meetings" in text and "a shared kitchen" in text and "« ouvert »" in text
    for name in CITY_NAMES:
        assert name in flat
    assert "Participation" in text
    # The page's absolute address, on the first page and in every footer.
    url = f"{settings.SITE_URL.rstrip('/')}/en/practices/{practice.slug}/"
    assert url in reader.pages[0].extract_text().replace("\n", "")
    assert all(url in page.extract_text() for page in reader.pages)
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "Intercultural Cities" in text and "Council of Europe" in text

    metadata = reader.metadata
    assert metadata.title == "Neighbours' café in Łódź"
    assert metadata.author == "Intercultural Cities"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    # A4 portrait, in points.
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_french_pdf_is_in_french(client, practice):
    reader, text = read_pdf(client.get(pdf_url(practice, "fr")))
    flat = squeezed(text)

    assert "Le café des voisins à Łódź" in flat
    assert "Objectif" in text and "Purpose" not in text
    assert "Réunir les nouveaux arrivants et les habitants de longue date, à Győr aussi." in flat
    assert "Participation citoyenne" in text
    assert f"/fr/practices/{practice.slug}/" in flat
    assert "Cités interculturelles" in text
    assert reader.metadata.title == "Le café des voisins à Łódź"
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_a_section_missing_in_french_is_shown_in_english_and_said_so(client, practice):
    practice.rationale_en = "Residents rarely met outside work."
    practice.rationale_fr = ""
    practice.save()

    _reader, text = read_pdf(client.get(pdf_url(practice, "fr")))

    assert "Residents rarely met outside work." in text
    assert "(en anglais)" in text


def test_download_headers(client, practice):
    response = client.get(pdf_url(practice, "fr"))

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="icc-good-practice-{practice.slug}-fr.pdf"' in disposition
    assert response["Content-Language"] == "fr"
    assert "no-cache" in response["Cache-Control"]
    assert response["ETag"].startswith('"')


def test_head_request(client, practice):
    response = client.head(pdf_url(practice))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_images_are_in_the_pdf_with_their_credit(client, practice):
    image = ImageFactory(file=png_upload(width=300, height=200), credit="Anna Kowalska")
    practice.images.add(image)

    reader, text = read_pdf(client.get(pdf_url(practice)))

    assert sum(len(page.images) for page in reader.pages) == 1
    assert "Photo: Anna Kowalska" in text


def test_an_image_is_read_through_the_storage_not_a_path(client, practice):
    image = ImageFactory(file=png_upload(width=300, height=200))
    practice.images.add(image)

    with mock.patch("practices.pdf_document.default_storage", wraps=default_storage) as storage:
        read_pdf(client.get(pdf_url(practice)))

    storage.open.assert_called_once_with(image.file.name, "rb")


def test_a_missing_image_file_is_left_out(client, practice):
    image = ImageFactory(file=png_upload(width=300, height=200))
    practice.images.add(image)
    default_storage.delete(image.file.name)

    reader, text = read_pdf(client.get(pdf_url(practice)))

    assert sum(len(page.images) for page in reader.pages) == 0
    assert "Purpose" in text


def test_documents_are_listed(client, practice):
    practice.documents.add(DocumentFactory(title_en="Evaluation report", year=2021))

    _reader, text = read_pdf(client.get(pdf_url(practice)))

    assert "Documents" in text
    assert "Evaluation report · Report · 2021" in squeezed(text)


def test_contact_is_shown_but_never_its_address(client, practice):
    practice.contact_name = "Zofia Wiśniewska"
    practice.contact_role_en = "Intercultural officer"
    practice.contact_email = "zofia.secret@example.org"
    practice.save()

    response = client.get(pdf_url(practice))
    _reader, text = read_pdf(response)

    assert "Zofia Wiśniewska" in text
    assert "Intercultural officer" in text
    assert f"/en/practices/{practice.slug}/contact/" in squeezed(text)
    assert "zofia.secret" not in text
    assert b"zofia.secret" not in response.content


def test_no_contact_when_the_coordinator_shows_none(client, practice):
    practice.contact_name = "Zofia Wiśniewska"
    practice.contact_en = "Call the town hall."
    practice.show_contact = False
    practice.save()

    _reader, text = read_pdf(client.get(pdf_url(practice)))

    assert "Zofia" not in text
    assert "Call the town hall." not in text


def test_transfer_between_cities(client, practice):
    AdaptationFactory(
        practice=practice,
        city=CityFactory(name_en="Kraków", name_fr="Cracovie"),
        year=2022,
        note_en="We opened a second café.",
    )

    _reader, text = read_pdf(client.get(pdf_url(practice)))

    assert "Transfer between cities" in text
    assert "Adapted by" in text
    assert "Kraków" in text and "2022" in text
    assert "We opened a second café." in text


# --- Who may download it -----------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "archived"])
def test_unpublished_practice_is_404(client, practice, status):
    Practice.objects.filter(pk=practice.pk).update(status=status)

    assert client.get(pdf_url(practice)).status_code == 404


def test_unknown_slug_is_404(client, db):
    assert client.get("/en/practices/no-such-practice/pdf/").status_code == 404


def test_a_coordinator_cannot_download_a_draft(client, practice, coordinator, city):
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.DRAFT)
    practice.cities.add(city)
    client.force_login(coordinator)

    assert client.get(pdf_url(practice)).status_code == 404


def test_secretariat_preview_of_a_draft_is_never_cached(secretariat_client, practice):
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.DRAFT)

    with mock.patch(
        "practices.pdf_views.render_practice_pdf", wraps=pdf.render_practice_pdf
    ) as render:
        first = secretariat_client.get(pdf_url(practice))
        second = secretariat_client.get(pdf_url(practice))

    _reader, text = read_pdf(first)
    assert "Neighbours" in text
    assert second.status_code == 200
    assert render.call_count == 2
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "ETag" not in first


# --- Cached until the practice changes ---------------------------------------------------------


def count_renderings():
    return mock.patch("practices.pdf.render_practice_pdf", wraps=pdf.render_practice_pdf)


def test_a_second_download_is_not_rendered_again(client, practice):
    with count_renderings() as render:
        first = client.get(pdf_url(practice))
        second = client.get(pdf_url(practice))
    assert render.call_count == 1
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]

    # Each language is its own PDF.
    with count_renderings() as render:
        client.get(pdf_url(practice, "fr"))
    assert render.call_count == 1


def test_a_change_to_the_practice_renders_it_again(client, practice):
    with count_renderings() as render:
        before = client.get(pdf_url(practice))
        practice.purpose_en = "A new purpose, written this week."
        practice.save()
        after = client.get(pdf_url(practice))
    assert render.call_count == 2
    assert before["ETag"] != after["ETag"]
    assert "A new purpose, written this week." in read_pdf(after)[1]


def test_a_city_renamed_renders_it_again(client, practice):
    client.get(pdf_url(practice))
    city = practice.cities.get(name_en="Győr")
    city.name_en = "Győr-Moson-Sopron"
    city.save()

    with count_renderings() as render:
        response = client.get(pdf_url(practice))
    assert render.call_count == 1
    assert "Győr-Moson-Sopron" in read_pdf(response)[1]


def test_another_practice_changing_does_not_render_it_again(client, practice):
    client.get(pdf_url(practice))
    other = PracticeFactory(published=True)
    other.purpose_en = "Changed."
    other.save()

    with count_renderings() as render:
        client.get(pdf_url(practice))
    assert render.call_count == 0


def test_unpublishing_stops_the_cached_pdf(client, practice):
    client.get(pdf_url(practice))
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.ARCHIVED)

    assert client.get(pdf_url(practice)).status_code == 404


def test_not_modified_with_the_etag(client, practice):
    etag = client.get(pdf_url(practice))["ETag"]

    with count_renderings() as render:
        response = client.get(pdf_url(practice), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert render.call_count == 0
    assert client.get(pdf_url(practice), headers={"if-none-match": '"other"'}).status_code == 200


def test_the_page_cache_does_not_keep_the_pdf(client, practice, settings):
    settings.PAGE_CACHE = True
    cache.clear()
    client.get(pdf_url(practice))

    with count_renderings() as render:
        response = client.get(pdf_url(practice))
    # Served from the PDF cache (no rendering), not from the page cache.
    assert render.call_count == 0
    assert response.get("X-Cache") != "hit"


def test_queries_do_not_grow_with_cities_topics_and_images(
    client, practice, django_assert_max_num_queries
):
    client.get(pdf_url(practice))  # warm
    with django_assert_max_num_queries(8):
        assert client.get(pdf_url(practice)).status_code == 200

    for index in range(6):
        practice.cities.add(CityFactory(name_en=f"Town {index}"))
        practice.topics.add(TopicFactory())
        practice.images.add(ImageFactory())
        practice.documents.add(DocumentFactory())
    client.get(pdf_url(practice))  # warm again: the content changed
    with django_assert_max_num_queries(8):
        assert client.get(pdf_url(practice)).status_code == 200


# --- The practice page links to it -------------------------------------------------------------


def test_the_practice_page_links_to_its_pdf(client, practice):
    html = Client().get(f"/fr/practices/{practice.slug}/").content.decode()

    assert f'href="/fr/practices/{practice.slug}/pdf/"' in html
    assert 'type="application/pdf"' in html
    assert "no-print" in html.split(f"/fr/practices/{practice.slug}/pdf/")[0].rsplit("<p", 1)[1]


# --- The parts ---------------------------------------------------------------------------------


def test_text_blocks_paragraphs_lists_links_and_escaping():
    blocks = pdf.text_blocks(
        "First line\nsecond line\n\n- one\n- two\n\nSee https://example.org/a?b=1&c=2 <script>"
    )

    assert blocks[0] == ("p", "First line<br>second line")
    assert blocks[1] == ("ul", ("one", "two"))
    kind, html = blocks[2]
    assert kind == "p"
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert pdf.text_blocks("  \n\n ") == ()


def test_the_fonts_hold_every_letter_of_the_site_languages_and_city_names():
    needed = set("".join(CITY_NAMES) + "éèêëàâçîïôùûüÿœæÉÈÀÇŒ«»’“”–—…€ąćęłńóśźżőűşğıčřšžůýáíú")
    for name in pdf.FONT_FILES.values():
        font = TTFont(pdf.FONT_DIR / f"ICCSans-{name}.ttf")
        missing = {char for char in needed if ord(char) not in font.getBestCmap()}
        assert not missing, (name, missing)
        # A modified Source Sans 3 must not carry its Reserved Font Name (OFL, condition 3).
        assert font["name"].getDebugName(1) == "ICC Sans"
    assert (pdf.FONT_DIR / "OFL.txt").exists()


def test_unusual_text_never_breaks_the_pdf(client):
    """Characters the typeface lacks, control characters, markup and endless words."""
    text = (
        "Emoji 🎉, 中文, عربى, \x01\x0b\x1f, a\ttab, <b>not bold</b> &amp; "
        + "x" * 400
        + " https://example.org/"
        + "a" * 300
    )
    practice = PracticeFactory(
        published=True,
        title_en="Long title " * 27,
        purpose_en=text,
        links_en="https://example.org/" + "b" * 400,
        # PostgreSQL text cannot hold NUL: other control characters stand for it.
        period_en="\x07",
    )

    _reader, extracted = read_pdf(client.get(pdf_url(practice)))

    assert "<b>not bold</b> &amp;" in extracted
    assert "Long title" in extracted
