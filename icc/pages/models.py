"""The programme's own pages, written and ordered by the secretariat in both languages."""

import reversion
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icc.models import PublishableModel, PublishableQuerySet, SluggedModel
from icc.sanitize import sanitize_html


class PageQuerySet(PublishableQuerySet):
    def in_menu_order(self):
        """As the secretariat ordered them (``position``), then oldest first."""
        return self.order_by("position", "pk")


@reversion.register()
class Page(SluggedModel, PublishableModel):
    """An institutional page: about the programme, how to join, contact, legal notice...

    ``role`` names the page templates and other pages link to (the accessibility statement
    from the footer, say) whatever its title or slug; at most one page holds each role.
    """

    class Role(models.TextChoices):
        ABOUT = "about", _("About the programme")
        JOIN = "join", _("How to join")
        INDEX = "index", _("The ICC Index")
        CONTACT = "contact", _("Contact")
        LEGAL = "legal", _("Legal notice")
        PRIVACY = "privacy", _("Privacy")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    NOT_ON_CARDS = ("body",)  # menus and the list of pages show titles and summaries only

    title = models.CharField(_("title"), max_length=200)
    menu_title = models.CharField(
        _("title in menus"),
        max_length=60,
        blank=True,
        help_text=_("A shorter title for the menu and the footer; the title if empty."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role,
        blank=True,
        help_text=_(
            "Which of the programme's known pages this is, so that the site can link to it "
            "(the footer links the accessibility statement, for instance). At most one page "
            "per role."
        ),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences: shown under the title, in the list of pages and to "
                    "search engines."),
    )  # fmt: skip
    body = models.TextField(
        _("body"), blank=True,
        help_text=_("Formatted text (HTML): paragraphs, links, lists. Anything unsafe is removed."),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=100,
        help_text=_("Pages are listed in the menu and the footer from the lowest number up."),
    )
    show_in_menu = models.BooleanField(
        _("show in the menu"), default=False, help_text=_("Linked from the top of every page.")
    )
    show_in_footer = models.BooleanField(
        _("show in the footer"), default=True, help_text=_("Linked from the foot of every page.")
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["role"], condition=~models.Q(role=""), name="page_role_unique"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for code, _name in settings.LANGUAGES:
            field = f"body_{code}"
            setattr(self, field, sanitize_html(getattr(self, field, "")))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:page_detail", kwargs={"slug": self.slug})

    @property
    def updated_on(self):
        """The day of the last change, in the site's time zone ("Last updated" on the page)."""
        return timezone.localdate(self.updated_at) if self.updated_at else None
