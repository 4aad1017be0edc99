"""Import/export of news items (columns documented in docs/import-export.md)."""

from import_export import fields, resources

from cities.models import City, Network
from events.models import Event
from icc.admin_utils import SlugListWidget, TranslatedResourceMixin
from practices.models import Topic

from .models import NewsItem


class NewsItemResource(TranslatedResourceMixin, resources.ModelResource):
    cities = fields.Field(attribute="cities", column_name="cities", widget=SlugListWidget(City))
    topics = fields.Field(attribute="topics", column_name="topics", widget=SlugListWidget(Topic))
    networks = fields.Field(
        attribute="networks", column_name="networks", widget=SlugListWidget(Network)
    )
    events = fields.Field(attribute="events", column_name="events", widget=SlugListWidget(Event))

    class Meta:
        model = NewsItem
        fields = (
            "slug", "title_en", "title_fr", "date", "lead_en", "lead_fr", "body_en", "body_fr",
            "cities", "networks", "events", "topics", "is_published",
        )  # fmt: skip
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().prefetch_related("cities", "networks", "events", "topics")
