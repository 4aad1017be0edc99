"""Import/export of good practices (columns documented in docs/import-export.md).

``PracticeResource`` is the everyday file: ``status`` is exported for information but never
imported, so imported practices start as drafts and a status changes only through
practices.services. ``PublishedPracticeResource`` is the secretariat's, for moving another
site's practices in: its ``status`` and ``published_at`` columns publish a practice with its
original date (``services.practice_import_published``: logged, nobody e-mailed).

Topics and cities are written by slug or by name in any language of the site.
"""

import datetime
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from cities.models import City
from icc.admin_utils import CountryWidget, SlugListWidget, TranslatedResourceMixin

from . import services
from .models import Practice, Topic

TRANSLATED_FIELDS = ("title", "period") + Practice.SECTION_FIELDS


def lookup_key(text):
    """``text`` as a reader means it: no case, accents, curly apostrophes, hyphens or runs of spaces.

    "Médiation et résolution des conflits", "mediation et resolution des conflits" and the slug
    "mediation-and-conflict-resolution" each match what they name.
    """
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(re.sub(r"[-_\s]+", " ", text).split())


class NameOrSlugListWidget(SlugListWidget):
    """A many-to-many column of slugs or names (in any language of the site), ";" or "," between.

    A name that itself holds a comma is still found: the longest run of parts that names
    something wins. Exported as sorted slugs, like ``SlugListWidget``. The names are read once
    per import (``reset()``), so a file of hundreds of rows costs no query per row.
    """

    name_field = "name"

    def __init__(self, model, **kwargs):
        super().__init__(model, **kwargs)
        self._lookup = None

    def reset(self):
        self._lookup = None

    def lookup(self):
        if self._lookup is None:
            names = [f"{self.name_field}_{code}" for code, _language in settings.LANGUAGES]
            lookup = {}
            for obj in self.model.objects.only("pk", "slug", *names):
                for value in [obj.slug, *(getattr(obj, name) for name in names)]:
                    if value:
                        lookup.setdefault(lookup_key(value), {})[obj.pk] = obj
            self._lookup = lookup
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return []
        lookup = self.lookup()
        pieces = re.split(r"([;,])", str(value))
        parts, separators = pieces[0::2], pieces[1::2]
        found, unknown, ambiguous = {}, [], []
        start = 0
        while start < len(parts):
            for end in range(len(parts), start, -1):
                text = "".join(
                    part + (separators[index] if index < end - 1 else "")
                    for index, part in enumerate(parts[start:end], start)
                )
                matches = lookup.get(lookup_key(text))
                if matches:
                    break
            else:
                end, text, matches = start + 1, parts[start], None
            start = end
            if matches is None:
                if text.strip():
                    unknown.append(f"“{text.strip()}”")
            elif len(matches) > 1:
                ambiguous.append(
                    _("“%(name)s” (%(slugs)s)")
                    % {
                        "name": text.strip(),
                        "slugs": ", ".join(sorted(obj.slug for obj in matches.values())),
                    }
                )
            else:
                obj = next(iter(matches.values()))
                found[obj.pk] = obj
        problems = []
        plural = self.model._meta.verbose_name_plural
        if unknown:
            problems.append(
                _("Unknown %(model)s: %(names)s (write a slug or a name in English or French).")
                % {"model": plural, "names": ", ".join(unknown)}
            )
        if ambiguous:
            problems.append(
                _("Several %(model)s have this name, write the slug: %(names)s.")
                % {"model": plural, "names": "; ".join(ambiguous)}
            )
        if problems:
            raise ValueError(" ".join(problems))
        return list(found.values())


class LoadedRelationsDiff(resources.Diff):
    """The preview of a row, with the relations of the practice as loaded (see ``diff_values``)."""

    def __init__(self, resource, instance, new):
        self.left = resource.diff_values(instance)
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        self.right = resource.diff_values(instance)


class PracticeResource(TranslatedResourceMixin, resources.ModelResource):
    cities = fields.Field(
        attribute="cities", column_name="cities", widget=NameOrSlugListWidget(City)
    )
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    topics = fields.Field(
        attribute="topics", column_name="topics", widget=NameOrSlugListWidget(Topic)
    )
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
        # The practices of the file are read in one query (with their cities and topics), not
        # one per row.
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().prefetch_related("cities", "topics")

    def get_diff_class(self):
        return LoadedRelationsDiff

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        if not new:
            self.loaded[instance.pk] = instance
        return instance, new

    def diff_values(self, instance):
        """The cells of ``instance`` for the preview, its relations read from the loaded practice.

        django-import-export compares a deep copy of the practice, which has lost the cities
        and topics prefetched by ``get_queryset``: reading them again would cost two queries
        per row. Until the row saves its relations, the loaded practice still holds them.
        """
        values = []
        for field in self.get_import_fields():
            source = instance
            if isinstance(field.widget, widgets.ManyToManyWidget) and instance.pk is not None:
                source = self.loaded.get(instance.pk, instance)
            values.append(field.export(source))
        return values

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.loaded = {}
        # Topics or cities added since the last import are found by name too.
        for field in self.fields.values():
            if isinstance(field.widget, NameOrSlugListWidget):
                field.widget.reset()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """django-import-export's comparison, with relations read from the loaded practice.

        ``original`` is a copy that lost the relations prefetched by ``get_queryset``; asking it
        would cost two queries per row. ``instance`` still has them: they are saved after this.
        """
        if not self._meta.skip_unchanged or self._meta.skip_diff or import_validation_errors:
            return False
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.column_name not in row:
                    continue
                wanted = {obj.pk for obj in field.clean(row)}
                stored = set()
                if instance.pk is not None:
                    stored = {obj.pk for obj in field.get_value(instance).all()}
                if wanted != stored:
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def import_instance(self, instance, row, **kwargs):
        # A translated text never written is NULL and an empty cell reads as "": the same to a
        # reader, so a re-imported export (every column present) must not count it a change.
        never_written = [
            field.attribute
            for field in self.get_import_fields()
            if field.attribute
            and not isinstance(field.widget, widgets.ManyToManyWidget)
            and getattr(instance, field.attribute, "") is None
        ]
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            for name in never_written:
                if getattr(instance, name) == "":
                    setattr(instance, name, None)


# --- Moving a site's practices in (issue 11, "import"): published, with original dates ------


class PublicationDateWidget(widgets.Widget):
    """A publication moment: ``YYYY-MM-DD`` (noon, site time) or a date and time.

    A date alone is read as noon in the site's time zone, so that it stays the same day
    wherever a feed reader or an API client shows it. Exported as the date alone when it is
    noon exactly, otherwise in ISO 8601 with its offset (and microseconds, if any), so that a
    file exported and imported again gives back the same moment.
    """

    DATE_ONLY_TIME = datetime.time(12)

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        day, moment = None, None
        if isinstance(value, datetime.datetime):
            # A spreadsheet's date cell is a datetime at midnight: a date alone.
            if value.time() == datetime.time() and value.tzinfo is None:
                day = value.date()
            else:
                moment = value
        elif isinstance(value, datetime.date):
            day = value
        else:
            text = str(value).strip()
            try:
                day = parse_date(text)
                moment = None if day else parse_datetime(text)
            except ValueError:
                pass
            if day is None and moment is None:
                raise ValueError(
                    _(
                        "“%(value)s” is not a date (YYYY-MM-DD) or a date and time "
                        "(YYYY-MM-DD HH:MM)."
                    )
                    % {"value": text}
                )
        now = timezone.now()
        if day is not None:
            if day > timezone.localdate(now):
                moment = now + datetime.timedelta(days=1)  # refused below
            else:
                # Today's date, imported in the morning, is published now.
                noon = timezone.make_aware(datetime.datetime.combine(day, self.DATE_ONLY_TIME))
                moment = min(noon, now)
        elif timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        if moment > now:
            raise ValueError(
                _("“%(value)s” is in the future: a publication date must be past.")
                % {"value": value}
            )
        return moment

    @staticmethod
    def is_date_only(value):
        if isinstance(value, datetime.datetime):
            return value.time() == datetime.time() and value.tzinfo is None
        if isinstance(value, datetime.date):
            return True
        try:
            return parse_date(str(value or "").strip()) is not None
        except ValueError:
            return False

    def same_moment(self, value, moment, stored):
        """Whether the cell ``value`` (read as ``moment``) names the ``stored`` moment.

        A date alone names its whole day: a practice published that day keeps its time.
        """
        if stored is None:
            return False
        if self.is_date_only(value):
            return timezone.localdate(stored) == timezone.localdate(moment)
        return moment == stored

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        local = timezone.localtime(value)
        if local.time() == self.DATE_ONLY_TIME:
            return local.date().isoformat()
        return local.isoformat(sep=" ")


Status = Practice.Status


class PublishedPracticeResource(PracticeResource):
    """Practices moved in from another site, published with their original publication date.

    For the secretariat (the command line, or the admin import for reviewers): ``status``
    ``published`` publishes a new practice, or a draft, through
    ``services.practice_import_published`` (a Transition "Imported from a file" with who and
    when, no e-mail); ``published_at`` is its original date (empty: now), and corrects the date
    of a practice already published. Any other change of status is a row error: the review
    actions of the admin make those.
    """

    published_at = fields.Field(
        attribute="published_at",
        column_name="published_at",
        widget=PublicationDateWidget(),
        readonly=True,
    )

    class Meta(PracticeResource.Meta):
        name = gettext_lazy("Good practices, published with their original dates (secretariat)")
        fields = PracticeResource.Meta.fields + ("published_at",)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.published_count = 0

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance._import_publication = None
        instance._import_created = instance.pk is None
        try:
            instance._import_publication = self.publication_asked(
                instance, row, errors, user=kwargs.get("user")
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def publication_asked(self, instance, row, errors, *, user):
        """The publication moment this row asks for, or None; ValidationError if it may not."""
        status = str(row.get("status") or "").strip().lower()
        if status and status not in Status.values:
            raise ValidationError(
                {
                    "status": _("Unknown status “%(value)s”: write “draft” or “published”.")
                    % {"value": status}
                }
            )
        try:
            moment = self.fields["published_at"].clean(row) if "published_at" in row else None
        except ValueError as error:
            raise ValidationError({"published_at": str(error)}) from None
        current = instance.status
        if current == Status.PUBLISHED and status in ("", current):
            # The public page must keep what publishing required (both titles, a topic).
            missing = self.missing_for_publication(instance, row, errors)
            if missing:
                raise ValidationError(
                    {
                        NON_FIELD_ERRORS: _("A published practice needs %(missing)s.")
                        % {"missing": ", ".join(missing)}
                    }
                )
        if not status or status == current:
            widget = self.fields["published_at"].widget
            if (
                current == Status.PUBLISHED
                and moment
                and not widget.same_moment(row["published_at"], moment, instance.published_at)
            ):
                self.check_user(user)
                return moment
            return None
        if status == Status.PUBLISHED and current == Status.DRAFT:
            self.check_user(user)
            missing = self.missing_for_publication(instance, row, errors)
            if missing:
                raise ValidationError(
                    {
                        "status": _("This practice cannot be published yet: it needs %(missing)s.")
                        % {"missing": ", ".join(missing)}
                    }
                )
            return moment or timezone.now()
        if instance.pk is None:
            message = _(
                "A new practice is imported as “draft” or “published”, not “%(value)s”."
            ) % {"value": status}
        else:
            message = _(
                "This practice is “%(current)s”: an import does not make it “%(value)s”; "
                "use the review actions in the admin, or write its current status."
            ) % {"current": Status(current).label, "value": Status(status).label}
        raise ValidationError({"status": message})

    @staticmethod
    def check_user(user):
        if user is not None and not services.user_is_secretariat(user):
            raise ValidationError(
                {"status": _("Only the secretariat may import practices as published.")}
            )

    def missing_for_publication(self, instance, row, errors):
        """``services.missing_for_publication`` for a row not saved yet (its topics are in ``row``)."""
        missing = []
        for code, name in settings.LANGUAGES:
            if not getattr(instance, f"title_{code}", "") and f"title_{code}" not in errors:
                missing.append(_("a title in %(language)s") % {"language": _(name)})
        if "topics" in errors:
            return missing
        if "topics" in row:
            has_topics = bool(self.fields["topics"].clean(row))
        else:
            has_topics = instance.pk is not None and instance.topics.exists()
        if not has_topics:
            missing.append(_("at least one topic"))
        return missing

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if getattr(instance, "_import_publication", None) is not None:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        moment = getattr(instance, "_import_publication", None)
        if moment is None:
            return
        step = services.practice_import_published(
            practice=instance,
            user=kwargs.get("user"),
            published_at=moment,
            created=instance._import_created,
        )
        instance.status, instance.published_at = Status.PUBLISHED, moment
        if step is not None:
            self.published_count += 1
