"""Back-office of member cities and networks."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icc.admin_utils import (
    BilingualVersionAdmin,
    ImportExportMixin,
    PublishActionsMixin,
    UsedCountryListFilter,
    image_thumbnail,
)

from .models import City, Network, NetworkMembership
from .resources import CityResource, NetworkResource


@admin.register(City)
class CityAdmin(ImportExportMixin, PublishActionsMixin, BilingualVersionAdmin):
    resource_classes = [CityResource]
    list_display = (
        "name", "country", "status", "joined_year", "is_pilot", "is_published", "thumbnail",
    )  # fmt: skip
    list_filter = (
        "is_published",
        "status",
        "is_pilot",
        ("country", UsedCountryListFilter),
        "joined_year",
    )
    search_fields = ("name_en", "name_fr", "slug")
    autocomplete_fields = ("image", "documents", "coordinators")
    readonly_fields = ("image_preview",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "country",
                    "status",
                    "joined_year",
                    "is_pilot",
                )
            },
        ),
        (_("Profile"), {"fields": ("population", "website", "profile", "image", "image_preview")}),
        (_("Location"), {"fields": ("latitude", "longitude")}),
        (_("Documents and people"), {"fields": ("documents", "coordinators")}),
        (_("Publishing"), {"fields": ("is_published",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    @admin.display(description=_("image"))
    def thumbnail(self, city):
        return image_thumbnail(city.image, size=40)

    @admin.display(description=_("preview"))
    def image_preview(self, city):
        return image_thumbnail(city.image, size=200)


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 1
    autocomplete_fields = ("city",)


@admin.register(Network)
class NetworkAdmin(ImportExportMixin, PublishActionsMixin, BilingualVersionAdmin):
    resource_classes = [NetworkResource]
    inlines = [NetworkMembershipInline]
    list_display = (
        "name",
        "acronym",
        "kind",
        "country",
        "current_members",
        "is_published",
    )
    list_filter = ("is_published", "kind", ("country", UsedCountryListFilter))
    search_fields = ("name_en", "name_fr", "acronym_en", "acronym_fr", "slug")
    autocomplete_fields = ("documents",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "acronym",
                    "slug",
                    "kind",
                    "country",
                    "founded_year",
                )
            },
        ),
        (
            _("About"),
            {"fields": ("website", "coordinating_body", "description", "documents")},
        ),
        (_("Publishing"), {"fields": ("is_published",)}),
    )

    def get_queryset(self, request):
        today = timezone.localdate()
        current = (Q(memberships__joined__isnull=True) | Q(memberships__joined__lte=today)) & (
            Q(memberships__left__isnull=True) | Q(memberships__left__gt=today)
        )
        return (
            super()
            .get_queryset(request)
            .annotate(current_member_count=Count("memberships", filter=current, distinct=True))
        )

    @admin.display(description=_("members today"), ordering="current_member_count")
    def current_members(self, network):
        return network.current_member_count
