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

from .documents import check_document_content
from .uploads import reencode_image

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


def _already_stored(upload):
    """A model's file saved before (the admin validates every field on each save): its content
    was checked, and an image re-encoded, when it was uploaded; reading it again from the
    storage (a download, with a bucket) would only slow every edit of the row down."""
    return getattr(upload, "_committed", False) and hasattr(upload, "storage")


def validate_image_file(upload):
    """Accept only real, still JPEG/PNG/GIF/WebP images within the size and pixel limits.

    The image is decoded and written again here (``icc.uploads.reencode_image``): what cannot
    be re-encoded is refused with the form's message, and the clean bytes are kept on the
    upload for ``Image.save()``, which stores them instead of what was sent.
    """
    _check_size(upload, settings.MAX_IMAGE_UPLOAD_BYTES)
    if not _already_stored(upload):
        upload.icc_clean_image = reencode_image(upload)


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
    if _already_stored(upload):
        return
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        check_document_content(upload, extension)
    finally:
        upload.seek(position)
