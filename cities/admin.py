"""Back-office of member cities and networks."""

from django.contrib import admin
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icc.admin_utils import (
    BilingualVersionAdmin,
    ImportExportMixin,
    PublishActionsMixin,
    UsedCountryListFilter,
    VersionAdmin,
    image_thumbnail,
)
from practices.models import Topic

from .models import City, IndexAreaScore, IndexResult, Network, NetworkMembership
from .resources import CityResource, IndexResultResource, NetworkResource


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


# --- ICC Index results (helper "index"; issue 11, part 8) -------------------------------------


class IndexAreaScoreFormSet(BaseInlineFormSet):
    """A new result offers one row per policy area (the taxonomy's topics), in their order; a
    row left without a score is not saved."""

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        if instance is None or instance.pk is None:
            kwargs.setdefault("initial", [{"topic": pk} for pk in area_topic_ids()])
        super().__init__(*args, **kwargs)


def area_topic_ids():
    return list(Topic.objects.order_by("position", "name").values_list("pk", flat=True))


class IndexAreaScoreInline(admin.TabularInline):
    model = IndexAreaScore
    formset = IndexAreaScoreFormSet
    fields = ("topic", "score")

    def get_extra(self, request, obj=None, **kwargs):
        return len(area_topic_ids()) if obj is None else 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("topic")


@admin.register(IndexResult)
class IndexResultAdmin(ImportExportMixin, PublishActionsMixin, VersionAdmin):
    resource_classes = [IndexResultResource]
    inlines = [IndexAreaScoreInline]
    list_display = ("city", "year", "overall_score", "area_count", "is_published")
    list_filter = ("is_published", "year")
    search_fields = ("city__name_en", "city__name_fr", "city__slug")
    autocomplete_fields = ("city",)
    fields = ("city", "year", "overall_score", "is_published")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("city")
            .annotate(area_score_count=Count("area_scores"))
        )

    @admin.display(description=_("policy areas scored"), ordering="area_score_count")
    def area_count(self, result):
        return result.area_score_count


# --- end of ICC Index results ----------------------------------------------------------------
