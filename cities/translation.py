from modeltranslation.translator import TranslationOptions, register

from .models import City, Network


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "profile")
    required_languages = {"en": ("name",), "fr": ("name",)}


@register(Network)
class NetworkTranslationOptions(TranslationOptions):
    fields = ("name", "acronym", "coordinating_body", "description")
    required_languages = {"en": ("name",), "fr": ("name",)}
