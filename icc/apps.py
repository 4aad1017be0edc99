from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IccConfig(AppConfig):
    name = "icc"
    verbose_name = _("Site and shared content")

    def ready(self):
        from . import signals  # noqa: F401
        from .admin_utils import include_translation_fields_in_revisions
        from .caching import invalidation  # noqa: F401 - connects the page cache's receivers

        # Models register with django-reversion when imported, before modeltranslation adds
        # their title_en/title_fr columns: register those too, once every app is ready.
        include_translation_fields_in_revisions()
