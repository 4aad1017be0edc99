"""Template helpers for attached documents, shared by the public pages of every app."""

import mimetypes

from django import template
from django.conf import settings
from django.utils import translation

from icc.formatting import describe_file, format_file_size
from icc.templatetags.icc_tags import translated_value

register = template.Library()


def stored_size(field_file):
    """The file's size in bytes, or None when it is missing from storage.

    A missing upload must not break the whole page, so storage errors give None.
    """
    try:
        return field_file.size
    except (OSError, ValueError):
        return None


@register.filter
def file_size(field_file):
    """A file's size for people ("12 KB", « 12 Ko »), or "" when the file is missing."""
    return format_file_size(stored_size(field_file))


@register.simple_tag
def document_files(document):
    """Each file of ``document`` as a reader chooses it: the reader's language first, files of
    no particular language last.

    A file is ``{"url", "title", "title_language", "language", "language_name", "details",
    "type"}``: its title is the document's title in the file's own language when the site has
    one (a French file is called by its French title), ``title_language`` is set when that
    title is not in the page's language (for a ``lang`` attribute), ``details`` reads
    "PDF, 12 KB". Reads the files prefetched with the document.
    """
    page_language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    site_languages = {code for code, _name in settings.LANGUAGES}
    files = sorted(
        document.files.all(),
        key=lambda file: (file.language != page_language, file.language == "other"),
    )
    described = []
    for file in files:
        title = ""
        if file.language in site_languages:
            title, used = getattr(document, f"title_{file.language}", ""), file.language
        if not title:
            title, used = translated_value(document, "title")
        name = file.file.name
        described.append(
            {
                "url": file.file.url,
                "title": title,
                "title_language": used if used and used != page_language else "",
                "language": "" if file.language == "other" else file.language,
                "language_name": "" if file.language == "other" else file.get_language_display(),
                "details": describe_file(name, stored_size(file.file)),
                "type": mimetypes.guess_type(name)[0] or "",
            }
        )
    return described
