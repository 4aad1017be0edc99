"""Names under which uploaded files are stored: safe on every storage and bounded in bytes."""

import posixpath
import unicodedata

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

# File systems allow 255 bytes per name and a FileField 100 characters for its whole path
# (directories included): a name of 80 bytes leaves room for both and for Django's suffix.
MAX_NAME_BYTES = 80
MAX_EXTENSION_BYTES = 16


def _cut(text, max_bytes):
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes, never in the middle of a character."""
    return text.encode()[: max(max_bytes, 0)].decode(errors="ignore")


def safe_file_name(name, *, default="upload", max_bytes=MAX_NAME_BYTES):
    """The base name of ``name`` made safe and at most ``max_bytes`` long, keeping its extension.

    ``"../Très long rapport….pdf"`` becomes ``"Très_long_rapport.pdf"``; a name with nothing
    usable becomes ``default`` with the extension.
    """
    base = posixpath.basename(unicodedata.normalize("NFC", str(name)).replace("\\", "/"))
    try:
        base = get_valid_filename(base)
    except SuspiciousFileOperation:  # nothing left of it ("", ".", "..")
        base = ""
    stem, extension = posixpath.splitext(base)
    if stem.startswith(".") and not extension:  # ".pdf": an extension with no name
        stem, extension = "", stem
    if len(extension.encode()) > MAX_EXTENSION_BYTES:  # not an extension anyone uses
        stem, extension = base, ""
    extension = _cut(extension, MAX_EXTENSION_BYTES)
    stem = _cut(stem.lstrip("."), max_bytes - len(extension.encode())).rstrip(".-_ ")
    return f"{stem or default}{extension}"
