"""Import/export of cities and networks (columns documented in docs/import-export.md)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from icc.admin_utils import (
    CountryWidget,
    PlainDecimalWidget,
    TranslatedResourceMixin,
)

from .models import City, Network, NetworkMembership


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
