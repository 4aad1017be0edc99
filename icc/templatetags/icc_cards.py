"""``{% cards items template %}``: a list of cards, each rendered once per content generation.

A listing shows twenty cards; rendering them (translated fields, dates and places formatted,
URLs reversed) is most of a listing's work. Each card depends only on its item (and the items
it shows, such as cities), the language, the day and its heading level, so its HTML is kept
in the shared cache (``icc.caching.memo``) and a new generation renders it again.

Usage: ``{% cards object_list "includes/card/practice.html" "practice" heading_level=2 %}``
renders ``<li>…</li>`` for each item, the item being given to the template under that name.
"""

from django import template
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from icc.caching.memo import memoize_many

register = template.Library()


@register.simple_tag(takes_context=True)
def cards(context, items, template_name, item_name, heading_level=3):
    items = list(items)
    if not items:
        return ""
    card_template = get_template(template_name)
    language = translation.get_language()
    parts = [
        (template_name, item._meta.label_lower, item.pk, language, heading_level) for item in items
    ]

    def render(indexes):
        return [
            str(
                card_template.render(
                    {item_name: items[index], "heading_level": heading_level},
                    context.get("request"),
                )
            )
            for index in indexes
        ]

    html = memoize_many("card", parts, render)
    # Each card is our own template's output, escaped when it was rendered.
    return format_html_join("", "<li>{}</li>", ((mark_safe(card),) for card in html))
