from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The programme's own pages: about, how to join, the ICC Index, contact, legal notices."""

    name = "icc.pages"
    label = "pages"
    verbose_name = _("Programme pages")
