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
    fields += Practice.CONTACT_TRANSLATED_FIELDS  # "contact": the contact's role, organisation
    required_languages = ()


# --- "transfer": the note of a city's adaptation of a practice ---------------------------------
from .models import Adaptation  # noqa: E402 - kept with its options in this delimited block


@register(Adaptation)
class AdaptationTranslationOptions(TranslationOptions):
    fields = ("note",)
    required_languages = ()


# --- end of "transfer" ---
