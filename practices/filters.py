"""The public good-practices listing: its filters and facets."""

import django_filters
from django.conf import settings
from django.db.models import Count, Exists, Func, IntegerField, Max, Min, OuterRef, Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cities.models import City, Network, NetworkMembership
from icc.facets import (
    MAX_QUERY_LENGTH,
    Band,
    CountryFilter,
    Facet,
    FacetFilterSet,
    YearFilter,
    condition_counter,
)
from icc.formatting import country_name

from .freshness import recently_checked  # "freshness"
from .models import Practice, PracticeCity, PracticeTopic, Topic, practice_covers_year


def published_practices():
    return Practice.objects.published()


def topic_choices():
    return list(Topic.objects.order_by("position", "name").values_list("slug", "name"))


def country_choices():
    codes = published_practices().order_by().values_list("country", flat=True).distinct()
    return sorted(((code, country_name(code)) for code in set(codes) if code), key=lambda c: c[1])


def city_choices():
    used = PracticeCity.objects.filter(practice__in=published_practices()).values("city")
    return list(City.objects.filter(pk__in=used).order_by("name").values_list("slug", "name"))


def year_choices():
    """Every year some published practice covers, latest first (one query)."""
    bounds = published_practices().aggregate(
        first=Min("first_year"),
        last=Max("last_year"),
        ongoing=Count("pk", filter=Q(is_ongoing=True, last_year__isnull=True)),
    )
    if bounds["first"] is None:
        return []
    last = max(filter(None, [bounds["first"], bounds["last"]]))
    if bounds["ongoing"]:
        last = max(last, timezone.localdate().year)
    return [(str(year), str(year)) for year in range(last, bounds["first"] - 1, -1)]


def year_counter(queryset, values):
    """How many practices cover each year, from one grouped query.

    The practices are grouped by their year fields (a few hundred distinct combinations,
    however many practices there are) and each group is counted for the years it covers,
    by ``practice_covers_year``, the twin of ``PracticeQuerySet.covering_year``.
    """
    if not values:
        return {}
    # Every filter of the listing is a plain condition or an EXISTS: one row per practice.
    groups = (
        queryset.order_by()
        .values_list("first_year", "last_year", "is_ongoing")
        .annotate(count=Count("pk"))
    )
    current_year = timezone.localdate().year
    years = [int(value) for value in values]
    counts = dict.fromkeys(values, 0)
    for first_year, last_year, is_ongoing, count in groups:
        for value, year in zip(values, years, strict=True):
            if practice_covers_year(first_year, last_year, is_ongoing, year, current_year):
                counts[value] += count
    return counts


# --- More facets (issue 11): city size, network, ongoing or ended, evaluation, documents ---
# Their rules are stated for readers in docs/public-site.md ("More facets of good practices").

# City sizes by population, the lower bound included. The bounds hold those of the ICC Index
# reports, which compare a city with cities under or over 100,000, 200,000 and 500,000
# inhabitants, and split the smallest and the largest cities once more.
CITY_SIZE_BANDS = (
    Band("under-50k", _("Under 50,000 inhabitants"), upper=50_000),
    Band("50k-100k", _("50,000 to 100,000"), lower=50_000, upper=100_000),
    Band("100k-200k", _("100,000 to 200,000"), lower=100_000, upper=200_000),
    Band("200k-500k", _("200,000 to 500,000"), lower=200_000, upper=500_000),
    Band("500k-1m", _("500,000 to 1 million"), lower=500_000, upper=1_000_000),
    Band("over-1m", _("1 million and more"), lower=1_000_000),
)
CITY_SIZE_CHOICES = [(band.value, band.label) for band in CITY_SIZE_BANDS]

ONGOING, ENDED = "ongoing", "ended"
RUNNING_CHOICES = [(ONGOING, _("Ongoing")), (ENDED, _("Ended"))]
YES, NO = "yes", "no"
EVALUATION_CHOICES = [(YES, _("With an evaluation")), (NO, _("Without an evaluation"))]
DOCUMENTS_CHOICES = [(YES, _("With documents")), (NO, _("Without documents"))]


def practice_network_choices():
    """Published networks with a current member city that has a published practice."""
    members = NetworkMembership.objects.current().filter(
        city__in=PracticeCity.objects.filter(practice__in=published_practices()).values("city")
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    return list(
        Network.objects.published()
        .filter(pk__in=members.values("network"))
        .order_by(f"name_{language.split('-')[0]}", "pk")
        .values_list("slug", "name")
    )


# Each option's condition is a plain condition or ``pk IN (subquery)`` on the practice: counted
# by ``icc.facets.ConditionCounter`` (all of them in one query while not chosen) and filtered by
# ``PracticeFilterSet.filter_by_condition``, so an option's count and its results agree.


def of_cities(cities):
    """``Q``: a practice of at least one of ``cities`` (a queryset of ``City`` ids)."""
    return Q(pk__in=PracticeCity.objects.filter(city__in=cities).values("practice_id"))


def size_conditions(values):
    bands = {band.value: band for band in CITY_SIZE_BANDS}
    return {
        value: of_cities(City.objects.filter(bands[value].condition("population")).values("pk"))
        for value in values
        if value in bands
    }


def network_conditions(values):
    """Members today, as on the cities listing: a city that left is not one of its cities."""
    return {
        slug: of_cities(
            NetworkMembership.objects.current().filter(network__slug=slug).values("city")
        )
        for slug in values
    }


def ongoing_condition(year=None):
    """Said to be ongoing by its city, not confirmed ended since (``ended_on``, the yearly
    check: practices.freshness), with no last year or one not past yet."""
    year = year or timezone.localdate().year
    return (
        Q(is_ongoing=True, ended_on__isnull=True)
        & (Q(last_year__isnull=True) | Q(last_year__gte=year))
    )  # fmt: skip


def ended_condition(year=None):
    """Every practice that is not ongoing (the exact complement of ``ongoing_condition``)."""
    year = year or timezone.localdate().year
    return Q(is_ongoing=False) | Q(ended_on__isnull=False) | Q(last_year__lt=year)


class OctetLength(Func):
    """The bytes of a text. PostgreSQL reads them from the stored value's header, without
    decompressing the text as a comparison (``<> ''``) would: half the time of the count."""

    function = "OCTET_LENGTH"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="LENGTH", **extra_context)


def evaluation_lengths():
    return [Coalesce(OctetLength(f"evaluation_{code}"), 0) for code, _name in settings.LANGUAGES]


def evaluation_condition():
    """An evaluation in any site language: the page shows it, in another language if need be."""
    condition = Q()
    for length in evaluation_lengths():
        condition |= GreaterThan(length, 0)
    return condition


def no_evaluation_condition():
    condition = Q()
    for length in evaluation_lengths():
        condition &= Exact(length, 0)
    return condition


def documents_condition():
    """At least one document attached (the page lists it, with or without a file yet)."""
    return Q(pk__in=Practice.documents.through.objects.values("practice_id"))


def yes_no(yes, no):
    return lambda values: {YES: yes(), NO: no()}


OPTION_CONDITIONS = {
    "size": size_conditions,
    "network": network_conditions,
    # "Ongoing" depends on the year: built when counted or filtered.
    "running": lambda values: {ONGOING: ongoing_condition(), ENDED: ended_condition()},
    "evaluation": yes_no(evaluation_condition, no_evaluation_condition),
    "documents": yes_no(documents_condition, lambda: ~documents_condition()),
}


# --- end of the more facets (issue 11) -----------------------------------------------------

# --- Freshness ("freshness"): practices checked in the last two years (practices/freshness.py).
RECENTLY_CHECKED = "recent"
CHECKED_CHOICES = [(RECENTLY_CHECKED, _("In the last two years"))]


# Counted with the other facets counted by conditions (one query); built when counted, since
# "two years ago" moves with the day.
checked_counter = condition_counter(lambda values: {RECENTLY_CHECKED: recently_checked()})


# --- end of "freshness" ---------------------------------------------------------------------


# --- Transfer between cities ("transfer"): practices adapted by other cities ------------------
# A practice counts when at least one published adaptation names it (practices.transfer).
# The one option is always offered: its count is the facet's only query.
ADAPTED = "yes"


def adapted_choices():
    return [(ADAPTED, _("Yes"))]


def adapted_conditions(values):
    from .transfer import adapted_condition

    return {ADAPTED: adapted_condition()}


# Counted by its condition: while not chosen, with the other such facets in one query.
adapted_counter = condition_counter(adapted_conditions)


# --- end of "transfer" -----------------------------------------------------------------------


class PracticeFilterSet(FacetFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", max_length=MAX_QUERY_LENGTH
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        label=_("Topic"), queryset=Topic.objects.all(), to_field_name="slug", method="filter_topic"
    )
    country = CountryFilter(label=_("Country"))
    city = django_filters.ModelChoiceFilter(
        label=_("City"), queryset=City.objects.all(), to_field_name="slug", method="filter_city"
    )
    year = YearFilter(label=_("Year"), method="filter_year")
    # More facets (issue 11): city size, network, ongoing or ended, evaluation, documents.
    size = django_filters.MultipleChoiceFilter(
        label=_("City size"), choices=CITY_SIZE_CHOICES, method="filter_by_condition"
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Network"),
        queryset=Network.objects.published(),
        to_field_name="slug",
        method="filter_network",
    )
    running = django_filters.ChoiceFilter(
        label=_("Ongoing or ended"), choices=RUNNING_CHOICES, method="filter_by_condition"
    )
    evaluation = django_filters.ChoiceFilter(
        label=_("Evaluation"), choices=EVALUATION_CHOICES, method="filter_by_condition"
    )
    documents = django_filters.ChoiceFilter(
        label=_("Documents"), choices=DOCUMENTS_CHOICES, method="filter_by_condition"
    )
    # "freshness": checked in the last two years.
    checked = django_filters.ChoiceFilter(
        label=_("Last checked"), choices=CHECKED_CHOICES, method="filter_checked"
    )
    # "transfer": practices adapted by other cities.
    adapted = django_filters.ChoiceFilter(
        label=_("Adapted by other cities"), choices=[(ADAPTED, _("Yes"))], method="filter_adapted"
    )

    facets = [
        Facet(
            param="topic",
            label=_("Topic"),
            group_by="topic_links__topic__slug",
            choices=topic_choices,
            multiple=True,
        ),
        Facet(param="country", label=_("Country"), group_by="country", choices=country_choices),
        Facet(
            param="city", label=_("City"), group_by="city_links__city__slug", choices=city_choices
        ),
        Facet(param="year", label=_("Year"), choices=year_choices, counter=year_counter),
        # More facets (issue 11).
        Facet(
            param="size",
            label=_("City size"),
            choices=lambda: CITY_SIZE_CHOICES,
            counter=condition_counter(OPTION_CONDITIONS["size"]),
            multiple=True,
        ),
        Facet(
            param="network",
            label=_("Network"),
            choices=practice_network_choices,
            counter=condition_counter(OPTION_CONDITIONS["network"]),
        ),
        Facet(
            param="running",
            label=_("Ongoing or ended"),
            choices=lambda: RUNNING_CHOICES,
            counter=condition_counter(OPTION_CONDITIONS["running"]),
        ),
        Facet(
            param="evaluation",
            label=_("Evaluation"),
            choices=lambda: EVALUATION_CHOICES,
            counter=condition_counter(OPTION_CONDITIONS["evaluation"]),
        ),
        Facet(
            param="documents",
            label=_("Documents"),
            choices=lambda: DOCUMENTS_CHOICES,
            counter=condition_counter(OPTION_CONDITIONS["documents"]),
        ),
        # "freshness".
        Facet(
            param="checked",
            label=_("Last checked"),
            choices=lambda: CHECKED_CHOICES,
            counter=checked_counter,
        ),
        # "transfer".
        Facet(
            param="adapted",
            label=_("Adapted by other cities"),
            choices=adapted_choices,
            counter=adapted_counter,
        ),
    ]

    class Meta:
        model = Practice
        fields = []

    def filter_text(self, queryset, name, value):
        """Words of the title or purpose, in the reader's language or in English."""
        value = value.strip()
        if not value:
            return queryset
        languages = dict.fromkeys([(translation.get_language() or "en").split("-")[0], "en"])
        condition = Q()
        for code in languages:
            condition |= Q(**{f"title_{code}__icontains": value})
            condition |= Q(**{f"purpose_{code}__icontains": value})
        return queryset.filter(condition)

    # Exists rather than joins, so a practice with two matching topics is still one row.
    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(PracticeTopic.objects.filter(practice=OuterRef("pk"), topic__in=value))
        )

    def filter_city(self, queryset, name, value):
        return queryset.filter(
            Exists(PracticeCity.objects.filter(practice=OuterRef("pk"), city=value))
        )

    def filter_year(self, queryset, name, value):
        return queryset.covering_year(int(value))

    # --- More facets (issue 11) -----------------------------------------------------------
    def filter_by_condition(self, queryset, name, value):
        """The items of the chosen options' conditions (any of them): those their counts count."""
        values = value if isinstance(value, list) else [value]
        conditions = OPTION_CONDITIONS[name](values)
        condition = Q()
        for option in values:
            condition |= conditions[option]
        return queryset.filter(condition)

    def filter_network(self, queryset, name, value):
        return self.filter_by_condition(queryset, name, value.slug)

    # "transfer".
    def filter_adapted(self, queryset, name, value):
        from .transfer import adapted_condition

        return queryset.filter(adapted_condition()) if value == ADAPTED else queryset

    # "freshness".
    def filter_checked(self, queryset, name, value):
        return queryset.filter(recently_checked()) if value == RECENTLY_CHECKED else queryset
