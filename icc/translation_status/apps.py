from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationStatusConfig(AppConfig):
    """When each language of each translated field was last written, and what is out of date."""

    name = "icc.translation_status"
    label = "translation_status"
    verbose_name = _("Translation status")

    def ready(self):
        # After modeltranslation (first in INSTALLED_APPS) has read every translation.py.
        from . import stamps

        stamps.connect_receivers()
