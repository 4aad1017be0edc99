"""News items of the programme and its networks."""

import reversion
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from icc.models import PublishableModel, PublishableQuerySet, SluggedModel
from icc.sanitize import sanitize_html


class NewsQuerySet(PublishableQuerySet):
    def published(self):
        """Published items whose date has come (an item dated in the future waits, no cron)."""
        return super().published().filter(date__lte=timezone.localdate())


@reversion.register(follow=("city_links", "topic_links", "videos"))
class NewsItem(SluggedModel, PublishableModel):
    NOT_ON_CARDS = ("body",)  # a card shows the title, the date, the lead and the image

    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("One or two sentences shown in listings.")
    )
    body = models.TextField(
        _("body"), blank=True,
        help_text=_("Formatted text (HTML): paragraphs, links, lists. Anything unsafe is removed."),
    )  # fmt: skip
    image = models.ForeignKey(
        "icc.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("main image"),
    )  # fmt: skip
    cities = models.ManyToManyField(
        "cities.City", through="NewsCity", blank=True, related_name="news_items",
        verbose_name=_("related cities"),
    )  # fmt: skip
    networks = models.ManyToManyField(
        "cities.Network", blank=True, related_name="news_items", verbose_name=_("related networks")
    )
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="news_items", verbose_name=_("related events")
    )
    topics = models.ManyToManyField(
        "practices.Topic", through="NewsTopic", blank=True, related_name="news_items",
        verbose_name=_("topics"),
    )  # fmt: skip
    documents = models.ManyToManyField(
        "icc.Document", blank=True, related_name="news_items", verbose_name=_("reports and agendas")
    )

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-date", "-pk"]
        # The public listing filters on published + date and sorts latest first.
        indexes = [models.Index(fields=["is_published", "-date"], name="news_published_date_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from django.conf import settings

        for code, _name in settings.LANGUAGES:
            field = f"body_{code}"
            setattr(self, field, sanitize_html(getattr(self, field, "")))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:news_detail", kwargs={"slug": self.slug})


@reversion.register()
class NewsVideo(models.Model):
    """A video shown with a news item (a link to the video platform)."""

    news_item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="videos")
    url = models.URLField(_("video link"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title or self.url


@reversion.register()
class NewsCity(models.Model):
    news_item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="city_links")
    city = models.ForeignKey("cities.City", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["news_item", "city"], name="news_city_unique")
        ]

    def __str__(self):
        return f"{self.city} – {self.news_item}"


@reversion.register()
class NewsTopic(models.Model):
    news_item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey("practices.Topic", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["news_item", "topic"], name="news_topic_unique")
        ]

    def __str__(self):
        return f"{self.topic} – {self.news_item}"
