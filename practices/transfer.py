"""Transfer between cities, as the public sees it: what a practice was inspired by, which
cities adapted it, and what a city adapted.

Only published adaptations of published practices count (``AdaptationQuerySet.published``),
and a practice named as an inspiration is shown only while it is published. Each function reads
a bounded number of rows in a fixed number of queries; the pages that call them keep their
rendered body for the content generation (``icc.caching.memo``), which every change to a
practice or an adaptation renews (``icc.caching.invalidation`` covers every model of the
practices app).
"""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import translation

from cities.models import City

from .models import Adaptation, Practice

# A page lists at most this many adaptations, and practices inspired by another.
TRANSFER_LIST_LIMIT = 50


def adapted_condition():
    """The condition "adapted by another city" on a practices queryset: ``pk IN (practices
    with a published adaptation)``, a subquery PostgreSQL hashes once for a whole count."""
    return Q(
        pk__in=Adaptation.objects.filter(status=Adaptation.Status.PUBLISHED).values("practice_id")
    )


def _city_order():
    return f"city__name_{translation.get_language() or 'en'}"


def practice_transfer(practice, limit=TRANSFER_LIST_LIMIT):
    """What a practice's page shows of its transfer: ``inspired_by`` (a published practice or
    None), ``adaptations`` (published, with their cities) and ``inspired_practices``."""
    cities = Prefetch("cities", queryset=City.objects.order_by("name"))
    inspired_by = None
    if practice.inspired_by_id:
        inspired_by = (
            Practice.objects.published()
            .filter(pk=practice.inspired_by_id)
            .for_cards()
            .prefetch_related(cities)
            .first()
        )
    adaptations = list(
        Adaptation.objects.filter(practice=practice, status=Adaptation.Status.PUBLISHED)
        .select_related("city")
        .order_by("-year", _city_order(), "pk")[:limit]
    )
    inspired_practices = list(
        Practice.objects.published()
        .filter(inspired_by=practice)
        .for_cards()
        .prefetch_related(cities)
        .latest_first()[:limit]
    )
    return {
        "inspired_by": inspired_by,
        "adaptations": adaptations,
        "inspired_practices": inspired_practices,
    }


def city_adaptations(city, limit=TRANSFER_LIST_LIMIT):
    """The published adaptations of ``city``, latest year first, with each practice and its
    cities (two queries)."""
    return list(
        Adaptation.objects.published()
        .filter(city=city)
        .select_related("practice")
        .defer(*(f"practice__{name}" for name in practice_long_fields()))
        .prefetch_related(Prefetch("practice__cities", queryset=City.objects.order_by("name")))
        .order_by("-year", "-pk")[:limit]
    )


def practice_long_fields():
    """The practice's long texts and their translation columns (never shown in these lists)."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [
        column
        for name in Practice.NOT_ON_CARDS
        for column in (name, *(f"{name}_{code}" for code in codes))
    ]


def practice_candidates(text, *, limit=20):
    """Published practices whose title (in the reader's language or English) or city name
    holds ``text``, for a coordinator choosing one; an empty text finds nothing."""
    text = (text or "").strip()[:200]
    if not text:
        return []
    language = (translation.get_language() or "en").split("-")[0]
    condition = Q()
    for code in dict.fromkeys([language, "en"]):
        condition |= Q(**{f"title_{code}__icontains": text})
        condition |= Q(**{f"cities__name_{code}__icontains": text})
    matching = Practice.objects.published().filter(condition).values("pk")
    return list(
        Practice.objects.filter(pk__in=matching)
        .for_cards()
        .prefetch_related(Prefetch("cities", queryset=City.objects.order_by("name")))
        .order_by(f"title_{language}", "pk")[:limit]
    )
