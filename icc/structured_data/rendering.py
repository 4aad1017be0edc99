"""JSON-LD written into a page: valid JSON that no text of the content can end early."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

# Inside <script> the HTML parser looks for "</script" and "<!--" whatever the JSON means;
# written as JSON escapes, these characters read back the same and cannot close the block.
# (Django's json_script escapes the same three; its element carries an id we do not want.)
# Three str.replace calls: str.translate with a mapping runs Python code for every character,
# about 3 ms for the 25 KB of a city page's JSON-LD.
SCRIPT_SAFE_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def json_ld_text(data):
    """``data`` as compact JSON with ``<``, ``>`` and ``&`` escaped (safe inside <script>)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in SCRIPT_SAFE_ESCAPES:
        text = text.replace(character, escaped)
    return text


def json_ld_script(data):
    """One ``<script type="application/ld+json">`` per object of ``data`` (a dict or a list).

    Empty entries are skipped, so a view may leave out what an item lacks. A data block is
    not executed: the Content-Security-Policy's ``script-src`` does not apply to it.
    """
    if isinstance(data, SafeString):
        # Already written (the memoized body of a detail page keeps its blocks as text).
        return data
    objects = [data] if isinstance(data, dict) else list(data or ())
    return format_html_join(
        "\n",
        '<script type="application/ld+json">{}</script>',
        # The text is escaped for a script element above; HTML-escaping it would corrupt it.
        ((mark_safe(json_ld_text(item)),) for item in objects if item),  # noqa: S308
    )
