"""Back-office of the programme's pages: both languages, order, menu and footer, revisions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from icc.admin_utils import BilingualVersionAdmin, PublishActionsMixin

from .models import Page


@admin.register(Page)
class PageAdmin(PublishActionsMixin, BilingualVersionAdmin):
    list_display = (
        "title", "role", "position", "show_in_menu", "show_in_footer", "is_published", "updated_at",
    )  # fmt: skip
    # The secretariat orders the pages and places them in the menu and footer from the list.
    list_editable = ("position", "show_in_menu", "show_in_footer")
    list_filter = ("is_published", "show_in_menu", "show_in_footer", "role")
    search_fields = ("title_en", "title_fr", "summary_en", "summary_fr", "slug")
    readonly_fields = ("updated_at",)
    form_fieldsets = (
        (None, {"fields": ("title", "menu_title", "slug", "role", "summary", "body")}),
        (_("Place on the site"), {"fields": ("position", "show_in_menu", "show_in_footer")}),
        (_("Publishing"), {"fields": ("is_published", "updated_at")}),
    )
