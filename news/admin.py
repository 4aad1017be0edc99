"""Back-office of news items."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from icc.admin_utils import (
    BilingualVersionAdmin,
    ImportExportMixin,
    PublishActionsMixin,
    image_thumbnail,
)

from .models import NewsItem, NewsVideo
from .resources import NewsItemResource


class NewsVideoInline(TranslationTabularInline):
    model = NewsVideo
    extra = 0


@admin.register(NewsItem)
class NewsItemAdmin(ImportExportMixin, PublishActionsMixin, BilingualVersionAdmin):
    resource_classes = [NewsItemResource]
    inlines = [NewsVideoInline]
    list_display = ("title", "date", "thumbnail", "is_published")
    list_filter = ("is_published", "topics", "networks")
    search_fields = ("title_en", "title_fr", "lead_en", "lead_fr", "slug")
    date_hierarchy = "date"
    autocomplete_fields = ("image", "cities", "networks", "events", "topics", "documents")
    readonly_fields = ("image_preview",)
    # Named here rather than in ``fieldsets``: see ThroughManyToManyMixin (cities, topics).
    form_fieldsets = (
        (None, {"fields": ("title", "slug", "date", "lead", "body")}),
        (_("Image"), {"fields": ("image", "image_preview")}),
        (_("Related"), {"fields": ("cities", "networks", "events", "topics", "documents")}),
        (_("Publishing"), {"fields": ("is_published",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    @admin.display(description=_("image"))
    def thumbnail(self, item):
        return image_thumbnail(item.image, size=40)

    @admin.display(description=_("preview"))
    def image_preview(self, item):
        return image_thumbnail(item.image, size=200)
