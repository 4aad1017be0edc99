"""``{% json_ld structured_data %}``: the page's schema.org objects as JSON-LD blocks."""

from django import template

from icc.structured_data import json_ld_script

register = template.Library()


@register.simple_tag
def json_ld(data):
    """One ``<script type="application/ld+json">`` per object; nothing for no data."""
    return json_ld_script(data)
