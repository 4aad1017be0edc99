"""Smaller copies of uploaded images, so pages can offer a ``srcset`` and phones load less.

Each icc.Image gets WebP renditions at the widths below (only those narrower than the
original), stored beside the uploads through the default storage (local disk or S3). Names
are derived from the image, so templates know them without asking the storage. They are made
by a background task (``icc.tasks.images``), not in the upload's request, and
``Image.rendition_widths`` records which ones are written: templates offer only those.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageOps

RENDITION_WIDTHS = (480, 960, 1600)
# Modes Pillow's reduce() accepts; others (palette, 1-bit) are converted to RGB(A) first.
_REDUCIBLE_MODES = {"L", "LA", "RGB", "RGBA", "I", "F"}


def rendition_name(image, width):
    return f"renditions/{image.pk}/{width}w.webp"


def rendition_widths(image):
    """The rendition widths an image should have: those narrower than the original."""
    return [width for width in RENDITION_WIDTHS if image.width and width < image.width]


def ready_rendition_widths(image):
    """The rendition widths written for the image's current file (what a srcset may offer)."""
    ready = set(image.rendition_widths or ())
    return [width for width in rendition_widths(image) if width in ready]


def _open_reduced(source, largest_width):
    """The picture, upright, in RGB(A), decoded or shrunk to no less than ``largest_width``.

    Memory is the cost of a large upload (a 40-megapixel PNG is 160 MB of pixels once
    decoded): JPEGs are decoded directly at 1/2, 1/4 or 1/8 scale (``draft``), other formats
    are shrunk by a whole factor (``reduce``, cheap) before anything else copies them.
    """
    picture = PILImage.open(source)
    if picture.width > largest_width:
        scale = largest_width / picture.width
        picture.draft("RGB", (largest_width, max(1, round(picture.height * scale))))
    factor = picture.width // largest_width
    if factor >= 2 and picture.mode in _REDUCIBLE_MODES:
        picture, factor = picture.reduce(factor), 1  # shrunk before it is converted
    if picture.mode not in ("RGB", "RGBA"):
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    if factor >= 2:
        picture = picture.reduce(factor)
    return ImageOps.exif_transpose(picture)


def create_renditions(image):
    """(Re)write the image's renditions; return the widths written."""
    widths = rendition_widths(image)
    if not widths:
        return []
    with image.file.open("rb") as source:
        picture = _open_reduced(source, max(widths))
        for width in sorted(widths, reverse=True):
            height = max(1, round(picture.height * width / picture.width))
            buffer = io.BytesIO()
            picture.resize((width, height), PILImage.Resampling.LANCZOS).save(
                buffer, format="WEBP", quality=80, method=4
            )
            name = rendition_name(image, width)
            default_storage.delete(name)
            default_storage.save(name, ContentFile(buffer.getvalue()))
    return sorted(widths)


def refresh_renditions(image):
    """Write the renditions and record them on the image (``save(update_fields=...)``, so
    post_save receivers see the change); return the widths written."""
    widths = create_renditions(image)
    image.rendition_widths = widths
    image.save(update_fields=["rendition_widths"])
    return widths


def delete_renditions(image):
    for width in RENDITION_WIDTHS:
        default_storage.delete(rendition_name(image, width))
