from modeltranslation.translator import TranslationOptions, register

from .models import Practice, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "fr")


@register(Practice)
class PracticeTranslationOptions(TranslationOptions):
    # Coordinators may leave either language for the secretariat to complete: at least one
    # title is required to save (forms), both to publish (practices.services).
    fields = ("title", "period") + Practice.SECTION_FIELDS
    required_languages = ()
