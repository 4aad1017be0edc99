from modeltranslation.translator import TranslationOptions, register

from .models import Page


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "menu_title", "summary", "body")
    required_languages = {"en": ("title",), "fr": ("title",)}
