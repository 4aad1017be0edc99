"""Template helpers for attached documents, shared by the public pages of every app."""

from django import template
from django.template.defaultfilters import filesizeformat

register = template.Library()


@register.filter
def file_size(field_file):
    """A file's size for people ("1.2 MB"), or "" when the file is missing from storage.

    A missing upload must not break the whole page, so storage errors give an empty string.
    """
    try:
        return filesizeformat(field_file.size)
    except (OSError, ValueError):
        return ""
