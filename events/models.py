"""Meetings, study visits, seminars, webinars and the other events of the network."""

import zoneinfo

import reversion
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from icc.models import PublishableModel, PublishableQuerySet, SluggedModel

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, today=None):
        """Events that have not ended yet, soonest first."""
        today = today or timezone.localdate()
        return self.filter(end_date__gte=today).order_by("start_date", "start_time", "pk")

    def past(self, today=None):
        """Events that have ended, latest first."""
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today).order_by("-start_date", "-pk")


@reversion.register(follow=("host_links",))
class Event(SluggedModel, PublishableModel):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        COORDINATORS_MEETING = "coordinators_meeting", _("Coordinators' annual meeting")
        NETWORK_MEETING = "network_meeting", _("Network coordination meeting")
        STUDY_VISIT = "study_visit", _("Study visit")
        EXPERT_VISIT = "expert_visit", _("Expert visit")
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Workshop")
        CONFERENCE = "conference", _("Conference")
        FORUM = "forum", _("Forum")
        SUMMIT = "summit", _("Summit")
        WEBINAR = "webinar", _("Webinar")
        AWARD_CEREMONY = "award_ceremony", _("Award ceremony")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    NOT_ON_CARDS = ("description",)  # a card shows the title, when, where and the kind

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind, default=Kind.MEETING, db_index=True
    )
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(
        _("end date"), blank=True, db_index=True,
        help_text=_("Leave empty for a one-day event."),
    )  # fmt: skip
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, choices=TIME_ZONE_CHOICES,
        help_text=_("For events with a start time, such as webinars."),
    )  # fmt: skip
    host_cities = models.ManyToManyField(
        "cities.City", through="EventHostCity", blank=True, related_name="hosted_events",
        verbose_name=_("host cities"),
    )  # fmt: skip
    place = models.CharField(
        _("place"), max_length=300, blank=True,
        help_text=_("Free text when the place is not (only) a member city, e.g. a venue."),
    )  # fmt: skip
    country = CountryField(_("country"), blank=True, db_index=True)
    is_online = models.BooleanField(_("online"), default=False)
    network = models.ForeignKey(
        "cities.Network", on_delete=models.PROTECT, null=True, blank=True,
        related_name="events", verbose_name=_("organising network"),
    )  # fmt: skip
    description = models.TextField(_("description"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    interpretation_languages = models.JSONField(
        _("interpretation languages"), default=list, blank=True,
        help_text=_("Language codes, e.g. en, fr."),
    )  # fmt: skip
    documents = models.ManyToManyField(
        "icc.Document", blank=True, related_name="events", verbose_name=_("agendas, reports and documents")
    )  # fmt: skip
    image = models.ForeignKey(
        "icc.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("image"),
    )  # fmt: skip
    # The iCalendar SEQUENCE: calendar apps replace their copy of an event only when it grows.
    # Raised by events.signals whenever the event or its host cities change (a counter, not
    # the number of revisions: those are kept for admin saves only and may be pruned).
    sequence = models.PositiveIntegerField(
        _("revision number"), default=0, editable=False,
        help_text=_("Raised each time the event is changed."),
    )  # fmt: skip

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "-pk"]
        # The public listing filters on published + upcoming/past and sorts by start date.
        indexes = [
            models.Index(fields=["is_published", "end_date"], name="event_published_end_idx"),
            models.Index(fields=["is_published", "-start_date"], name="event_published_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("end_date")),
                name="event_registration_deadline_not_after_end",
                violation_error_message=_("The registration deadline cannot be after the event."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.end_date is None:
            self.end_date = self.start_date
        update_fields = kwargs.get("update_fields")
        if update_fields:
            # events.signals may raise the revision number on any save that changes a field.
            kwargs["update_fields"] = {*update_fields, "sequence", "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.end_date is None and self.start_date is not None:
            self.end_date = self.start_date
        super().clean()

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    @property
    def is_upcoming(self):
        return self.end_date >= timezone.localdate()

    @property
    def interpretation_language_names(self):
        names = dict(settings.LANGUAGES_OF_DOCUMENTS)
        return [str(names.get(code, code)) for code in self.interpretation_languages]


@reversion.register()
class EventHostCity(models.Model):
    """A city hosting an event; a used city cannot be deleted (PROTECT)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="host_links")
    city = models.ForeignKey("cities.City", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("host city")
        verbose_name_plural = _("host cities")
        constraints = [
            models.UniqueConstraint(fields=["event", "city"], name="event_host_city_unique")
        ]

    def __str__(self):
        return f"{self.city} – {self.event}"
