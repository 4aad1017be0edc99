"""Which models and fields are translated: read from django-modeltranslation's registry.

Every model registered in a ``translation.py`` is covered, with each of its text fields (a
field or model added later is covered without any change here).
"""

from django.conf import settings
from django.db import models
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname


def language_codes():
    """The site's languages, the source language (``settings.LANGUAGE_CODE``) first."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [settings.LANGUAGE_CODE] + [code for code in codes if code != settings.LANGUAGE_CODE]


def source_language():
    """The language every other one is translated from."""
    return settings.LANGUAGE_CODE


def translated_models():
    """Every concrete model with translated fields, in a stable order (by label)."""
    found = [
        model
        for model in translator.get_registered_models(abstract=False)
        if not model._meta.proxy and translated_fields(model)
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def translated_fields(model):
    """The names (without language) of ``model``'s translated text fields, in model order."""
    names = translator.get_options_for_model(model).fields
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.name in names and isinstance(field, (models.CharField, models.TextField))
    ]


def localized_name(field, language):
    return build_localized_fieldname(field, language)


def localized_fields(model):
    """``[(field, language, column), ...]`` of every language of every translated field."""
    return [
        (field, language, localized_name(field, language))
        for field in translated_fields(model)
        for language in language_codes()
    ]


def is_translated(model):
    return model in translated_models()


def model_by_label(label):
    """The translated model named ``app_label.model_name``, or None."""
    for model in translated_models():
        if model._meta.label_lower == str(label).lower():
            return model
    return None
