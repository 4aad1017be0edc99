from modeltranslation.translator import TranslationOptions, register

from .models import NewsItem, NewsVideo


@register(NewsItem)
class NewsItemTranslationOptions(TranslationOptions):
    fields = ("title", "lead", "body")
    required_languages = {"en": ("title",), "fr": ("title",)}


@register(NewsVideo)
class NewsVideoTranslationOptions(TranslationOptions):
    fields = ("title",)
