"""Smaller copies of uploaded images, so pages can offer a ``srcset`` and phones load less.

Each icc.Image gets WebP renditions at the widths below (only those narrower than the
original), stored beside the uploads through the default storage (local disk or S3). Names
are derived from the image, so templates know them without asking the storage.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageOps

RENDITION_WIDTHS = (480, 960, 1600)


def rendition_name(image, width):
    return f"renditions/{image.pk}/{width}w.webp"


def rendition_widths(image):
    """The rendition widths an image has: those narrower than the original."""
    return [width for width in RENDITION_WIDTHS if image.width and width < image.width]


def create_renditions(image):
    """(Re)write the image's renditions; return how many were written."""
    widths = rendition_widths(image)
    if not widths:
        return 0
    with image.file.open("rb") as source, PILImage.open(source) as original:
        original = ImageOps.exif_transpose(original)
        if original.mode not in ("RGB", "RGBA"):
            original = original.convert("RGBA" if "transparency" in original.info else "RGB")
        for width in widths:
            height = max(1, round(original.height * width / original.width))
            buffer = io.BytesIO()
            original.resize((width, height), PILImage.Resampling.LANCZOS).save(
                buffer, format="WEBP", quality=80, method=4
            )
            name = rendition_name(image, width)
            default_storage.delete(name)
            default_storage.save(name, ContentFile(buffer.getvalue()))
    return len(widths)


def delete_renditions(image):
    for width in RENDITION_WIDTHS:
        default_storage.delete(rendition_name(image, width))
