"""The language of an API answer, and translated texts with their fallback marked.

An answer is in one language: ``?lang=<code>`` (a language of ``settings.LANGUAGES``), else the
first language of ``Accept-Language`` that the site has, else the default language. Each
translated text is given in that language or, when it has none there, in the language the site
falls back to (``MODELTRANSLATION_FALLBACK_LANGUAGES``), and the object says so in its
``fallbacks`` (``{"summary": "en"}``). ``?lang=all`` gives every translated text as an object
with one entry per language, each as written in that language (``""`` when it has none).
"""

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework.exceptions import ValidationError

from icc.templatetags.icc_tags import translated_value

ALL_LANGUAGES = "all"


def language_codes():
    """The site's languages, in the order of ``settings.LANGUAGES``."""
    return [code for code, _name in settings.LANGUAGES]


def unknown_language_message(value):
    return _("Unknown language “%(value)s”: use one of %(choices)s.") % {
        "value": value[:20],
        "choices": ", ".join([*language_codes(), ALL_LANGUAGES]),
    }


def requested_language(request):
    """The language code the answer is in, or ``"all"``; a 400 for an unknown ``lang``."""
    value = request.query_params.get("lang", "").strip()
    if value:
        code = value.lower()
        if code == ALL_LANGUAGES or code in language_codes():
            return code
        raise ValidationError({"lang": [unknown_language_message(value)]})
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            continue
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def text_in(instance, field, language):
    """``(text, fallback_language)``: the text of ``field`` for an answer in ``language``.

    ``fallback_language`` is None when the text is in ``language`` (or empty everywhere);
    with ``"all"`` the text is ``{code: text}`` for every language, never a fallback.
    """
    if language == ALL_LANGUAGES:
        return {
            code: getattr(instance, f"{field}_{code}", None) or "" for code in language_codes()
        }, None
    value, used = translated_value(instance, field, language)
    return value or "", (used if used not in (None, language) else None)
