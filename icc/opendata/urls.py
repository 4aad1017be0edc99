"""``download_paths(view)``: a listing's downloads, ``download.csv`` and ``download.json``.

Used in each listing's URLconf, so ``/<language>/practices/download.csv`` sits beside the
listing it downloads; both are named ``download`` and reversed with their ``format``:
``reverse("practices:download", kwargs={"format": "json"})``.
"""

from django.urls import path

from .links import FORMATS


def download_paths(view):
    """The URL patterns of ``view`` (a download view class), one per format."""
    return [
        path(f"download.{url_format}", view.as_view(), {"format": url_format}, name="download")
        for url_format, _label, _media_type in FORMATS
    ]
