"""Template helpers of the public site: translated fields with their fallback, dates, places."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import QueryDict
from django.template.defaultfilters import linebreaks_filter, urlize
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from icc import formatting, renditions

register = template.Library()


def translated_value(obj, field, language=None):
    """``(text, language_used)`` of a translated field, falling back as the site does.

    The active language first, then the fallback languages (English), then any other.
    Fields that are not translated return ``(value, None)``.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if not hasattr(obj, f"{field}_{settings.LANGUAGE_CODE}"):
        return getattr(obj, field, "") or "", None
    for code in fallback_languages(language):
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return value, code
    return "", None


def fallback_languages(language):
    """Where a text in ``language`` is looked for: that language, the fallbacks (English),
    then any other site language (also used by the open-data downloads, icc.opendata)."""
    base_language = language.split("-")[0]
    fallbacks = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", ("en",))
    if isinstance(fallbacks, dict):
        fallbacks = fallbacks.get(base_language) or fallbacks.get("default", ())
    order = [base_language, *fallbacks, *(code for code, _name in settings.LANGUAGES)]
    return list(dict.fromkeys(order))


def language_note(code):
    """The short note shown after a text in another language: "(in English)"."""
    if code == "en":
        return _("(in English)")
    names = dict(settings.LANGUAGES)
    return _("(in %(language)s)") % {"language": str(names.get(code, code))}


@register.simple_tag
def translated(obj, field, html=False, linebreaks=False):
    """A field in the reader's language; a fallback text is marked with its lang and a note.

    ``html=True``: the field holds HTML already sanitised on save. ``linebreaks=True``:
    plain text whose line breaks become paragraphs and whose web and e-mail addresses become
    links (the rest is escaped).
    """
    value, used = translated_value(obj, field)
    if not value:
        return ""
    if html:
        body = mark_safe(value)  # noqa: S308 - sanitised by the model on save (icc.sanitize)
    elif linebreaks:
        body = linebreaks_filter(urlize(value, autoescape=True), autoescape=True)
    else:
        body = conditional_escape(value)
    active = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if used is None or used == active:
        return body
    note = format_html('<span class="translation-note">{}</span>', language_note(used))
    if html or linebreaks:
        return format_html(
            '<div lang="{}">{}</div><p class="translation-note-block">{}</p>', used, body, note
        )
    return format_html('<span lang="{}">{}</span> {}', used, body, note)


@register.filter
def date_range(event):
    """An event's dates: ``{{ event|date_range }}`` → "29-30 October 2015"."""
    return formatting.format_date_range(event.start_date, event.end_date)


@register.filter
def event_place(event):
    """An event's place: ``{{ event|event_place }}`` → "Lisbon and Oeiras (Portugal)"."""
    return formatting.format_event_place(event)


@register.filter
def event_when(event):
    """An event's dates and times: "7 July 2020, 11:00-12:30 CEST"."""
    return formatting.format_event_when(event)


@register.filter
def country_name(code):
    return formatting.country_name(code)


@register.simple_tag(name="format_date_range")
def format_date_range_tag(start, end=None):
    return formatting.format_date_range(start, end)


@register.simple_tag
def format_date(date):
    return formatting.format_date(date) if date else ""


@register.simple_tag(takes_context=True)
def querystring_replace(context, key, value):
    """The current query string with ``key`` set to ``value`` (empty value removes it)."""
    request = context.get("request")
    data = request.GET.copy() if request else QueryDict(mutable=True)
    if value in (None, ""):
        data.pop(key, None)
    else:
        data[key] = value
    query = urlencode(list(data.lists()), doseq=True)
    return f"?{query}" if query else "?"


class CaptureNode(template.Node):
    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        # Stored at the top of the context so that later siblings (meta tags) can read it.
        # The captured text was rendered (escaped) by the template engine already.
        context.dicts[0][self.variable] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """``{% capture name %}...{% endcapture %}``: render once, reuse as ``{{ name }}``.

    base.html uses it so one ``title`` block feeds <title> and og:title.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture takes one argument: the variable name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.simple_tag
def responsive_image(image, sizes="100vw", css_class="", eager=False):
    """An <img> with width/height, a srcset of the image's renditions, and lazy loading.

    ``sizes`` says how wide the image is shown (e.g. "(min-width: 56rem) 40rem, 100vw");
    ``eager=True`` for an image at the top of the page. Only renditions already written (by
    the background task) are offered; until then the original alone is shown.
    """
    if not image or not image.file:
        return ""
    candidates = [
        f"{default_storage.url(renditions.rendition_name(image, width))} {width}w"
        for width in renditions.ready_rendition_widths(image)
    ]
    if image.width:
        candidates.append(f"{image.file.url} {image.width}w")
    attributes = {
        "src": image.file.url,
        "alt": image.alt_text or "",
        "width": image.width,
        "height": image.height,
        "srcset": ", ".join(candidates) if len(candidates) > 1 else None,
        "sizes": sizes if len(candidates) > 1 else None,
        "class": css_class or None,
        "loading": None if eager else "lazy",
        "decoding": "async",
    }
    rendered = " ".join(
        format_html('{}="{}"', name, value)
        for name, value in attributes.items()
        if value is not None
    )
    return mark_safe(f"<img {rendered}>")  # noqa: S308 - every value is escaped by format_html
