"""Uploads that cannot carry anything else: re-encoded images, checked documents, private files.

Bad files are refused with their message in the coordinators' form and the admin (the rest of
the form kept); good ones are stored re-encoded, checked by reading the stored bytes; files of
unpublished items are served only to those who may see them, with safe headers.
"""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageSequence

from icc.models import Document, DocumentFile, Image
from icc.storage import MediaStorage, object_headers
from icc.validators import validate_document_file, validate_image_file
from practices.models import Practice
from tests.factories import (
    CoordinatorFactory,
    DocumentFactory,
    ImageFactory,
    NewsItemFactory,
    PracticeFactory,
    pdf_bytes,
    pdf_upload,
    png_bytes,
)
from tests.practices.test_workspace import practice_form_data

OOXML_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(main_type=OOXML_MAIN["docx"], extra=None):
    """A Word document as Word writes its skeleton: content types, relationships, body."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>'
    )
    return zip_bytes(
        {
            "[Content_Types].xml": content_types,
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
            **(extra or {}),
        }
    )


ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def ole_bytes(streams=("WordDocument",), storages=()):
    """A minimal OLE compound file (version 3) with empty 4 KiB ``streams`` and ``storages``."""
    sector = 512
    entries = [("Root Entry", 5)] + [(name, 2) for name in streams] + [(n, 1) for n in storages]
    stream_sectors = 4096 // sector
    fat = [FATSECT, ENDOFCHAIN]
    starts = []
    for _name in streams:
        start = len(fat)
        starts.append(start)
        fat += [*range(start + 1, start + stream_sectors), ENDOFCHAIN]
    fat += [FREESECT] * (sector // 4 - len(fat))
    directory = b""
    for index, (name, kind) in enumerate(entries):
        encoded = (name + "\0").encode("utf-16-le")
        right = index + 1 if 0 < index < len(entries) - 1 else NOSTREAM
        child = 1 if index == 0 and len(entries) > 1 else NOSTREAM
        if kind == 2:
            start, size = starts[index - 1], 4096
        else:
            start, size = ENDOFCHAIN if kind == 5 else 0, 0
        directory += (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, NOSTREAM, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )
    directory = directory.ljust(sector * -(-len(directory) // sector), b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREESECT) * 108
    )
    assert len(header) == len(directory) == sector
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + b"\0" * (4096 * len(streams))
    return header + body


def odt_bytes(mimetype="application/vnd.oasis.opendocument.text"):
    return zip_bytes({"mimetype": mimetype, "content.xml": "<office:document-content/>"})


def refusal(validator, name, content):
    with pytest.raises(ValidationError) as error:
        validator(SimpleUploadedFile(name, content))
    return error.value.code, error.value.messages[0]


def stored_bytes(image):
    with default_storage.open(image.file.name, "rb") as stored:
        return stored.read()


def jpeg_with_metadata(width=60, height=40):
    """A JPEG a phone could send: GPS position, camera, orientation 6 (turn 90°), a comment."""
    picture = PILImage.new("RGB", (width, height), (10, 120, 200))
    exif = PILImage.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "SecretPhoneMaker"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif, comment=b"private comment")
    return buffer.getvalue()


def gif_javascript_polyglot():
    """A GIF that is also a script: its width is the bytes ``/*``, a comment closes it."""
    buffer = io.BytesIO()
    PILImage.new("P", (0x2A2F, 2)).save(buffer, format="GIF", comment=b"*/=alert(1);/*")
    content = buffer.getvalue()
    assert content.startswith(b"GIF89a/*") and b"*/=alert(1);" in content
    return content


# --- Images: re-encoded, nothing but pixels --------------------------------------------------


pytestmark = pytest.mark.django_db


def test_png_with_html_after_its_end_is_stored_without_it():
    sent = png_bytes() + b"<html><script>alert(document.domain)</script></html>"
    image = ImageFactory(file=SimpleUploadedFile("square.png", sent))
    stored = stored_bytes(image)
    assert b"<html" not in stored and b"alert" not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")  # the file ends where the PNG ends
    assert (image.width, image.height) == (40, 30)


def test_gif_javascript_polyglot_is_stored_as_a_plain_gif():
    image = ImageFactory(file=SimpleUploadedFile("polyglot.gif", gif_javascript_polyglot()))
    stored = stored_bytes(image)
    assert stored.startswith(b"GIF8")
    assert b"alert" not in stored
    assert image.file.name.endswith(".gif")


def test_photo_metadata_is_removed_and_orientation_applied():
    sent = jpeg_with_metadata(width=60, height=40)
    assert b"SecretPhoneMaker" in sent and b"private comment" in sent
    image = ImageFactory(file=SimpleUploadedFile("phone.jpg", sent))
    stored = stored_bytes(image)
    assert b"SecretPhoneMaker" not in stored and b"private comment" not in stored
    assert b"Exif" not in stored
    with PILImage.open(io.BytesIO(stored)) as picture:
        assert picture.format == "JPEG"
        assert not picture.getexif()  # no GPS, no orientation left to apply twice
        assert picture.size == (40, 60)  # turned upright
    assert (image.width, image.height) == (40, 60)


def test_png_text_chunks_are_removed_and_transparency_kept():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "GPS 48.85 2.35 home")
    buffer = io.BytesIO()
    PILImage.new("RGBA", (20, 20), (255, 0, 0, 0)).save(buffer, format="PNG", pnginfo=info)
    image = ImageFactory(file=SimpleUploadedFile("clear.png", buffer.getvalue()))
    stored = stored_bytes(image)
    assert b"GPS 48.85" not in stored
    with PILImage.open(io.BytesIO(stored)) as picture:
        assert picture.mode == "RGBA" and picture.getpixel((0, 0))[3] == 0


def test_a_png_named_jpg_is_stored_with_its_real_extension():
    image = ImageFactory(file=SimpleUploadedFile("photo.jpg", png_bytes()))
    assert image.file.name.endswith("/photo.png")
    assert stored_bytes(image).startswith(b"\x89PNG")


def test_webp_is_stored_as_webp():
    buffer = io.BytesIO()
    PILImage.new("RGB", (30, 20), "green").save(buffer, format="WEBP")
    image = ImageFactory(file=SimpleUploadedFile("leaf.webp", buffer.getvalue()))
    assert stored_bytes(image)[8:12] == b"WEBP"


def test_animated_images_are_refused():
    content = _animated_gif()
    with PILImage.open(io.BytesIO(content)) as check:
        assert len(list(ImageSequence.Iterator(check))) == 2
    code, message = refusal(validate_image_file, "moving.gif", content)
    assert code == "animated_image"
    assert "Animated images are not accepted" in message


def test_pixel_limit_applies_before_decoding(settings):
    settings.MAX_IMAGE_PIXELS = 1000
    code, message = refusal(validate_image_file, "wide.png", png_bytes(width=50, height=30))
    assert code == "too_many_pixels" and "50 × 30" in message


def test_files_are_stored_under_unguessable_names():
    first = ImageFactory(file=SimpleUploadedFile("same.png", png_bytes()))
    second = ImageFactory(file=SimpleUploadedFile("same.png", png_bytes()))
    document = DocumentFactory()
    for name in (first.file.name, second.file.name, document.files.get().file.name):
        kind, year, month, folder, filename = name.split("/")
        assert kind in ("images", "documents") and len(folder) >= 16
    assert first.file.name.split("/")[3] != second.file.name.split("/")[3]


# --- Documents: PDFs without script, office files what they claim to be -----------------


PDF_REFUSALS = {
    "javascript open action": (
        pdf_bytes(b"/OpenAction 4 0 R", [b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"]),
        "pdf_javascript",
        "contains JavaScript",
    ),
    "script in a page's actions, name hex-escaped": (
        pdf_bytes(b"/AA << /O 4 0 R >>", [b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"]),
        "pdf_javascript",
        "contains JavaScript",
    ),
    "document-level javascript": (
        pdf_bytes(b"/Names << /J#61vaScript 4 0 R >>", [b"<< /Names [(a) 5 0 R] >>"]),
        "pdf_javascript",
        "contains JavaScript",
    ),
    "launch action": (
        pdf_bytes(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
        "pdf_launch",
        "opens another program",
    ),
    "embedded files": (
        pdf_bytes(b"/Names << /EmbeddedFiles 4 0 R >>", [b"<< /Names [(a.exe) 5 0 R] >>"]),
        "pdf_embedded_files",
        "contains attached files",
    ),
    "file attachment annotation": (
        pdf_bytes(b"", [b"<< /Type /Annot /Subtype /FileAttachment /FS << /F (x.exe) >> >>"]),
        "pdf_embedded_files",
        "contains attached files",
    ),
    "html behind a pdf header": (
        b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n",
        "invalid_pdf",
        "not a valid PDF",
    ),
    "no document catalog": (
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "invalid_pdf",
        "not a valid PDF",
    ),
}


@pytest.mark.parametrize("case", PDF_REFUSALS)
def test_dangerous_or_fake_pdfs_are_refused(case):
    content, expected_code, expected_message = PDF_REFUSALS[case]
    code, message = refusal(validate_document_file, "report.pdf", content)
    assert (code, expected_message in message) == (expected_code, True)


def test_plain_pdf_with_a_web_link_is_accepted():
    link = b"<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://www.coe.int/) >> >>"
    validate_document_file(SimpleUploadedFile("report.pdf", pdf_bytes(b"", [link])))
    validate_document_file(pdf_upload())


def test_real_office_documents_are_accepted():
    validate_document_file(SimpleUploadedFile("agenda.docx", docx_bytes()))
    validate_document_file(SimpleUploadedFile("notes.odt", odt_bytes()))
    sheet = docx_bytes(main_type=OOXML_MAIN["xlsx"])
    validate_document_file(SimpleUploadedFile("figures.xlsx", sheet))
    validate_document_file(SimpleUploadedFile("old.doc", ole_bytes(["WordDocument"])))
    validate_document_file(SimpleUploadedFile("old.xls", ole_bytes(["Workbook"])))
    validate_document_file(SimpleUploadedFile("old.ppt", ole_bytes(["PowerPoint Document"])))


OFFICE_REFUSALS = {
    "zip renamed docx": ("agenda.docx", zip_bytes({"notes.txt": "hello"}), "invalid_content"),
    "spreadsheet renamed docx": (
        "agenda.docx",
        docx_bytes(main_type=OOXML_MAIN["xlsx"]),
        "invalid_content",
    ),
    "damaged zip": ("agenda.docx", b"PK\x03\x04" + b"\0" * 40, "invalid_content"),
    "word with macros": (
        "agenda.docx",
        docx_bytes(extra={"word/vbaProject.bin": b"\0" * 10}),
        "macros",
    ),
    "zip renamed odt": ("notes.odt", zip_bytes({"notes.txt": "hello"}), "invalid_content"),
    "spreadsheet renamed doc": ("old.doc", ole_bytes(["Workbook"]), "invalid_content"),
    "installer renamed doc": (
        "setup.doc",
        ole_bytes(["\x05SummaryInformation"]),
        "invalid_content",
    ),
    "damaged compound file": (
        "old.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8,
        "invalid_content",
    ),
    "excel with macros": (
        "old.xls",
        ole_bytes(["Workbook"], storages=["_VBA_PROJECT_CUR"]),
        "macros",
    ),
    "spreadsheet renamed odt": (
        "notes.odt",
        odt_bytes("application/vnd.oasis.opendocument.spreadsheet"),
        "invalid_content",
    ),
}


@pytest.mark.parametrize("case", OFFICE_REFUSALS)
def test_office_files_must_be_what_they_claim(case):
    name, content, expected_code = OFFICE_REFUSALS[case]
    code, _message = refusal(validate_document_file, name, content)
    assert code == expected_code


# --- In the forms: refused with the message, the rest kept -------------------------------


FORM_REFUSALS = [
    ("document", "handbook.pdf", PDF_REFUSALS["javascript open action"][0], "contains JavaScript"),
    ("document", "handbook.pdf", PDF_REFUSALS["launch action"][0], "opens another program"),
    ("document", "handbook.pdf", PDF_REFUSALS["embedded files"][0], "contains attached files"),
    ("document", "page.pdf", PDF_REFUSALS["html behind a pdf header"][0], "not a valid PDF"),
    ("document", "agenda.docx", zip_bytes({"a.txt": "x"}), "does not match its extension"),
    ("image", "moving.gif", None, "Animated images are not accepted"),
]


def _animated_gif():
    frames = [PILImage.new("RGB", (10, 10), color) for color in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


@pytest.mark.parametrize(("slot", "name", "content", "message"), FORM_REFUSALS)
def test_workspace_form_refuses_with_the_message_and_keeps_the_text(
    client, coordinator, city, slot, name, content, message
):
    client.force_login(coordinator)
    extra = {f"{slot}-file": SimpleUploadedFile(name, content or _animated_gif())}
    extra[f"{slot}-alt_text_en" if slot == "image" else f"{slot}-title_en"] = "Described"
    response = client.post(
        reverse("workspace:practice_create"), practice_form_data(cities=[city], **extra)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'")
    assert "Anti-rumours network" in html  # the rest of the form is kept
    assert not Practice.objects.exists()


def test_workspace_stores_a_clean_image(client, coordinator, city):
    client.force_login(coordinator)
    sent = png_bytes() + b"<script>alert(1)</script>"
    extra = {"image-file": SimpleUploadedFile("square.png", sent), "image-alt_text_en": "A square"}
    response = client.post(
        reverse("workspace:practice_create"), practice_form_data(cities=[city], **extra)
    )
    assert response.status_code == 302
    image = Practice.objects.get().images.get()
    assert b"<script" not in stored_bytes(image)


def test_admin_refuses_a_javascript_pdf_and_keeps_the_form(secretariat_client):
    response = secretariat_client.post(
        reverse("admin:icc_document_add"),
        {
            "title_en": "Anti-rumours handbook", "title_fr": "Manuel anti-rumeurs",
            "kind": "guide", "year": "2018", "credit": "",
            "files-TOTAL_FORMS": "1", "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0", "files-MAX_NUM_FORMS": "1000",
            "files-0-language": "en",
            "files-0-file": SimpleUploadedFile(
                "handbook.pdf", PDF_REFUSALS["javascript open action"][0]
            ),
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "contains JavaScript" in response.content.decode()
    assert "Anti-rumours handbook" in response.content.decode()
    assert not Document.objects.exists()


def test_admin_stores_images_re_encoded(secretariat_client):
    response = secretariat_client.post(
        reverse("admin:icc_image_add"),
        {
            "file": SimpleUploadedFile("phone.jpg", jpeg_with_metadata()),
            "alt_text_en": "A square",
            "alt_text_fr": "Une place",
            "credit": "",
        },
    )
    assert response.status_code == 302
    assert b"SecretPhoneMaker" not in stored_bytes(Image.objects.get())


# --- Serving: each file to those who may see it ------------------------------------------


def media_url(name):
    return default_storage.url(name)


@pytest.fixture
def draft(city):
    practice = PracticeFactory(cities=[city])
    practice.images.add(ImageFactory())
    practice.documents.add(DocumentFactory())
    return practice


def draft_files(practice):
    image = practice.images.get()
    return {
        "image": image.file.name,
        "document": practice.documents.get().files.get().file.name,
        "rendition": f"renditions/{image.pk}/480w.webp",
    }


@pytest.mark.parametrize("kind", ["image", "document", "rendition"])
def test_files_of_a_draft_are_hidden_from_the_public_and_other_coordinators(
    client, draft, other_coordinator, kind
):
    name = draft_files(draft)[kind]
    if kind == "rendition":
        default_storage.save(name, io.BytesIO(b"RIFF....WEBP"))
    try:
        assert client.get(media_url(name)).status_code == 404
        client.force_login(other_coordinator)
        assert client.get(media_url(name)).status_code == 404
    finally:
        if kind == "rendition":
            default_storage.delete(name)


@pytest.mark.parametrize("kind", ["image", "document"])
def test_files_of_a_draft_are_served_to_its_coordinators_and_staff(
    client, draft, coordinator, secretariat_user, kind
):
    name = draft_files(draft)[kind]
    for person in (coordinator, secretariat_user):
        client.force_login(person)
        response = client.get(media_url(name))
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content)  # (read through: closes the file)


def test_files_of_a_published_practice_are_everyones(client, draft):
    draft.status = Practice.Status.PUBLISHED
    draft.save()
    image = client.get(media_url(draft_files(draft)["image"]))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image["Content-Disposition"].startswith("inline")
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    document = client.get(media_url(draft_files(draft)["document"]))
    assert document.status_code == 200
    assert document["Content-Type"] == "application/pdf"
    assert document["X-Content-Type-Options"] == "nosniff"
    assert document["Content-Disposition"].startswith("attachment")
    assert "sandbox" in document["Content-Security-Policy"]
    assert b"".join(document.streaming_content).startswith(b"%PDF-")


def test_an_image_of_a_published_news_item_is_everyones(client):
    news = NewsItemFactory(image=ImageFactory())
    assert client.get(media_url(news.image.file.name)).status_code == 200
    news.is_published = False
    news.save()
    assert client.get(media_url(news.image.file.name)).status_code == 404


def test_unused_files_and_kept_uploads_are_staff_only_or_nobodys(client, secretariat_user):
    image = ImageFactory()
    pending = default_storage.save("pending-uploads/abc/x.png", io.BytesIO(png_bytes()))
    try:
        assert client.get(media_url(image.file.name)).status_code == 404
        assert client.get(media_url(pending)).status_code == 404
        client.force_login(secretariat_user)
        assert client.get(media_url(image.file.name)).status_code == 200
        assert client.get(media_url(pending)).status_code == 404
    finally:  # the media folder is shared by the whole run: leave no kept upload behind
        default_storage.delete(pending)


@pytest.mark.parametrize(
    "path",
    [
        "/media/../icc/settings/base.py",
        "/media/images/%2e%2e/%2e%2e/manage.py",
        "/media/x\\y",
        "/media/images/a%00b.png",
        "/media/renditions/999999999999999999/480w.webp",
        "/media/images/",
        "/media/documents/" + "a" * 5000 + ".pdf",
    ],
)
def test_paths_outside_the_uploads_are_404(client, secretariat_user, path):
    client.force_login(secretariat_user)
    assert client.get(path).status_code == 404


def test_media_answer_only_get_and_head(client, draft):
    draft.status = Practice.Status.PUBLISHED
    draft.save()
    assert client.post(media_url(draft_files(draft)["image"])).status_code == 405


def test_coordinator_of_another_city_added_later_sees_the_draft_files(client, city, draft):
    newcomer = CoordinatorFactory(username="newcomer", cities=[city])
    client.force_login(newcomer)
    response = client.get(media_url(draft_files(draft)["document"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- The bucket: private objects with the headers S3 can store --------------------------


def test_bucket_objects_carry_their_type_and_documents_download():
    document = object_headers("documents/2026/11/Zx9/handbook fr.pdf")
    assert document["ContentType"] == "application/pdf"
    assert document["ContentDisposition"].startswith("attachment;")
    assert "handbook" in document["ContentDisposition"]
    image = object_headers("images/2026/11/Zx9/square.png")
    assert image["ContentType"] == "image/png" and "ContentDisposition" not in image


def test_bucket_storage_signs_urls_and_sends_the_object_headers():
    storage = MediaStorage(
        bucket_name="icc-media",
        region_name="eu-west-3",
        access_key="test",
        secret_key="test",
        default_acl="private",
        querystring_auth=True,
        querystring_expire=90_000,
    )
    parameters = storage.get_object_parameters("documents/2026/11/Zx9/report.pdf")
    assert parameters["ContentDisposition"].startswith("attachment")
    url = storage.url("documents/2026/11/Zx9/report.pdf")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=90000" in url


def test_document_file_model_uses_the_random_folders():
    document = DocumentFactory(with_file=False)
    file = DocumentFile.objects.create(document=document, language="fr", file=pdf_upload("a.pdf"))
    assert file.file.name.startswith("documents/") and file.file.name.endswith("/a.pdf")


def test_editing_an_image_keeps_its_stored_file(secretariat_client):
    image = ImageFactory()
    stored_name = image.file.name
    response = secretariat_client.post(
        reverse("admin:icc_image_change", args=[image.pk]),
        {"alt_text_en": "Renamed", "alt_text_fr": "Renommée", "credit": ""},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.alt_text_en, image.file.name) == ("Renamed", stored_name)
