"""Import/export of good practices (columns documented in docs/import-export.md).

``status`` is exported for information but never imported: a practice's status changes only
through practices.services. Imported practices start as drafts; the secretariat publishes them
from the admin (the "Publish selected practices" action goes through the services too).
"""

from import_export import fields, resources

from cities.models import City
from icc.admin_utils import CountryWidget, SlugListWidget, TranslatedResourceMixin

from .models import Practice, Topic

TRANSLATED_FIELDS = ("title", "period") + Practice.SECTION_FIELDS


class PracticeResource(TranslatedResourceMixin, resources.ModelResource):
    cities = fields.Field(attribute="cities", column_name="cities", widget=SlugListWidget(City))
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    topics = fields.Field(attribute="topics", column_name="topics", widget=SlugListWidget(Topic))
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta:
        model = Practice
        fields = (
            ("slug", "title_en", "title_fr", "cities", "country", "topics")
            + ("period_en", "period_fr", "first_year", "last_year", "is_ongoing")
            + tuple(f"{name}_{code}" for name in Practice.SECTION_FIELDS for code in ("en", "fr"))
            + ("status",)
        )
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().prefetch_related("cities", "topics")
