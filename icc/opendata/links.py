"""The download links a listing shows and announces in its ``<head>``."""

from django.urls import reverse

# (URL format, label, media type), in the order the links are shown.
FORMATS = (("csv", "CSV", "text/csv"), ("json", "JSON", "application/json"))


def download_links(url_name, query):
    """``[{format, label, media_type, url}]`` of a listing's downloads with its filters ``query``.

    ``url_name`` is the download's URL name ("news:download"); None gives no links.
    """
    if not url_name:
        return []
    links = []
    for url_format, label, media_type in FORMATS:
        url = reverse(url_name, kwargs={"format": url_format})
        links.append(
            {
                "format": url_format,
                "label": label,
                "media_type": media_type,
                "url": f"{url}?{query}" if query else url,
            }
        )
    return links
