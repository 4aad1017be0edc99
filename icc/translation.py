from modeltranslation.translator import TranslationOptions, register

from .models import Document, Image


@register(Image)
class ImageTranslationOptions(TranslationOptions):
    fields = ("alt_text",)


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
