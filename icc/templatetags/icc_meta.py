"""Page metadata for crawlers and link previews: listing titles and the og:image tags."""

import functools

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# The default sharing image (icc/crawling/icons.py draws it) and its size in pixels.
DEFAULT_OG_IMAGE = "images/og-default.png"
DEFAULT_OG_IMAGE_SIZE = (1200, 630)
# Where a page's og_image block leaves the details of its image for og_image_meta.
OG_IMAGE_DETAILS = "_og_image_details"
# Beyond this, the active filters are cut short in a title (search engines show ~60 characters).
MAX_FILTERS_IN_TITLE = 80


def absolute_url(url):
    """``url`` on the site's public address (``SITE_URL``) unless it names its host already."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return "https:" + url
    return settings.SITE_URL.rstrip("/") + url


@register.simple_tag(takes_context=True)
def listing_title(context, title):
    """A listing's title with its active filters and page: "Good practices: Education – page 2 of 5".

    Reads ``active_filters`` and ``page_obj`` of the listing's context (no query: the paginator
    knows its count), so each filtered or later page has a title of its own.
    """
    # ``title`` may come escaped already ({% blocktranslate asvar %}): escaped once, here.
    title = conditional_escape(title)
    labels = [str(item["label"]) for item in context.get("active_filters") or ()]
    if labels:
        filters = conditional_escape(Truncator(", ".join(labels)).chars(MAX_FILTERS_IN_TITLE))
        title = _("%(title)s: %(filters)s") % {"title": title, "filters": filters}
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        title = _("%(title)s – page %(number)s of %(count)s") % {
            "title": title,
            "number": page.number,
            "count": page.paginator.num_pages,
        }
    return mark_safe(title)  # noqa: S308 - the parts are escaped above, the formats are ours


@register.simple_tag(takes_context=True)
def og_image(context, image):
    """In ``{% block og_image %}``: the absolute URL of an icc.Image (or nothing).

    Its alternative text and size are kept for ``og_image_meta`` in base.html.
    """
    if not image or not image.file:
        return ""
    url = absolute_url(image.file.url)
    context.dicts[0][OG_IMAGE_DETAILS] = {
        "url": url,
        "alt": image.alt_text or "",
        "width": image.width,
        "height": image.height,
    }
    return url


def _og_meta_tags(url, details):
    tags = [("property", "og:image", url)]
    for name in ("width", "height", "alt"):
        if details.get(name):
            tags.append(("property", f"og:image:{name}", details[name]))
    if details.get("alt"):
        tags.append(("name", "twitter:image:alt", details["alt"]))
    return format_html_join("\n  ", '<meta {}="{}" content="{}">', tags)


@functools.lru_cache(maxsize=16)
def _default_og_meta(language, site_url, static_url):
    """The default image's tags: the same on most pages of a language, written once."""
    width, height = DEFAULT_OG_IMAGE_SIZE
    details = {
        "alt": _("The Intercultural Cities logo and the name of the programme"),
        "width": width,
        "height": height,
    }
    return _og_meta_tags(absolute_url(static(DEFAULT_OG_IMAGE)), details)


@register.simple_tag(takes_context=True)
def og_image_meta(context, url=""):
    """The og:image tags of the page: its own image (``url``) or the site's default one."""
    if not url:
        return _default_og_meta(get_language(), settings.SITE_URL, settings.STATIC_URL)
    details = context.get(OG_IMAGE_DETAILS) or {}
    # The block's text is the URL escaped (and marked safe by {% capture %}).
    if str(conditional_escape(details.get("url", ""))) != str(url):
        details = {"url": url}  # a block that gave a bare URL: nothing more is known
    return _og_meta_tags(details["url"], details)
