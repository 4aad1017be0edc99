"""What an uploaded file becomes once accepted: re-encoded images, unguessable names.

An image is never stored as it was sent: it is decoded and written again by Pillow, so what is
kept is pixels and nothing else (no bytes after the end of the image, no EXIF with a phone's GPS
position, no comments, no second script hidden in the file), turned upright from its EXIF
orientation. Every uploaded file is stored under a random folder, so no name can be guessed from
another or from the original file name: a draft's attachment is reached only through a page that
shows it (see ``icc.media_views`` and docs/operations.md, "Uploaded files").
"""

import io
import posixpath
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps

# The format each accepted format is written back in; MPO (phones' JPEG) becomes a plain JPEG.
STORED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "GIF": (".gif",), "WEBP": (".webp",)}
# Formats where a second frame means an animation (MPO's second frame is a depth map or preview).
_ANIMATED_FORMATS = {"PNG", "GIF", "WEBP"}
# Open only what validate_image_file accepts: Pillow never tries its other, less common decoders.
# (MPO files are opened by the JPEG decoder.)
_OPEN_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
JPEG_QUALITY = 90

INVALID_IMAGE_MESSAGE = _(
    "Upload a valid image (JPEG, PNG, GIF or WebP). The file is not an image or is damaged."
)


def random_folder():
    """A folder name nobody can guess (96 random bits)."""
    return secrets.token_urlsafe(12)


def upload_path(kind, filename):
    """``<kind>/<year>/<month>/<random>/<filename>``: the name keeps the file's own name for
    downloads, the random folder keeps it from being found by anyone not shown the link."""
    return posixpath.join(kind, f"{timezone.now():%Y/%m}", random_folder(), filename)


def check_pixel_count(width, height):
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The image is too large (%(width)s × %(height)s pixels)."),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )


def _open(upload):
    """The picture, its size checked against the pixel limit before anything is decoded."""
    upload.seek(0)
    picture = PILImage.open(upload, formats=_OPEN_FORMATS)
    check_pixel_count(*picture.size)
    return picture


def reencode_image(upload):
    """The image in ``upload`` written again: ``(bytes, format)``.

    Raises ValidationError (with the form's message) for anything that is not a still image
    Pillow can decode within the pixel limit.
    """
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with warnings.catch_warnings():
            # Pillow's own guard only warns below twice its limit: make it an error.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with _open(upload) as picture:
                source_format = picture.format
                if source_format not in STORED_FORMATS:
                    raise ValidationError(INVALID_IMAGE_MESSAGE, code="invalid_image")
                if source_format in _ANIMATED_FORMATS and getattr(picture, "n_frames", 1) > 1:
                    raise ValidationError(
                        _("Animated images are not accepted: upload a still image."),
                        code="animated_image",
                    )
                picture.load()
                stored_format = STORED_FORMATS[source_format]
                return _write(picture, stored_format), stored_format
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image has too many pixels to be processed."), code="too_many_pixels"
        ) from error
    except Exception as error:  # Pillow raises many kinds of errors for damaged files.
        raise ValidationError(INVALID_IMAGE_MESSAGE, code="invalid_image") from error
    finally:
        upload.seek(position)


def _write(picture, image_format):
    """Pixels only: the colour profile and transparency are kept, every other chunk dropped."""
    keep = {
        name: picture.info[name]
        for name in ("icc_profile", "transparency")
        if picture.info.get(name) is not None
    }
    # In place: a copy would double the memory of a large picture that needs no turning.
    ImageOps.exif_transpose(picture, in_place=True)
    upright = picture
    # Savers fall back on ``info`` for comments, EXIF and XMP: start from an empty one.
    upright.info = {}
    options = {"icc_profile": keep.get("icc_profile")} if "icc_profile" in keep else {}
    if image_format == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        options.update(quality=JPEG_QUALITY, exif=b"")
    elif image_format == "WEBP":
        options.update(quality=JPEG_QUALITY, exif=b"", xmp=b"")
    elif "transparency" in keep and upright.mode in ("P", "L", "RGB", "I", "I;16"):
        options["transparency"] = keep["transparency"]
    buffer = io.BytesIO()
    upright.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def clean_image_file(file):
    """A ContentFile of the re-encoded image, named after ``file`` with the right extension."""
    done = getattr(file, "icc_clean_image", None) or getattr(
        getattr(file, "file", None), "icc_clean_image", None
    )
    content, image_format = done or reencode_image(file)
    stem, extension = posixpath.splitext(posixpath.basename(file.name or "image"))
    if extension.lower() not in EXTENSIONS[image_format]:
        extension = EXTENSIONS[image_format][0]
    return ContentFile(content, name=f"{stem or 'image'}{extension}")
