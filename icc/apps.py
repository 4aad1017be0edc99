from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IccConfig(AppConfig):
    name = "icc"
    verbose_name = _("Site and shared content")

    def ready(self):
        from . import signals  # noqa: F401
