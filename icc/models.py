"""What every app shares: the user model, reusable images and documents, publishing rules."""

import reversion
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .uploads import clean_image_file, upload_path
from .validators import validate_document_file, validate_image_file


class User(AbstractUser):
    """A person who signs in: secretariat staff (admin) or a city coordinator (public site)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails this person receives."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_secretariat(self):
        return self.is_superuser or self.groups.filter(name=SECRETARIAT_GROUP).exists()


SECRETARIAT_GROUP = "Secretariat"
COORDINATOR_GROUP = "City coordinator"


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True


class CardQuerySetMixin:
    """``for_cards()``: the rows a list of cards needs, without the long texts it never shows.

    A model names those fields in ``NOT_ON_CARDS``; each is deferred with its translation
    columns. A listing, home or detail page reads twenty or sixty rows: the long texts (a
    practice's sections, a news body) are most of their bytes and of the time to load them.
    """

    def for_cards(self):
        languages = [code for code, _name in settings.LANGUAGES]
        names = getattr(self.model, "NOT_ON_CARDS", ())
        return self.defer(*names, *(f"{name}_{code}" for name in names for code in languages))


class ChosenRows:
    """Rows whose ids were chosen elsewhere (a memo), in that order, read only when needed.

    ``{% cards %}`` takes the ids as they are and reads the rows only when a card is not
    cached yet, so a warm list costs no query. ``queryset`` keeps the visibility rule. A
    ``part()`` (a listing's group) reads the rows of the whole list, in one query.
    """

    def __init__(self, queryset, pks, whole=None):
        self.queryset = queryset
        self.pks = list(pks)
        self._whole = whole
        self._found = None

    def part(self, pks):
        return ChosenRows(self.queryset, pks, whole=self)

    def found(self):
        """``{pk: row}`` of the list (of the whole list for a part): one query, once."""
        if self._whole is not None:
            return self._whole.found()
        if self._found is None:
            self._found = self.queryset.in_bulk(self.pks)
        return self._found

    def rows(self):
        found = self.found()
        return [found[pk] for pk in self.pks if pk in found]

    def __iter__(self):
        return iter(self.rows())

    def __len__(self):
        return len(self.rows())

    def __bool__(self):
        return bool(self.pks)


class PublishableQuerySet(CardQuerySetMixin, models.QuerySet):
    def published(self):
        """What the public may see."""
        return self.filter(is_published=True)


class PublishableModel(TimeStampedModel):
    """Content the secretariat publishes or withdraws with one switch."""

    is_published = models.BooleanField(_("published"), default=True, db_index=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True


def unique_slug(instance, text, max_length=200):
    """A slug made from ``text`` that no other row of ``instance``'s model uses."""
    base = slugify(text)[: max_length - 8] or instance._meta.model_name
    slug, number = base, 2
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


class SluggedModel(models.Model):
    """A model with a unique, stable slug made from its English name on first save."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    slug_source_field = "title"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            source = getattr(self, f"{self.slug_source_field}_en", None) or getattr(
                self, self.slug_source_field, ""
            )
            self.slug = unique_slug(self, source or "")
        super().save(*args, **kwargs)


def image_upload_to(instance, filename):
    return upload_path("images", filename)


def document_upload_to(instance, filename):
    return upload_path("documents", filename)


@reversion.register()
class Image(TimeStampedModel):
    """A picture reusable by several items, with its alternative text in each language."""

    file = models.ImageField(
        _("image file"),
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
    )
    width = models.PositiveIntegerField(_("width"), editable=False, null=True)
    height = models.PositiveIntegerField(_("height"), editable=False, null=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    # Widths of the WebP renditions written for the current file (icc.renditions); empty
    # until the background task has made them, so no srcset points at a missing file.
    rendition_widths = models.JSONField(
        _("rendition widths"), default=list, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text or self.file.name

    def save(self, *args, **kwargs):
        # A new file is stored re-encoded (icc.uploads): pixels only, upright, nothing appended.
        # validate_image_file has usually done the work already and left it on the upload.
        if self.file and not self.file._committed:
            self.file = clean_image_file(self.file)
        super().save(*args, **kwargs)


@reversion.register(follow=("files",))
class Document(TimeStampedModel):
    """A publication (agenda, report, guide, Index report) with one file per language."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda / programme")
        REPORT = "report", _("Report")
        GUIDE = "guide", _("Guide / handbook")
        INDEX_REPORT = "index_report", _("ICC Index report")
        ANNUAL_REPORT = "annual_report", _("Annual report")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title


@reversion.register()
class DocumentFile(models.Model):
    """One language version of a document."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES_OF_DOCUMENTS,
        help_text=_("The language this file is written in."),
    )
    file = models.FileField(
        _("file"), upload_to=document_upload_to, validators=[validate_document_file]
    )

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="document_file_one_per_language"
            )
        ]

    def __str__(self):
        return f"{self.document} ({self.get_language_display()})"


class SearchEntry(models.Model):
    """One published item in one language, as the site search sees it.

    Kept up to date by icc.search when content is saved, so one ranked query covers every
    content type; a new language only adds rows, never columns.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=10)
    kind = models.CharField(max_length=20, db_index=True)
    year = models.PositiveSmallIntegerField(null=True, db_index=True)
    title = models.TextField()
    body = models.TextField()
    url = models.CharField(max_length=300)
    # SQLite fallback: the stemmed words of title and body, space-separated.
    stems = models.TextField(blank=True)
    # PostgreSQL: the tsvector in the language's text-search configuration (GIN-indexed).
    search_vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="search_entry_unique"
            )
        ]
        indexes = [models.Index(fields=["language", "kind", "year"])]

    def __str__(self):
        return f"{self.title} [{self.language}]"
