"""Public pages of good practices: the faceted listing and a practice's page.

The coordinators' workspace has its own views; these only show what the public may see
(and, for the secretariat, a preview of the rest).
"""

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext

from cities.models import City
from icc import structured_data
from icc.caching.memo import memoize
from icc.facets import FacetedListView
from icc.models import ChosenRows, Document
from icc.views import PreviewableDetailView

from .filters import PracticeFilterSet
from .models import Practice, Topic
from .services import user_is_secretariat
from .transfer import practice_transfer

RELATED_PRACTICES_LIMIT = 3


def cities_prefetch():
    return Prefetch("cities", queryset=City.objects.order_by("name"))


def practice_body_prefetches():
    """Everything templates/practices/includes/practice_body.html reads, in bounded queries."""
    return [
        cities_prefetch(),
        Prefetch("topics", queryset=Topic.objects.order_by("position", "name")),
        "images",
        Prefetch("documents", queryset=Document.objects.prefetch_related("files")),
    ]


class PracticeListView(FacetedListView):
    """Latest published first, 20 a page."""

    model = Practice
    filterset_class = PracticeFilterSet
    hide_empty_facets = True
    template_name = "practices/practice_list.html"
    download_url_name = "practices:download"
    paginate_by = 20

    def get_base_queryset(self):
        return Practice.objects.published()

    def listing_queryset(self):
        return self.filtered_queryset().latest_first()

    def get_queryset(self):
        return self.listing_queryset().for_cards().prefetch_related(cities_prefetch())


class PracticeDetailView(PreviewableDetailView):
    model = Practice
    template_name = "practices/practice_detail.html"
    body_template_name = "practices/includes/practice_page_body.html"

    def can_preview(self):
        # Coordinators hold change_practice too (for their workspace), but only reviewers may
        # open someone's unpublished practice here; coordinators preview in their workspace.
        return user_is_secretariat(self.request.user)

    def get_body_context(self):
        prefetch_related_objects([self.object], *practice_body_prefetches())
        return {
            "related_practices": related_practices(self.object),
            # "transfer": inspired by, adapted by, and the practices it inspired.
            **practice_transfer(self.object),
        }

    def get_page_image(self, context):
        images = list(self.object.images.all())  # prefetched by get_body_context()
        return images[0] if images else None

    def get_structured_data(self, context):
        # The related practices are left out: the page's links are enough for crawlers.
        article = structured_data.practice_data(self.object)
        trail = [
            (gettext("Good practices"), reverse("practices:practice_list")),
            (article["headline"], self.object.get_absolute_url()),
        ]
        return [article, structured_data.breadcrumb_list(trail)]


def related_practices(practice, limit=RELATED_PRACTICES_LIMIT):
    """Published practices sharing the most topics with ``practice`` (two queries at most).

    Ranking them reads every practice of those topics, so the choice is memoized for the
    content generation (``icc.caching.memo``); the page then reads only the chosen ids.
    """
    topic_ids = sorted(topic.pk for topic in practice.topics.all())
    if not topic_ids:
        return ChosenRows(Practice.objects.none(), [])
    chosen = memoize(
        "related-practices",
        (practice.pk, topic_ids, limit),
        lambda: list(
            Practice.objects.published()
            .exclude(pk=practice.pk)
            .annotate(
                shared_topics=Count("topic_links", filter=Q(topic_links__topic_id__in=topic_ids))
            )
            .filter(shared_topics__gt=0)
            .order_by("-shared_topics", "-published_at", "-pk")
            .values_list("pk", flat=True)[:limit]
        ),
    )
    # ``{% cards %}`` reads the rows only for the cards it has not cached yet.
    return ChosenRows(
        Practice.objects.published().for_cards().prefetch_related(cities_prefetch()), chosen
    )
