"""Import/export of cities and networks (columns documented in docs/import-export.md)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from icc.admin_utils import (
    CountryWidget,
    PlainDecimalWidget,
    SlugForeignKeyWidget,
    TranslatedResourceMixin,
)
from practices.models import Topic

from .models import City, IndexAreaScore, IndexResult, Network, NetworkMembership


class CityResource(TranslatedResourceMixin, resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    latitude = fields.Field(
        attribute="latitude", column_name="latitude", widget=PlainDecimalWidget()
    )
    longitude = fields.Field(
        attribute="longitude", column_name="longitude", widget=PlainDecimalWidget()
    )

    class Meta:
        model = City
        fields = (
            "slug", "name_en", "name_fr", "country", "status", "joined_year", "is_pilot",
            "population", "website", "latitude", "longitude", "profile_en", "profile_fr",
            "is_published",
        )  # fmt: skip
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class MembersWidget(widgets.Widget):
    """A network's memberships as "city-slug:joined:left;..." (dates ISO, either may be empty)."""

    def clean(self, value, row=None, **kwargs):
        from .models import City

        entries = []
        for part in str(value or "").split(";"):
            part = part.strip()
            if not part:
                continue
            pieces = [piece.strip() for piece in part.split(":")]
            if len(pieces) != 3:
                raise ValueError(
                    _("Write each member as “city-slug:joined:left”, not “%(entry)s”.")
                    % {"entry": part}
                )
            slug, joined, left = pieces
            try:
                joined = datetime.date.fromisoformat(joined) if joined else None
                left = datetime.date.fromisoformat(left) if left else None
            except ValueError:
                raise ValueError(
                    _("Dates are written YYYY-MM-DD: “%(entry)s”.") % {"entry": part}
                ) from None
            if joined and left and left < joined:
                raise ValueError(
                    _("A city cannot leave a network before it joined: “%(entry)s”.")
                    % {"entry": part}
                )
            entries.append((slug, joined, left))
        known = set(
            City.objects.filter(slug__in=[e[0] for e in entries]).values_list("slug", flat=True)
        )
        unknown = sorted({e[0] for e in entries} - known)
        if unknown:
            raise ValueError(_("Unknown city slug(s): %(slugs)s.") % {"slugs": ", ".join(unknown)})
        return sorted(entries, key=lambda e: (e[0], str(e[1]), str(e[2])))

    def render(self, value, obj=None, **kwargs):
        # The column is filled by NetworkResource.dehydrate_members.
        return value or ""


def _members_entries(network):
    return (
        sorted((m.city.slug, m.joined, m.left) for m in network.memberships.all())
        if network.pk
        else []
    )


def members_text(network):
    """The "members" column of ``network``."""
    return ";".join(
        f"{slug}:{joined.isoformat() if joined else ''}:{left.isoformat() if left else ''}"
        for slug, joined, left in sorted(
            _members_entries(network), key=lambda e: (e[0], str(e[1]), str(e[2]))
        )
    )


class NetworkResource(TranslatedResourceMixin, resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    members = fields.Field(column_name="members", widget=MembersWidget())

    class Meta:
        model = Network
        fields = (
            "slug", "name_en", "name_fr", "acronym_en", "acronym_fr", "kind", "country",
            "founded_year", "website", "coordinating_body_en", "coordinating_body_fr",
            "description_en", "description_fr", "members", "is_published",
        )  # fmt: skip
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().prefetch_related("memberships__city")

    def dehydrate_members(self, network):
        return members_text(network)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "members" in row:
            try:
                self.fields["members"].widget.clean(row["members"])
            except ValueError as error:
                errors["members"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        if "members" not in row:
            return True
        wanted = self.fields["members"].widget.clean(row["members"])
        current = sorted(
            _members_entries(original) if original and original.pk else [],
            key=lambda e: (e[0], str(e[1]), str(e[2])),
        )
        return wanted == current

    def save_m2m(self, instance, row, **kwargs):
        if "members" in row:
            self._save_members(instance, row)
        super().save_m2m(instance, row, **kwargs)

    def _save_members(self, instance, row):
        wanted = self.fields["members"].widget.clean(row["members"])
        cities = {c.slug: c for c in City.objects.filter(slug__in=[e[0] for e in wanted])}
        with transaction.atomic():
            # Replace the memberships: the file is the whole truth for this network.
            instance.memberships.all().delete()
            NetworkMembership.objects.bulk_create(
                NetworkMembership(network=instance, city=cities[slug], joined=joined, left=left)
                for slug, joined, left in wanted
            )


# --- ICC Index results (helper "index"; issue 11, part 8) -------------------------------------
# One row per city and year in a wide format: city, year, overall_score, one column per policy
# area named by its topic's slug (or its name in either language, on import), is_published.


class ScoreWidget(widgets.IntegerWidget):
    """A score: a whole number from 0 to 100 ("72", or "72.0" from a spreadsheet); empty: none."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip()
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            number = None
        if number is None or not number.is_integer() or not 0 <= number <= 100:
            raise ValueError(
                _("A score is a whole number from 0 to 100, not “%(value)s”.") % {"value": text}
            )
        return int(number)


class AreaScoreField(fields.Field):
    """The score of one policy area: read from and written to the result's area scores."""

    def __init__(self, topic_id, slug):
        super().__init__(attribute=None, column_name=slug, widget=ScoreWidget())
        self.topic_id = topic_id

    def get_value(self, instance):
        pending = getattr(instance, "_pending_area_scores", None)
        if pending is not None and self.topic_id in pending:
            return pending[self.topic_id]
        return stored_area_scores(instance).get(self.topic_id)


def stored_area_scores(result):
    """``{topic id: score}`` saved for ``result`` (read once per instance)."""
    if result is None or result.pk is None:
        return {}
    if getattr(result, "_stored_area_scores", None) is None:
        result._stored_area_scores = {s.topic_id: s.score for s in result.area_scores.all()}
    return result._stored_area_scores


class IndexResultResource(TranslatedResourceMixin, resources.ModelResource):
    city = fields.Field(attribute="city", column_name="city", widget=SlugForeignKeyWidget(City))
    overall_score = fields.Field(
        attribute="overall_score", column_name="overall_score", widget=ScoreWidget()
    )

    class Meta:
        model = IndexResult
        fields = ("city", "year", "overall_score", "is_published")
        import_id_fields = ("city", "year")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.area_fields = []
        for topic in Topic.objects.order_by("position", "name"):
            if topic.slug in self.fields:
                continue  # a slug taken by a fixed column cannot name an area
            field = AreaScoreField(topic.pk, topic.slug)
            field.topic_names = {
                str(getattr(topic, f"name_{code}") or "").casefold() for code in ("en", "fr")
            }
            self.fields[topic.slug] = field
            self.area_fields.append(field)

    def _ordered(self):
        return ("city", "year", "overall_score", *(f.column_name for f in self.area_fields),
                "is_published")  # fmt: skip

    def get_import_order(self):
        return self._ordered()

    def get_export_order(self):
        return self._ordered()

    def get_queryset(self):
        return super().get_queryset().select_related("city").prefetch_related("area_scores")

    def before_import(self, dataset, **kwargs):
        """Name each area column by its topic's slug; refuse a column that is no column."""
        super().before_import(dataset, **kwargs)
        known = set(self._ordered())
        by_name = {name: f.column_name for f in self.area_fields for name in f.topic_names if name}
        headers, unknown = [], []
        for header in dataset.headers or []:
            name = str(header or "").strip()
            if name not in known and name.casefold() in by_name:
                name = by_name[name.casefold()]
            if name not in known:
                unknown.append(name)
            headers.append(name)
        if unknown:
            raise ValueError(
                _("Unknown column(s): %(columns)s. The columns are city, year, overall_score, "
                  "is_published and one per policy area (a topic's slug or name).")
                % {"columns": ", ".join(f"“{name}”" for name in unknown)}
            )  # fmt: skip
        dataset.headers = headers

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        pending = {}
        for field in self.area_fields:
            if field.column_name not in row:
                continue  # an area the file does not mention keeps its score
            try:
                pending[field.topic_id] = field.clean(row)
            except ValueError as error:
                errors[field.column_name] = [str(error)]
        instance._pending_area_scores = pending
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs):
        dry_run = self._is_dry_run(kwargs)
        if not (dry_run and not self._is_using_transactions(kwargs)):
            self._save_area_scores(instance)
        super().save_m2m(instance, row, **kwargs)

    def _save_area_scores(self, instance):
        pending = getattr(instance, "_pending_area_scores", None) or {}
        stored = {score.topic_id: score for score in instance.area_scores.all()}
        for topic_id, value in pending.items():
            current = stored.get(topic_id)
            if value is None:
                if current is not None:
                    current.delete()  # an empty cell: the area has no score
            elif current is None:
                IndexAreaScore.objects.create(result=instance, topic_id=topic_id, score=value)
            elif current.score != value:
                current.score = value
                current.save(update_fields=["score"])
        instance._stored_area_scores = None
        if hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache.pop("area_scores", None)


# --- end of ICC Index results ----------------------------------------------------------------
