"""The programme's own pages: about, how to join, the ICC Index, contact, legal notice, privacy
and the accessibility statement.

Content like the rest of the site: written in English and French in the admin (revisions,
revert, publish switch), one slug for both languages (``/<lang>/about/<slug>/``, the same path
in every language so the language switcher leads to the same page), searchable, in the
sitemap. ``position``, ``show_in_menu`` and ``show_in_footer`` build the header menu and the
footer (``{% programme_pages %}``, memoised per language and content generation in
``links.py``); ``role`` lets templates link a known page whatever its title.
"""
