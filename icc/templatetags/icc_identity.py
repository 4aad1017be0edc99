"""The site's identity in templates: the programme's social links (``ICC_SOCIAL_LINKS``)."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def social_links():
    """The programme's accounts as ``[{"label", "url"}]``, in the order of the setting.

    Only absolute https links are kept: the footer of every page must never carry a
    relative or ``javascript:`` address mistyped in a setting.
    """
    links = []
    for label, url in getattr(settings, "ICC_SOCIAL_LINKS", ()):
        if urlsplit(url).scheme == "https" and urlsplit(url).netloc:
            links.append({"label": label, "url": url})
    return links
