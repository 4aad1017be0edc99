"""What every admin of the back-office shares: bilingual tabs, revisions, relations, publishing.

Each content admin is a reversion ``CompareVersionAdmin`` (history, compare, revert, recover
deleted) with modeltranslation's English/French tabs, served from local static files only.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import BadRequest, ValidationError
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from import_export import admin as import_export_admin
from import_export import widgets as import_export_widgets
from modeltranslation import settings as modeltranslation_settings
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion_compare.admin import CompareVersionAdmin

from icc.tasks.indexing import bulk_indexing

# One change-list template offering the add link, import/export and "recover deleted".
CHANGE_LIST_TEMPLATE = "admin/icc/change_list.html"

# modeltranslation's tabs need jQuery UI's tabs widget, which its TabbedTranslationAdmin loads
# from a CDN; the back-office must work offline and leak nothing to third parties, so the admins
# extend TranslationAdmin (the same class without that Media) with a small local implementation
# of the same API (static/icc_admin/js/tabs.js), which also switches every EN/FR group at once.
TABS_MEDIA_JS = (
    "admin/js/jquery.init.js",
    "modeltranslation/js/force_jquery.js",
    "icc_admin/js/tabs.js",
    "modeltranslation/js/tabbed_translation_fields.js",
)
TABS_MEDIA_CSS = {
    "all": ("modeltranslation/css/tabbed_translation_fields.css", "icc_admin/css/admin.css")
}


class LocalTabsMedia:
    """The tabs' scripts and styles, added to (never replacing) the admin's own scripts.

    ``extend = False`` here once dropped jQuery, actions.js, prepopulate.js, the related-object
    popups and the calendar's core.js from every content admin page.
    """

    js = TABS_MEDIA_JS
    css = TABS_MEDIA_CSS


class ThroughManyToManyMixin:
    """Make many-to-many fields with an explicit ``through`` model editable.

    Django's admin hides them because a through model may need extra data; ours hold only the
    two keys, so ``ManyRelatedManager.set()`` (used by ``ModelForm.save_m2m``) fills them.
    Such fields cannot be named in a class-level ``fieldsets`` (system check admin.E013), so
    admins list their layout in ``form_fieldsets``, returned by ``get_fieldsets``.
    """

    form_fieldsets = None

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.remote_field.through._meta.auto_created:
            return super().formfield_for_manytomany(db_field, request, **kwargs)
        db = kwargs.get("using")
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(db_field, self.admin_site, using=db)
        if "queryset" not in kwargs:
            queryset = self.get_field_queryset(db, db_field, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return db_field.formfield(**kwargs)

    def get_fieldsets(self, request, obj=None):
        if self.form_fieldsets:
            # modeltranslation replaces "title" by "title_en", "title_fr".
            return self._patch_fieldsets(self.form_fieldsets)
        return super().get_fieldsets(request, obj)


class UsedCountryListFilter(admin.AllValuesFieldListFilter):
    """A country filter offering only the countries in use, by name in the reader's language."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = sorted(
            (code for code in self.lookup_choices if code), key=lambda code: countries.name(code)
        )

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] in self.lookup_choices:
                choice = {**choice, "display": countries.name(choice["display"])}
            yield choice


class ImportExportMixin(import_export_admin.ImportExportMixin):
    """django-import-export's buttons, rendered by the one change list (CHANGE_LIST_TEMPLATE).

    Listed before the version admins, the library's mixin would otherwise wrap that template
    in its own and show every import/export button twice.
    """

    import_export_change_list_template = CHANGE_LIST_TEMPLATE

    def process_import(self, request, **kwargs):
        # The imported rows are re-indexed for search by one background task, not row by row.
        with bulk_indexing():
            return super().process_import(request, **kwargs)

    def get_export_queryset(self, request):
        # The export builds a change list from the query string; an unknown filter or order is
        # the client's error (Django's own change list redirects with ?e=1), never a 500.
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters as error:
            raise BadRequest(str(error)) from error


class BilingualVersionAdmin(ThroughManyToManyMixin, CompareVersionAdmin, TranslationAdmin):
    """Base admin of translated content: revisions, compare, recover deleted, EN/FR tabs."""

    change_list_template = CHANGE_LIST_TEMPLATE
    # Show at most this many rows per page: the change lists stay fast with ~400 practices.
    list_per_page = 50

    Media = LocalTabsMedia

    def response_action(self, request, queryset):
        # Bulk actions (publish, unpublish, merge...) re-index the items in one background task.
        with bulk_indexing():
            return super().response_action(request, queryset)

    def get_prepopulated_fields(self, request, obj=None):
        """On the add form, the slug follows the English title (or name) as it is typed.

        The model names the source of its slug (``SluggedModel.slug_source_field``); an existing
        object keeps its slug, so a public address never changes when a title is edited.
        """
        prepopulated = dict(super().get_prepopulated_fields(request, obj))
        source = getattr(self.model, "slug_source_field", None)
        if obj is None and source and "slug" not in self.get_readonly_fields(request, obj):
            language = modeltranslation_settings.DEFAULT_LANGUAGE
            prepopulated.setdefault("slug", (build_localized_fieldname(source, language),))
        return prepopulated


class VersionAdmin(ThroughManyToManyMixin, CompareVersionAdmin):
    """Base admin of untranslated models: revisions, compare, recover deleted."""

    change_list_template = CHANGE_LIST_TEMPLATE
    list_per_page = 50


def save_with_revision(objects, *, user, comment, fields):
    """Save ``fields`` of each object (signals run, unlike ``update()``) in one revision."""
    with transaction.atomic(), reversion.create_revision():
        for obj in objects:
            obj.save(update_fields=fields)
        reversion.set_user(user)
        reversion.set_comment(comment)


class PublishActionsMixin:
    """Bulk actions "publish" / "unpublish" for models with ``is_published``."""

    actions = ["publish_selected", "unpublish_selected"]

    def _set_published(self, request, queryset, value):
        changed = [obj for obj in queryset if obj.is_published != value]
        for obj in changed:
            obj.is_published = value
        comment = str(_("Published") if value else _("Unpublished"))
        save_with_revision(
            changed, user=request.user, comment=comment, fields=["is_published", "updated_at"]
        )
        return len(changed)

    @admin.action(description=_("Publish selected %(verbose_name_plural)s"), permissions=["change"])
    def publish_selected(self, request, queryset):
        count = self._set_published(request, queryset, True)
        self.message_user(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish selected %(verbose_name_plural)s"), permissions=["change"]
    )
    def unpublish_selected(self, request, queryset):
        count = self._set_published(request, queryset, False)
        self.message_user(
            request,
            ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", count)
            % {"count": count},
            messages.SUCCESS,
        )


THUMBNAIL_SIZES = (40, 80, 200)  # CSS classes in static/icc_admin/css/admin.css


def image_thumbnail(image, size=80):
    """An <img> preview of an icc.Image (or nothing), with its alternative text.

    Sized by a class, not a style attribute, which the Content-Security-Policy blocks.
    """
    if not image or not image.file:
        return "–"
    size = min(THUMBNAIL_SIZES, key=lambda known: abs(known - size))
    return format_html(
        '<img src="{}" alt="{}" class="icc-thumbnail icc-thumbnail-{}">',
        image.file.url,
        image.alt_text or "",
        size,
    )


class ActionCommentForm(forms.Form):
    """The intermediate form of an admin action that may take a comment."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
    )


# --- Import/export (django-import-export) ----------------------------------------------------
# Relations are written by slug (and countries by ISO code) so that files are readable and
# stable across databases; an unknown slug is a row error naming it, never a crash.


class SlugForeignKeyWidget(import_export_widgets.ForeignKeyWidget):
    """A foreign key written as the related object's slug."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip() if isinstance(value, str) else value
        if not value:
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(slug=value)
        except self.model.DoesNotExist:
            raise ValueError(
                _("Unknown %(model)s slug: “%(slug)s”.")
                % {"model": self.model._meta.verbose_name, "slug": value}
            ) from None


class SlugListWidget(import_export_widgets.ManyToManyWidget):
    """A many-to-many relation written as comma-separated slugs, sorted for stable files."""

    def __init__(self, model, **kwargs):
        super().__init__(model, separator=",", field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return self.model.objects.none()
        slugs = list(dict.fromkeys(s.strip() for s in str(value).split(",") if s.strip()))
        found = self.model.objects.filter(slug__in=slugs)
        unknown = sorted(set(slugs) - {obj.slug for obj in found})
        if unknown:
            raise ValueError(
                _("Unknown %(model)s slug(s): %(slugs)s.")
                % {"model": self.model._meta.verbose_name, "slugs": ", ".join(unknown)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ",".join(sorted(related.slug for related in value.all()))


class CountryWidget(import_export_widgets.CharWidget):
    """A country as its ISO 3166 code ("PT"); an unknown code is a row error."""

    def clean(self, value, row=None, **kwargs):
        from django_countries import countries

        code = (str(value or "")).strip().upper()
        if code and code not in dict(countries):
            raise ValueError(_("Unknown country code: “%(code)s”.") % {"code": code})
        return code

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


class PlainDecimalWidget(import_export_widgets.DecimalWidget):
    """A decimal written with a dot whatever the interface language (no "38,7" in French)."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return value
        return str(value)


class CommaListWidget(import_export_widgets.Widget):
    """A JSON list of codes (e.g. interpretation languages) written as "en,fr"."""

    def clean(self, value, row=None, **kwargs):
        return [part.strip() for part in str(value or "").split(",") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return ",".join(value or [])


class TranslatedResourceMixin:
    """Shared behaviour of the back-office resources.

    Every imported row is saved in a reversion revision, so an import can be compared and
    reverted like an edit in the admin; model validation (including database constraints)
    runs on each row so bad data is a row error, not a crash.
    """

    def import_row(self, row, instance_loader, **kwargs):
        with reversion.create_revision():
            result = super().import_row(row, instance_loader, **kwargs)
            user = kwargs.get("user")
            if user is not None and getattr(user, "is_authenticated", False):
                reversion.set_user(user)
            reversion.set_comment(str(_("Imported from a file")))
        return result

    def import_instance(self, instance, row, **kwargs):
        # django-import-export checks many-to-many columns only when saving them, where a bad
        # slug becomes an opaque error; check them with the other fields instead.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, import_export_widgets.ManyToManyWidget) and (
                field.column_name in row
            ):
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        # Record the object again now that its relations are saved (as VersionAdmin does
        # after the inlines), so the revision holds the imported relations too.
        if reversion.is_active() and reversion.is_registered(type(instance)):
            reversion.add_to_revision(instance)


def include_translation_fields_in_revisions():
    """Make django-reversion keep every language of a translated field.

    ``@reversion.register()`` lists a model's fields when models.py is imported, before
    modeltranslation adds ``title_en``, ``title_fr``...: without this, a revision would keep
    only one language and reverting would lose the other. Called from IccConfig.ready(), after
    modeltranslation (listed first in INSTALLED_APPS) has patched the models; idempotent.
    """
    from modeltranslation.fields import TranslationField

    for model in list(reversion.get_registered_models()):
        options = reversion.revisions._get_options(model)
        opts = model._meta.concrete_model._meta
        missing = tuple(
            field.name
            for field in opts.local_fields
            if isinstance(field, TranslationField) and field.name not in options.fields
        )
        if not missing:
            continue
        reversion.unregister(model)
        reversion.register(
            model,
            fields=options.fields + missing,
            follow=options.follow,
            format=options.format,
            for_concrete_model=options.for_concrete_model,
            ignore_duplicates=options.ignore_duplicates,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
            object_id_field=options.object_id_field,
        )
