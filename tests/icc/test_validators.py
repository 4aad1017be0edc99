"""Upload checks: files are judged by their content, within size and pixel limits."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage

from icc.validators import validate_document_file, validate_image_file
from tests.factories import pdf_upload, png_bytes, png_upload


def png_claiming(width, height):
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (no pixel data needed)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def error_code(validator, upload):
    with pytest.raises(ValidationError) as error:
        validator(upload)
    return error.value.code


def test_real_images_pass():
    validate_image_file(png_upload())
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "white").save(buffer, format="JPEG")
    validate_image_file(SimpleUploadedFile("photo.jpg", buffer.getvalue()))


def test_text_file_renamed_png_is_refused():
    upload = SimpleUploadedFile("photo.png", b"Hello, I am plain text.\n" * 10)
    assert error_code(validate_image_file, upload) == "invalid_image"


def test_svg_with_script_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert error_code(validate_image_file, SimpleUploadedFile("logo.svg", svg)) == "invalid_image"
    assert error_code(validate_image_file, SimpleUploadedFile("logo.png", svg)) == "invalid_image"


def test_twenty_thousand_pixels_square_is_refused_without_decoding():
    upload = SimpleUploadedFile("huge.png", png_claiming(20_000, 20_000))
    assert len(upload.read()) < 100  # the check reads the header, never the pixels
    upload.seek(0)
    assert error_code(validate_image_file, upload) == "too_many_pixels"


def test_compressed_real_bomb_is_refused():
    # A genuine 1-bit 20,000 x 20,000 image compresses to a few kilobytes.
    buffer = io.BytesIO()
    PILImage.new("1", (20_000, 20_000)).save(buffer, format="PNG", optimize=True)
    assert buffer.tell() < 200_000
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue())
    assert error_code(validate_image_file, upload) == "too_many_pixels"


def test_image_above_our_pixel_limit_but_below_pillows_is_refused():
    # 8,000 x 6,000 = 48 Mpx: more than MAX_IMAGE_PIXELS (25 Mpx), less than Pillow's own guard.
    upload = SimpleUploadedFile("big.png", png_claiming(8_000, 6_000))
    assert error_code(validate_image_file, upload) == "too_many_pixels"


def test_oversized_image_is_refused(settings):
    too_big = png_bytes() + b"\0" * (settings.MAX_IMAGE_UPLOAD_BYTES)
    upload = SimpleUploadedFile("big.png", too_big)
    with pytest.raises(ValidationError) as error:
        validate_image_file(upload)
    assert error.value.code == "file_too_large"
    assert "MB" in error.value.messages[0]


@override_settings(MAX_DOCUMENT_UPLOAD_BYTES=1024)
def test_oversized_document_is_refused():
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n" + b"x" * 2000)
    assert error_code(validate_document_file, upload) == "file_too_large"


def test_pdf_and_office_documents_pass():
    from tests.icc.test_uploads import docx_bytes, ole_bytes

    validate_document_file(pdf_upload())
    validate_document_file(SimpleUploadedFile("agenda.docx", docx_bytes()))
    validate_document_file(SimpleUploadedFile("old.doc", ole_bytes(["WordDocument"])))


def test_text_file_renamed_pdf_is_refused():
    upload = SimpleUploadedFile("report.pdf", b"This is not a PDF at all.")
    assert error_code(validate_document_file, upload) == "invalid_content"


@pytest.mark.parametrize("name", ["script.exe", "page.html", "picture.svg", "noextension"])
def test_other_kinds_of_document_are_refused(name):
    upload = SimpleUploadedFile(name, b"%PDF-1.4 pretending")
    assert error_code(validate_document_file, upload) == "invalid_extension"


def test_validators_leave_the_file_readable_from_the_start():
    upload = png_upload()
    validate_image_file(upload)
    assert upload.read(4) == b"\x89PNG"
