"""Upload checks shared by the admin and the coordinators' forms.

Files are judged by their content, never by their name alone: a renamed text file is not a
PDF, an SVG is not accepted as an image (it can carry script), and a decompression bomb is
refused before it is decoded.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage

# MPO is how Pillow names the JPEGs many phones and cameras produce.
ALLOWED_IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "GIF", "WEBP"}
INVALID_IMAGE_MESSAGE = _(
    "Upload a valid image (JPEG, PNG, GIF or WebP). The file is not an image or is damaged."
)

# Document extensions and the signature their content must start with.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
}


def _check_size(upload, limit):
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def validate_image_file(upload):
    """Accept only real JPEG/PNG/GIF/WebP images within the size and pixel limits."""
    _check_size(upload, settings.MAX_IMAGE_UPLOAD_BYTES)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with PILImage.open(upload) as picture:
            image_format = picture.format
            width, height = picture.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image is too large (%(width)s × %(height)s pixels)."),
                    code="too_many_pixels",
                    params={"width": width, "height": height},
                )
            picture.verify()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image has too many pixels to be processed."), code="too_many_pixels"
        ) from error
    except Exception as error:
        raise ValidationError(
            INVALID_IMAGE_MESSAGE,
            code="invalid_image",
        ) from error
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            INVALID_IMAGE_MESSAGE,
            code="invalid_image",
        )


def validate_document_file(upload):
    """Accept only PDF and office documents whose content matches their extension."""
    _check_size(upload, settings.MAX_DOCUMENT_UPLOAD_BYTES)
    extension = Path(upload.name).suffix.lower()
    signatures = DOCUMENT_SIGNATURES.get(extension)
    if signatures is None:
        raise ValidationError(
            _("Upload a PDF or an office document (%(extensions)s)."),
            code="invalid_extension",
            params={"extensions": ", ".join(sorted(DOCUMENT_SIGNATURES))},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("The file's content does not match its extension %(extension)s."),
            code="invalid_content",
            params={"extension": extension},
        )
