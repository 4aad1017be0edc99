"""Links to the programme's pages in any template: the menu, the footer, a page by its role.

``{% programme_pages "menu" as pages %}`` / ``{% programme_pages "footer" as pages %}``: the
published pages placed there, in the secretariat's order, as ``(title, url)`` pairs (also
``link.title``, ``link.url``). ``{% programme_page_url "accessibility" as url %}``: the
address of the published page holding that role, or "". Both read one memo per language and
content generation (``icc.pages.links``): no query on a page seen before.
"""

from typing import NamedTuple

from django import template

from icc.pages import links

register = template.Library()


class MenuLink(NamedTuple):
    title: str
    url: str


@register.simple_tag
def programme_pages(place):
    return [MenuLink(link.title, link.url) for link in links.links_for(place)]


@register.simple_tag
def programme_page_url(role):
    link = links.link_for_role(role)
    return link.url if link else ""
