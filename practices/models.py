"""Good practices, their topics, and their review life cycle."""

import reversion
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from icc.models import CardQuerySetMixin, SluggedModel, TimeStampedModel

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


@reversion.register()
class Topic(SluggedModel):
    """A policy area of the good-practice taxonomy, managed by the secretariat."""

    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    slug_source_field = "name"

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class PracticeQuerySet(CardQuerySetMixin, models.QuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def latest_first(self):
        """Newest publication first, then by id: the order of ``practice_latest_first_idx``."""
        return self.order_by("-published_at", "-id")

    def editable_by(self, user):
        """The practices ``user`` may see in their workspace (their cities' practices)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Exists(PracticeCity.objects.filter(practice=OuterRef("pk"), city__coordinators=user))
        )

    def covering_year(self, year):
        """Practices running in ``year`` (ongoing ones run up to the current year).

        ``practice_covers_year`` is the same rule for values already loaded; keep them twins.
        """
        current_year = timezone.localdate().year
        # An ongoing practice is not known to run after this year (pk__in=[] matches nothing).
        ongoing = (
            Q(last_year__isnull=True, is_ongoing=True) if year <= current_year else Q(pk__in=[])
        )
        return self.filter(first_year__lte=year).filter(
            Q(last_year__gte=year) | ongoing
            | Q(last_year__isnull=True, is_ongoing=False, first_year=year)
        )  # fmt: skip


def practice_covers_year(first_year, last_year, is_ongoing, year, current_year):
    """The rule of ``PracticeQuerySet.covering_year`` for one practice's year fields."""
    if first_year is None or first_year > year:
        return False
    if last_year is not None:
        return last_year >= year
    if is_ongoing:
        return year <= current_year
    return first_year == year


@reversion.register(follow=("city_links", "topic_links"))
class Practice(SluggedModel, TimeStampedModel):
    """A city's (or a country's) policy or project that others can learn from."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", pgettext_lazy("good practice status", "Published")
        REJECTED = "rejected", _("Rejected")
        ARCHIVED = "archived", _("Unpublished / archived")

    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)
    # A card shows the title, places, period and the start of the Purpose.
    NOT_ON_CARDS = (
        "rationale", "process", "results", "evaluation", "partners", "budget", "contact", "links",
    )  # fmt: skip
    # The sections of the collection template, in the order they are shown.
    SECTION_FIELDS = (
        "purpose", "rationale", "process", "results", "evaluation",
        "partners", "budget", "contact", "links",
    )  # fmt: skip

    title = models.CharField(_("title"), max_length=300, blank=True)
    cities = models.ManyToManyField(
        "cities.City", through="PracticeCity", blank=True, related_name="practices",
        verbose_name=_("cities"),
    )  # fmt: skip
    country = CountryField(
        _("country"), db_index=True,
        help_text=_("The country of the city, or of a national practice that has no city."),
    )  # fmt: skip
    topics = models.ManyToManyField(
        Topic, through="PracticeTopic", blank=True, related_name="practices", verbose_name=_("topics")
    )  # fmt: skip
    period = models.CharField(
        _("period"), max_length=200, blank=True,
        help_text=_("As people write it: “2017-2021”, “Ongoing since 2014”."),
    )  # fmt: skip
    first_year = models.PositiveSmallIntegerField(
        _("first year"), null=True, blank=True, db_index=True, validators=YEAR_VALIDATORS
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, db_index=True, validators=YEAR_VALIDATORS
    )
    is_ongoing = models.BooleanField(_("ongoing"), default=False)

    purpose = models.TextField(_("purpose"), blank=True)
    rationale = models.TextField(_("stimulus / rationale"), blank=True)
    process = models.TextField(_("process (what was done)"), blank=True)
    results = models.TextField(_("results / impact"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    budget = models.TextField(_("budget / resources"), blank=True)
    contact = models.TextField(_("contact"), blank=True)
    links = models.TextField(_("links"), blank=True)

    images = models.ManyToManyField(
        "icc.Image", blank=True, related_name="practices", verbose_name=_("images")
    )
    documents = models.ManyToManyField(
        "icc.Document", blank=True, related_name="practices", verbose_name=_("documents")
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    # Not indexed alone: scanned backwards, such an index starts with the drafts (no date)
    # and the planner would prefer it to practice_latest_first_idx for the listing.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-created_at"]
        # The public listing filters on status (and country, years) and sorts by publication,
        # newest first and by id among equals: the index gives those rows in that order, so a
        # page reads 20 entries whatever the number of drafts or practices.
        indexes = [
            models.Index(
                fields=["status", "-published_at", "-id"], name="practice_latest_first_idx"
            ),
            models.Index(fields=["status", "country"], name="practice_status_country_idx"),
            models.Index(fields=["first_year", "last_year"], name="practice_years_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True)
                | Q(first_year__isnull=True)
                | Q(last_year__gte=F("first_year")),
                name="practice_last_year_not_before_first",
                violation_error_message=_("The last year cannot be before the first year."),
            ),  # fmt: skip
        ]
        permissions = [("review_practice", _("Can review (publish, reject) good practices"))]

    def __str__(self):
        return str(self.title or self.title_en or self.title_fr or _("(untitled practice)"))

    def save(self, *args, **kwargs):
        if not self.slug:
            from icc.models import unique_slug

            self.slug = unique_slug(
                self, self.title_en or self.title_fr or self.title or "practice"
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("practices:practice_detail", kwargs={"slug": self.slug})

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    def is_editable_by(self, user):
        """A coordinator edits their own city's practice, only while draft or changes requested."""
        return self.is_editable and self.is_coordinated_by(user)

    def is_coordinated_by(self, user):
        if not user.is_authenticated:
            return False
        return self.cities.filter(coordinators=user).exists()


@reversion.register()
class PracticeCity(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="city_links")
    city = models.ForeignKey("cities.City", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("practice city")
        verbose_name_plural = _("practice cities")
        constraints = [
            models.UniqueConstraint(fields=["practice", "city"], name="practice_city_unique")
        ]

    def __str__(self):
        return f"{self.city} – {self.practice}"


@reversion.register()
class PracticeTopic(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("practice topic")
        verbose_name_plural = _("practice topics")
        constraints = [
            models.UniqueConstraint(fields=["practice", "topic"], name="practice_topic_unique")
        ]

    def __str__(self):
        return f"{self.topic} – {self.practice}"


class Transition(models.Model):
    """One step of a practice's life cycle: who moved it, when, from what to what, and why."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("practice")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Practice.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Practice.Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("life-cycle step")
        verbose_name_plural = _("life-cycle steps")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.practice}: {self.from_status or '–'} → {self.to_status}"
