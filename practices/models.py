"""Good practices, their topics, and their review life cycle."""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
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
    # --- Transfer between cities ("transfer"): the practice this one learnt from. Shown on the
    # page only while that practice is published (practices.transfer).
    inspired_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="inspired_practices", verbose_name=_("inspired by"),
        help_text=_("The good practice of another city that this one was inspired by, if any."),
    )  # fmt: skip
    # --- end of "transfer" ---
    # --- Contact ("contact"): the person visitors write to through the site's form
    # (practices.contact). The address is never shown, exported or sent to a browser: it is
    # only the To of the e-mails that form sends.
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_role = models.CharField(
        _("contact's role"), max_length=200, blank=True,
        help_text=_("For example “Intercultural policy officer”."),
    )  # fmt: skip
    contact_organisation = models.CharField(
        _("contact's organisation"), max_length=200, blank=True,
        help_text=_("For example “City of Lisbon, department of social rights”."),
    )  # fmt: skip
    contact_email = models.EmailField(
        _("contact's e-mail address"), blank=True,
        help_text=_(
            "Never shown on the site nor published: the messages visitors write through the "
            "site's form are sent to this address."
        ),
    )  # fmt: skip
    show_contact = models.BooleanField(
        _("show the contact"), default=True,
        help_text=_(
            "Untick to show no contact on the page, neither the person nor the contact "
            "details: visitors then cannot write to anyone."
        ),
    )  # fmt: skip
    CONTACT_TRANSLATED_FIELDS = ("contact_role", "contact_organisation")
    # --- end of "contact" ---

    # --- Freshness ("freshness"): the yearly check that a practice still runs
    # (practices/freshness.py). Until a first check, the publication date counts as one.
    last_checked = models.DateField(
        _("last checked"), null=True, blank=True,
        help_text=_(
            "When its city last confirmed that the practice still runs, or that it has ended. "
            "Empty: its publication date counts."
        ),
    )  # fmt: skip
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True,
        help_text=_(
            "When its city confirmed that the practice has ended. An ended practice stays "
            "public, marked as such; empty this date if it was a mistake."
        ),
    )  # fmt: skip
    check_asked_on = models.DateField(
        _("check last asked on"), null=True, blank=True, editable=False,
        help_text=_("When its coordinators were last e-mailed the yearly check."),
    )  # fmt: skip
    # --- end of "freshness" ---

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
            # "transfer": a practice is never its own inspiration.
            models.CheckConstraint(
                condition=~Q(inspired_by=F("pk")),
                name="practice_not_inspired_by_itself",
                violation_error_message=_("A practice cannot be inspired by itself."),
            ),
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

    # --- Freshness ("freshness") -------------------------------------------------------------

    @property
    def checked_on(self):
        """The date of the last check: ``last_checked``, or the publication date before one."""
        if self.last_checked:
            return self.last_checked
        if self.published_at:
            return timezone.localdate(self.published_at)
        return None

    @property
    def is_ended(self):
        """Confirmed ended by its city (the yearly check) or the secretariat."""
        return self.ended_on is not None

    # --- Contact ("contact") ---------------------------------------------------------------

    @property
    def shows_contact(self):
        """Whether the page shows a contact block (name, role, organisation, the form's link)."""
        return self.show_contact and bool(
            self.contact_name or self.contact_organisation or self.contact_email
        )

    @property
    def accepts_messages(self):
        """Whether visitors may write to the contact: shown, with an address, and published."""
        return (
            self.shows_contact and bool(self.contact_email) and self.status == self.Status.PUBLISHED
        )

    def clean_fields(self, exclude=None):
        """The fields' own checks, then: no shown text holds the contact's address.

        In ``clean_fields`` rather than ``clean``: it knows which fields a form leaves out, so
        each error goes to a field the form has (``ModelForm`` refuses others).
        """
        from django.core.exceptions import ValidationError

        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        address = (self.contact_email or "").strip().casefold()
        if address:
            for field in self._meta.concrete_fields:
                if (
                    isinstance(field, models.CharField | models.TextField)
                    and field.name != "contact_email"
                    and field.name not in (exclude or ())
                    and address in str(getattr(self, field.name, "") or "").casefold()
                ):
                    errors.setdefault(field.name, []).append(
                        ValidationError(
                            _(
                                "This text holds the contact's e-mail address, which the site "
                                "never shows: remove it (visitors write to the contact through "
                                "the site's form)."
                            ),
                            code="contact_address_shown",
                        )
                    )
        if errors:
            raise ValidationError(errors)

    # --- end of "contact" ------------------------------------------------------------------


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


# --- Transfer between cities ("transfer"): a city records that it adapted a practice --------


class AdaptationQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: published adaptations of published practices."""
        return self.filter(
            status=Adaptation.Status.PUBLISHED, practice__status=Practice.Status.PUBLISHED
        )

    def editable_by(self, user):
        """The adaptations of the cities ``user`` coordinates (their workspace)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(city__coordinators=user)


@reversion.register()
class Adaptation(TimeStampedModel):
    """A city's record that it adapted another city's good practice, reviewed before it shows.

    Its life cycle is a short version of a practice's (practices.adaptation_services): the
    city's coordinator writes a draft and submits it; the secretariat publishes it, or sends
    it back to draft or rejects it with a comment.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", pgettext_lazy("adaptation status", "Published")
        REJECTED = "rejected", _("Rejected")

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="adaptations",
        verbose_name=_("practice adapted"),
    )  # fmt: skip
    city = models.ForeignKey(
        "cities.City", on_delete=models.PROTECT, related_name="adaptations",
        verbose_name=_("city that adapted it"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(
        _("year"), validators=YEAR_VALIDATORS, help_text=_("The year the city started it.")
    )
    note = models.TextField(
        _("note"), blank=True, max_length=1000,
        help_text=_("In a few sentences: what the city took over, and what it changed."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    review_comment = models.TextField(
        _("comment of the secretariat"), blank=True,
        help_text=_("The reason given with the last decision, sent to the coordinators."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip

    objects = AdaptationQuerySet.as_manager()

    class Meta:
        verbose_name = _("adaptation")
        verbose_name_plural = _("adaptations")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "city"], name="adaptation_unique_city"),
        ]

    def __str__(self):
        return f"{self.city} – {self.practice} ({self.year})"

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    def clean(self):
        super().clean()
        if (
            self.practice_id
            and self.city_id
            and PracticeCity.objects.filter(
                practice_id=self.practice_id, city_id=self.city_id
            ).exists()
        ):
            raise ValidationError(
                {"city": _("This city is one of the practice's own cities: it did not adapt it.")}
            )


# --- end of "transfer" -----------------------------------------------------------------------


# --- Contact ("contact"): the copy of each message sent to a practice's contact --------------


class ContactMessage(models.Model):
    """A message a visitor wrote to a practice's contact, kept for the secretariat.

    Written by practices.contact_views, e-mailed by practices.contact.send_contact_message.
    Only the secretariat reads these copies (admin, view permission); no public page shows them.
    """

    practice = models.ForeignKey(
        Practice, on_delete=models.SET_NULL, null=True, related_name="contact_messages",
        verbose_name=_("practice"),
    )  # fmt: skip
    # The title as it was, in case the practice is deleted later.
    practice_title = models.CharField(_("practice title"), max_length=300)
    sender_name = models.CharField(_("sender's name"), max_length=150)
    sender_email = models.EmailField(_("sender's e-mail address"))
    message = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    recipient_email = models.EmailField(_("sent to"))
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("message to a contact")
        verbose_name_plural = _("messages to contacts")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.sender_name} → {self.practice_title}"


# --- end of "contact" -------------------------------------------------------------------------
