"""Member cities, national and regional networks, and who coordinates them."""

import reversion
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from icc.models import PublishableModel, PublishableQuerySet, SluggedModel, TimeStampedModel

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


class CityQuerySet(PublishableQuerySet):
    def members(self):
        return self.filter(status=City.Status.MEMBER)


@reversion.register()
class City(SluggedModel, PublishableModel):
    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        FORMER = "former", _("Former member")

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"), db_index=True)
    joined_year = models.PositiveSmallIntegerField(
        _("joined"), null=True, blank=True, db_index=True, validators=YEAR_VALIDATORS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.MEMBER, db_index=True
    )
    is_pilot = models.BooleanField(
        _("pilot city"), default=False, help_text=_("One of the pilot cities of 2008.")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    profile = models.TextField(_("profile"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )  # fmt: skip
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )  # fmt: skip
    image = models.ForeignKey(
        "icc.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("image"),
    )  # fmt: skip
    documents = models.ManyToManyField(
        "icc.Document", blank=True, related_name="cities", verbose_name=_("ICC Index reports and documents")
    )  # fmt: skip
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_cities",
        verbose_name=_("coordinators"),
        help_text=_("People who may write this city's good practices on the public site."),
    )  # fmt: skip

    slug_source_field = "name"
    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        # Listings order by the name in the reader's language (one column per language).
        indexes = [
            models.Index(fields=[f"name_{code}"], name=f"city_name_{code}_idx")
            for code, _name in settings.LANGUAGES
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cities:city_detail", kwargs={"slug": self.slug})


class NetworkQuerySet(PublishableQuerySet):
    pass


@reversion.register(follow=("memberships",))
class Network(SluggedModel, PublishableModel):
    """A national or regional network of intercultural cities."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National network")
        REGIONAL = "regional", _("Regional network")

    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.NATIONAL)
    country = CountryField(_("country"), blank=True, db_index=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    website = models.URLField(_("website"), blank=True)
    coordinating_body = models.CharField(_("coordinating body"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    documents = models.ManyToManyField(
        "icc.Document", blank=True, related_name="networks", verbose_name=_("annual reports and documents")
    )  # fmt: skip
    cities = models.ManyToManyField(
        City, through="NetworkMembership", related_name="networks", verbose_name=_("member cities")
    )  # fmt: skip

    slug_source_field = "name"
    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        indexes = [
            models.Index(fields=[f"name_{code}"], name=f"network_name_{code}_idx")
            for code, _name in settings.LANGUAGES
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:network_detail", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        """Memberships in force on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(joined__isnull=True) | Q(joined__lte=on)).filter(
            Q(left__isnull=True) | Q(left__gt=on)
        )


@reversion.register()
class NetworkMembership(models.Model):
    """A city's membership of a network, with the dates it joined and left."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("city")
    )
    joined = models.DateField(_("joined"), null=True, blank=True)
    left = models.DateField(_("left"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "city__name"]
        # current(): memberships of a network (or a city) that have not ended.
        indexes = [
            models.Index(fields=["network", "left", "joined"], name="membership_network_dates_idx"),
            models.Index(fields=["city", "left", "joined"], name="membership_city_dates_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "city", "joined"], name="membership_unique_per_joining"
            ),
            models.CheckConstraint(
                condition=Q(left__isnull=True)
                | Q(joined__isnull=True)
                | Q(left__gte=models.F("joined")),
                name="membership_left_after_joined",
                violation_error_message=_("A city cannot leave a network before it joined."),
            ),
        ]

    def __str__(self):
        return f"{self.city} – {self.network}"


# --- ICC Index results (helper "index"; issue 11, part 8) -------------------------------------
# A city's Index result of one year: its overall score and the score of each policy area, the
# areas being the good-practice taxonomy's topics. Shown on the city page (cities/index.py).

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class IndexResultQuerySet(models.QuerySet):
    def published(self):
        """Results the secretariat published, of a published city."""
        return self.filter(is_published=True, city__is_published=True)


@reversion.register(follow=("area_scores",))
class IndexResult(TimeStampedModel):
    """A city's ICC Index result for one year."""

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="index_results", verbose_name=_("city")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    overall_score = models.PositiveSmallIntegerField(
        _("overall score"), validators=SCORE_VALIDATORS, help_text=_("From 0 to 100.")
    )
    is_published = models.BooleanField(_("published"), default=True, db_index=True)

    objects = IndexResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("ICC Index result")
        verbose_name_plural = _("ICC Index results")
        ordering = ["city__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["city", "year"], name="index_result_one_per_year"),
            models.CheckConstraint(
                condition=Q(overall_score__lte=100),
                name="index_result_overall_at_most_100",
                violation_error_message=_("A score is out of 100."),
            ),
        ]

    def __str__(self):
        return f"{self.city} – {self.year}"


@reversion.register()
class IndexAreaScore(models.Model):
    """The score of one policy area (a topic of the taxonomy) in an Index result."""

    result = models.ForeignKey(
        IndexResult, on_delete=models.CASCADE, related_name="area_scores",
        verbose_name=_("ICC Index result"),
    )  # fmt: skip
    topic = models.ForeignKey(
        "practices.Topic", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("policy area"),
    )  # fmt: skip
    score = models.PositiveSmallIntegerField(
        _("score"), validators=SCORE_VALIDATORS, help_text=_("From 0 to 100.")
    )

    class Meta:
        verbose_name = _("policy area score")
        verbose_name_plural = _("policy area scores")
        ordering = ["topic__position", "topic__name"]
        constraints = [
            models.UniqueConstraint(fields=["result", "topic"], name="index_area_score_unique"),
            models.CheckConstraint(
                condition=Q(score__lte=100),
                name="index_area_score_at_most_100",
                violation_error_message=_("A score is out of 100."),
            ),
        ]

    def __str__(self):
        return f"{self.topic}: {self.score}"


# --- end of ICC Index results ----------------------------------------------------------------
