"""Back-office of events."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from icc.admin_utils import (
    BilingualVersionAdmin,
    ImportExportMixin,
    PublishActionsMixin,
    UsedCountryListFilter,
    image_thumbnail,
)

from .models import Event
from .resources import EventResource


@admin.register(Event)
class EventAdmin(ImportExportMixin, PublishActionsMixin, BilingualVersionAdmin):
    resource_classes = [EventResource]
    list_display = (
        "title", "start_date", "end_date", "kind", "hosts", "country", "is_online",
        "is_published",
    )  # fmt: skip
    list_filter = (
        "is_published",
        "kind",
        "is_online",
        ("country", UsedCountryListFilter),
        "network",
    )
    search_fields = ("title_en", "title_fr", "place_en", "place_fr", "slug")
    date_hierarchy = "start_date"
    autocomplete_fields = ("host_cities", "network", "documents", "image")
    readonly_fields = ("image_preview",)
    # Named here rather than in ``fieldsets``: see ThroughManyToManyMixin (host_cities).
    form_fieldsets = (
        (None, {"fields": ("title", "slug", "kind")}),
        (
            _("When"),
            {"fields": ("start_date", "end_date", "start_time", "end_time", "time_zone")},
        ),
        (
            _("Where"),
            {"fields": ("host_cities", "place", "country", "is_online")},
        ),
        (
            _("About"),
            {"fields": ("network", "description", "image", "image_preview", "documents")},
        ),
        (
            _("Registration"),
            {"fields": ("registration_url", "registration_deadline", "interpretation_languages")},
        ),
        (_("Publishing"), {"fields": ("is_published",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("host_cities")

    @admin.display(description=_("host cities"))
    def hosts(self, event):
        return ", ".join(city.name for city in event.host_cities.all()) or "–"

    @admin.display(description=_("preview"))
    def image_preview(self, event):
        return image_thumbnail(event.image, size=200)
