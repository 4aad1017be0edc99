"""Links to the programme's pages for the menu, the footer and the list of pages.

Every public page shows the menu and the footer, so the links are computed once per language
and content generation (``icc.caching.memo``): a page seen before reads them from the shared
cache with no query, and any change to a page starts a new generation (the ``pages`` app is a
content app of ``icc.caching.invalidation``).
"""

from typing import NamedTuple

from django.conf import settings
from django.utils import translation

from icc.caching.memo import memoize
from icc.templatetags.icc_tags import translated_value

from .models import Page

PLACES = ("menu", "footer")


class PageLink(NamedTuple):
    """A published page as menus and lists show it, in one language."""

    title: str  # the menu title, or the title
    url: str
    role: str
    full_title: str
    summary: str
    summary_language: str  # the language the summary is written in ("" if none)
    in_menu: bool
    in_footer: bool


def current_language():
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def page_link(page, language):
    """``page`` as a PageLink in ``language`` (English fallback, as the pages themselves)."""
    with translation.override(language):
        full_title, _used = translated_value(page, "title", language)
        # A short title of another language would not fit: the title of this one instead.
        menu_title = getattr(page, f"menu_title_{language}", "") or full_title
        summary, summary_language = translated_value(page, "summary", language)
        return PageLink(
            title=str(menu_title),
            url=page.get_absolute_url(),
            role=page.role,
            full_title=str(full_title),
            summary=str(summary),
            summary_language=summary_language or "",
            in_menu=page.show_in_menu,
            in_footer=page.show_in_footer,
        )


def published_links():
    """Every published page as a PageLink in the reader's language, in the secretariat's order."""
    language = current_language()

    def compute():
        pages = Page.objects.published().for_cards().in_menu_order()
        return [page_link(page, language) for page in pages]

    return memoize("programme-pages", (language,), compute)


def links_for(place):
    """The links of ``place`` ("menu" or "footer"), in order."""
    if place not in PLACES:
        raise ValueError(f"Programme pages are placed in {', '.join(PLACES)}, not {place!r}.")
    attribute = "in_menu" if place == "menu" else "in_footer"
    return [link for link in published_links() if getattr(link, attribute)]


def link_for_role(role):
    """The published page holding ``role`` (``Page.Role``), or None."""
    return next((link for link in published_links() if link.role == role), None)
