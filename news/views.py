"""Public pages of news: the faceted listing and a news item's page."""

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext

from cities.models import City, Network
from events.models import Event
from icc import structured_data
from icc.facets import FacetedListView
from icc.models import Document
from icc.views import PreviewableDetailView
from practices.models import Topic

from .filters import NewsFilterSet
from .models import NewsItem


class NewsListView(FacetedListView):
    """Latest news first, 20 a page."""

    model = NewsItem
    filterset_class = NewsFilterSet
    hide_empty_facets = True  # no network news yet: no Network facet
    template_name = "news/news_list.html"
    download_url_name = "news:download"
    paginate_by = 20

    def get_base_queryset(self):
        return NewsItem.objects.published().for_cards()

    def listing_queryset(self):
        return self.filtered_queryset().order_by("-date", "-pk")

    def get_queryset(self):
        return self.listing_queryset().select_related("image")


class NewsDetailView(PreviewableDetailView):
    model = NewsItem
    template_name = "news/news_detail.html"
    body_template_name = "news/includes/news_page_body.html"

    def get_public_queryset(self):
        return super().get_public_queryset().select_related("image")

    def get_body_context(self):
        # Related items are listed only when the public may open them.
        prefetch_related_objects(
            [self.object],
            "videos",
            Prefetch("documents", queryset=Document.objects.prefetch_related("files")),
            Prefetch("cities", queryset=City.objects.published().order_by("name")),
            Prefetch("networks", queryset=Network.objects.published().order_by("name")),
            Prefetch(
                "events",
                queryset=Event.objects.published()
                .order_by("-start_date")
                .prefetch_related("host_cities"),
            ),
            Prefetch("topics", queryset=Topic.objects.order_by("position", "name")),
        )
        return {}

    def get_structured_data(self, context):
        article = structured_data.news_article_data(self.object)
        trail = [
            (gettext("News"), reverse("news:news_list")),
            (article["headline"], self.object.get_absolute_url()),
        ]
        return [article, structured_data.breadcrumb_list(trail)]
