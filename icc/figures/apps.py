from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """No models: maps and charts drawn from the other apps' published content."""

    name = "icc.figures"
    label = "figures"
    verbose_name = _("Maps and figures")
