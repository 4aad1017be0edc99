"""schema.org descriptions of the programme's pages (JSON-LD, see ``icc.structured_data``)."""

from django.urls import reverse

from icc.context_processors import SITE_NAME
from icc.structured_data.builders import (
    absolute_url,
    datetime_text,
    organization_data,
    page_language,
    short_description,
    translated_text,
    with_context,
)

from .models import Page

# schema.org has page types of its own for some roles; any other page is a WebPage.
PAGE_TYPES = {Page.Role.ABOUT: "AboutPage", Page.Role.CONTACT: "ContactPage"}


def web_page_data(page):
    """The page as a WebPage (AboutPage, ContactPage) of the site, by the programme."""
    url = absolute_url(page.get_absolute_url())
    return with_context(
        {
            "@type": PAGE_TYPES.get(page.role, "WebPage"),
            "name": translated_text(page, "title"),
            "description": short_description(translated_text(page, "summary")),
            "url": url,
            "inLanguage": page_language(),
            "dateModified": datetime_text(page.updated_at),
            "isPartOf": {
                "@type": "WebSite",
                "name": str(SITE_NAME),
                "url": absolute_url(reverse("home")),
            },
            "publisher": organization_data(),
        }
    )
