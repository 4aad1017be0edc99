"""Maps for the listings and the home page: ``{% load icc_figures %}``.

``{% listing_map view %}`` draws the map of the listing a ``FacetedListView`` shows (the
view is in every class-based view's context as ``view``): the cities listing's cities, or
the practices listing's cities sized by their practices. ``{% members_map %}`` draws every
current member city. Each is memoized (``icc.figures.listing_maps``): a page seen before in
the content generation costs no query for its map.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cities.models import City
from practices.models import Practice

from ..listing_maps import city_listing_map, members_map, practice_listing_map

register = template.Library()

LISTING_MAPS = {City: city_listing_map, Practice: practice_listing_map}


@register.simple_tag
def listing_map(view):
    """The listing's map in a disclosure: closed on phones (the results come first), always
    open from 48rem wide (static/css/site.css, "Maps of cities")."""
    draw = LISTING_MAPS.get(getattr(view, "model", None))
    if draw is None or not hasattr(view, "filterset"):
        return ""
    html = draw(view)
    if not html:
        return ""
    return render_to_string("figures/includes/listing_map.html", {"map": mark_safe(html)})


@register.simple_tag
def members_map_html():
    return mark_safe(members_map())
