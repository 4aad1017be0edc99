"""``{% cards items template %}``: a list of cards, each rendered once per content generation.

A listing shows twenty cards; rendering them (translated fields, dates and places formatted,
URLs reversed) is most of a listing's work. Each card depends only on its item (and the items
it shows, such as cities), the language, the day and its heading level, so its HTML is kept
in the shared cache (``icc.caching.memo``) and a new generation renders it again.

Usage: ``{% cards object_list "includes/card/practice.html" "practice" heading_level=2 %}``
renders ``<li>…</li>`` for each item, the item being given to the template under that name.
"""

from django import template
from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from icc.caching.memo import memoize_many
from icc.models import ChosenRows

register = template.Library()


@register.simple_tag(takes_context=True)
def cards(context, items, template_name, item_name, heading_level=3):
    card_template = get_template(template_name)
    language = translation.get_language()
    if isinstance(items, ChosenRows):
        # Ids chosen by a memo: no query at all for the cards already cached.
        model, pks, read = items.queryset.model, items.pks, lambda _pks: items.found()
    elif isinstance(items, QuerySet) and items._result_cache is None:
        # Only the ids first: the rows (and what they prefetch) are read for the cards that
        # are not in the cache yet, so a warm list costs one small query.
        model, pks, read = (
            items.model,
            list(items.values_list("pk", flat=True)),
            unsliced(items).in_bulk,
        )
    else:
        items = list(items)
        found = {item.pk: item for item in items}
        model = items[0]._meta.model if items else None
        pks, read = [item.pk for item in items], lambda _pks: found
    if not pks:
        return ""
    parts = [(template_name, model._meta.label_lower, pk, language, heading_level) for pk in pks]

    def render(indexes):
        rows = read([pks[index] for index in indexes])
        # A row gone since its id was read (deleted, unpublished) shows no card.
        chosen = [rows.get(pks[index]) for index in indexes]
        return [
            ""
            if item is None
            else str(card_template.render({item_name: item, "heading_level": heading_level}))
            for item in chosen
        ]

    html = memoize_many("card", parts, render)
    # Each card is our own template's output, escaped when it was rendered.
    return format_html_join("", "<li>{}</li>", ((mark_safe(card),) for card in html if card))


def unsliced(queryset):
    """The same query (filters, deferred fields, prefetches) without its slice or order."""
    queryset = queryset._chain()
    queryset.query.clear_limits()
    queryset.query.clear_ordering(force=True)
    return queryset
