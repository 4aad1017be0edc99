"""Import/export of events (columns documented in docs/import-export.md)."""

from import_export import fields, resources

from cities.models import City, Network
from icc.admin_utils import (
    CommaListWidget,
    CountryWidget,
    SlugForeignKeyWidget,
    SlugListWidget,
    TranslatedResourceMixin,
)

from .models import Event


class EventResource(TranslatedResourceMixin, resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    host_cities = fields.Field(
        attribute="host_cities", column_name="host_cities", widget=SlugListWidget(City)
    )
    network = fields.Field(
        attribute="network", column_name="network", widget=SlugForeignKeyWidget(Network)
    )
    interpretation_languages = fields.Field(
        attribute="interpretation_languages",
        column_name="interpretation_languages",
        widget=CommaListWidget(),
    )

    class Meta:
        model = Event
        fields = (
            "slug", "title_en", "title_fr", "kind", "start_date", "end_date", "start_time",
            "end_time", "time_zone", "host_cities", "place_en", "place_fr", "country",
            "is_online", "network", "description_en", "description_fr", "registration_url",
            "registration_deadline", "interpretation_languages", "is_published",
        )  # fmt: skip
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("network").prefetch_related("host_cities")
