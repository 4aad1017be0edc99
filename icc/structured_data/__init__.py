"""schema.org descriptions of the public pages, written into them as JSON-LD.

``builders`` turns a published item (with the relations its page already loaded) into a plain
dict; ``rendering`` writes such dicts as ``<script type="application/ld+json">`` blocks that no
text can break out of. Views put the dicts in the context as ``structured_data``; base.html
renders them with ``{% json_ld structured_data %}`` (``icc_structured_data`` tags).
"""

from .builders import (
    breadcrumb_list,
    city_data,
    event_data,
    home_page_data,
    network_data,
    news_article_data,
    organization_data,
    practice_data,
    translated_text,
    website_data,
)
from .rendering import json_ld_script

__all__ = [
    "breadcrumb_list",
    "city_data",
    "event_data",
    "home_page_data",
    "json_ld_script",
    "network_data",
    "news_article_data",
    "organization_data",
    "practice_data",
    "translated_text",
    "website_data",
]
