"""The sitemaps: one section per content type, each URL with its hreflang alternates.

Every section starts from the model's ``published()`` queryset, so no draft, unpublished
item or news dated in the future is ever listed. Django's sitemap framework gives one
``<url>`` per item and language (``i18n``), each naming every language version and
``x-default`` (``alternates``, ``x_default``). The domain and the scheme are the request's
(``RequestSite``: the sites framework is not installed).

A section page reads only its own rows (``TranslatedRows``), so a page costs two queries and
the memory of ``items_per_page`` rows however many items there are; Django's own ``_items``
would load every row of the section for every page.
"""

from django.conf import settings
from django.contrib import sitemaps
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property

from cities.models import City, Network
from events.models import Event
from icc.pages.models import Page
from news.models import NewsItem
from practices.models import Practice

# Rows per sitemap file; each gives one <url> per language. Far below the protocol's 50,000
# URLs and 50 MB, so that a file renders in well under a second.
ITEMS_PER_PAGE = 2500


class TranslatedRows:
    """The ``(row, language)`` pairs of a queryset, read one slice of rows at a time.

    What Django's paginator needs (``len()`` and slices): the count is one query, a page is
    one query for the rows it covers.
    """

    def __init__(self, queryset, languages, count=None):
        self.queryset = queryset
        self.languages = list(languages)
        self._count = count

    def row_count(self):
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self):
        return self.row_count() * len(self.languages)

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("TranslatedRows is read by slices only")
        start, stop, _step = window.indices(len(self))
        per_row = len(self.languages)
        first_row = start // per_row
        rows = self.queryset[first_row : -(-stop // per_row)] if stop > start else []
        pairs = [(row, code) for row in rows for code in self.languages]
        skip = start - first_row * per_row
        return pairs[skip : skip + max(0, stop - start)]


class TranslatedSitemap(sitemaps.Sitemap):
    """Hreflang alternates for every language of ``settings.LANGUAGES``.

    ``x-default`` is the default language's address, as in each page's own <link>s (Django
    would give the address without a language prefix, a redirect chosen by Accept-Language).
    """

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            by_language = {alternate["lang_code"]: alternate for alternate in url["alternates"]}
            if "x-default" in by_language and settings.LANGUAGE_CODE in by_language:
                default = by_language[settings.LANGUAGE_CODE]["location"]
                by_language["x-default"]["location"] = default
        return urls


class PublishedSitemap(TranslatedSitemap):
    """The published items of ``model``, oldest id first, ``lastmod`` from ``updated_at``.

    A sitemap is built anew for each request (the views get the classes), so what it
    memoises lives for one response.
    """

    model = None
    items_per_page = ITEMS_PER_PAGE

    @property
    def limit(self):
        # One item's languages stay in the same file.
        return self.items_per_page * len(self._languages())

    def published(self):
        return self.model._default_manager.published()

    def items(self):
        # get_absolute_url() needs the slug only; lastmod the update time.
        return self.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    @cached_property
    def _locations(self):
        return {}

    def location(self, item):
        # Each address is asked for four times (its <url> and the alternates of every language
        # version): reversed once.
        key = (item.pk, translation.get_language())
        if key not in self._locations:
            self._locations[key] = item.get_absolute_url()
        return self._locations[key]

    @cached_property
    def _rows(self):
        return TranslatedRows(self.items(), self._languages())

    def _items(self):
        return self._rows

    def get_latest_lastmod(self):
        # One query for the index: the latest change and the count (for the number of pages).
        summary = self.published().aggregate(latest=Max("updated_at"), count=Count("pk"))
        self._rows._count = summary["count"]
        return summary["latest"]


class CitySitemap(PublishedSitemap):
    model = City


class NetworkSitemap(PublishedSitemap):
    model = Network


class EventSitemap(PublishedSitemap):
    model = Event


class NewsSitemap(PublishedSitemap):
    model = NewsItem


class PracticeSitemap(PublishedSitemap):
    model = Practice


class ProgrammePageSitemap(PublishedSitemap):
    """The programme's own pages (about, how to join, contact, legal notices)."""

    model = Page


class PageSitemap(TranslatedSitemap):
    """The home page and the listings; each changed when its latest published item did."""

    def listings(self):
        """{URL name: the sitemap section of the items it lists}."""
        return {
            "cities:city_list": CitySitemap,
            "networks:network_list": NetworkSitemap,
            "events:event_list": EventSitemap,
            "news:news_list": NewsSitemap,
            "practices:practice_list": PracticeSitemap,
        }

    def items(self):
        return ["home", *self.listings(), "figures:network_figures"]

    def location(self, item):
        return reverse(item)

    @cached_property
    def latest_changes(self):
        latest = {
            name: section().published().aggregate(latest=Max("updated_at"))["latest"]
            for name, section in self.listings().items()
        }
        known = [value for value in latest.values() if value is not None]
        latest["home"] = max(known) if known else None
        latest["figures:network_figures"] = latest["home"]  # counts of all of them
        return latest

    def lastmod(self, item):
        return self.latest_changes[item]

    def get_latest_lastmod(self):
        return self.latest_changes["home"]


# Section name (in /sitemap-<name>.xml) -> sitemap class, in the order of the index.
SITEMAPS = {
    "pages": PageSitemap,
    "cities": CitySitemap,
    "networks": NetworkSitemap,
    "events": EventSitemap,
    "news": NewsSitemap,
    "practices": PracticeSitemap,
    "about": ProgrammePageSitemap,
}
