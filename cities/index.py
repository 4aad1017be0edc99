"""The ICC Index on a city's page: its latest result beside the network's average, its earlier
years, and published practices of other cities in its weakest policy areas.

The rules, also written in docs/public-site.md ("ICC Index results on city pages"):

- a city's **results** are its published ``IndexResult`` rows (of a published city), latest
  year first; the page charts the latest one;
- the **network's average** of the overall score and of each policy area is the mean of the
  scores in the *latest* published result of every published city that has one (this city
  included, whatever the year of that result); an area's mean counts only the cities whose
  latest result scores that area. Means are rounded to one decimal, halves up;
- the **areas to improve** are the ``WEAKEST_AREAS`` areas with the lowest scores in the
  city's latest result; equal scores follow the taxonomy's order (topic position, then name);
- the **suggested practices** are, for each of those areas from the weakest, the
  ``PRACTICES_PER_AREA`` latest published practices (``latest_first()``) with that topic that
  are not practices of this city; a practice is suggested once, under the weakest of its areas.

Everything read from the database for a page is memoized for the content generation
(``icc.caching.memo``): the network's average once for every city page, each city's numbers
and chosen practices once per city. A cold page costs a fixed number of queries, whatever the
number of cities, results or practices.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, OuterRef, Subquery, Sum, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from icc.caching.memo import memoize
from icc.figures import charts
from icc.models import ChosenRows
from practices.models import Practice, PracticeTopic, Topic

from .models import IndexAreaScore, IndexResult

WEAKEST_AREAS = 3
PRACTICES_PER_AREA = 2
ONE_DECIMAL = Decimal("0.1")
CITY_COLOUR = charts.SERIES_STYLES[0]["colour"]
AVERAGE_COLOUR = charts.SERIES_STYLES[1]["colour"]


def mean(total, count):
    """``total / count`` rounded to one decimal, halves up (None when nothing is counted)."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# --- What the database says (memoized) ------------------------------------------------------


def latest_results():
    """The latest published result of every published city that has one."""
    latest_year = (
        IndexResult.objects.published()
        .filter(city=OuterRef("city"))
        .order_by("-year")
        .values("year")[:1]
    )
    return IndexResult.objects.published().filter(year=Subquery(latest_year))


def compute_network_average():
    """``{"cities", "overall", "areas": {topic id: (mean, cities)}}``: two grouped queries."""
    latest = latest_results()
    overall = latest.order_by().aggregate(total=Sum("overall_score"), cities=Count("pk"))
    rows = (
        IndexAreaScore.objects.filter(result__in=latest.values("pk"))
        .order_by()
        .values("topic_id")
        .annotate(total=Sum("score"), cities=Count("pk"))
        .values_list("topic_id", "total", "cities")
    )
    return {
        "cities": overall["cities"],
        "overall": mean(overall["total"] or 0, overall["cities"]),
        "areas": {topic_id: (mean(total, cities), cities) for topic_id, total, cities in rows},
    }


def network_average():
    """The network's average (module docstring), once per content generation."""
    return memoize("index-network-average", (), compute_network_average)


def weakest_areas(scores, topic_order, count=WEAKEST_AREAS):
    """The ids of the ``count`` topics with the lowest ``scores`` ({topic id: score}); equal
    scores in the taxonomy's order (``topic_order``: topic ids in that order)."""
    position = {topic_id: index for index, topic_id in enumerate(topic_order)}
    ranked = sorted(scores, key=lambda topic_id: (scores[topic_id], position.get(topic_id, 0)))
    return ranked[:count]


def suggested_practices(city, areas, per_area=PRACTICES_PER_AREA):
    """``{topic id: [practice id, ...]}`` for ``areas`` (weakest first): one query.

    Each area's latest published practices not of ``city``; a practice already suggested for
    a weaker area is not repeated, so each area reads enough rows to make up for that.
    """
    if not areas:
        return {}
    enough = per_area * len(areas)
    rows = (
        PracticeTopic.objects.filter(topic_id__in=areas, practice__in=Practice.objects.published())
        .exclude(practice__city_links__city=city)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("topic_id")],
                order_by=[F("practice__published_at").desc(), F("practice_id").desc()],
            )
        )
        .filter(rank__lte=enough)
        .order_by("topic_id", "rank")
        .values_list("topic_id", "practice_id")
    )
    candidates = {topic_id: [] for topic_id in areas}
    for topic_id, practice_id in rows:
        candidates[topic_id].append(practice_id)
    chosen, seen = {}, set()
    for topic_id in areas:
        picks = [pk for pk in candidates[topic_id] if pk not in seen][:per_area]
        seen.update(picks)
        chosen[topic_id] = picks
    return chosen


def topic_order():
    return list(Topic.objects.order_by("position", "name").values_list("pk", flat=True))


def compute_city_index(city):
    """A city's Index numbers and suggested practices, as plain values (see ``city_index``)."""
    results = list(
        IndexResult.objects.published()
        .filter(city=city)
        .order_by("-year")
        .values_list("pk", "year", "overall_score")
    )
    if not results:
        return None
    latest_pk = results[0][0]
    scores = dict(
        IndexAreaScore.objects.filter(result_id=latest_pk).values_list("topic_id", "score")
    )
    order = topic_order()
    weakest = weakest_areas(scores, order)
    return {
        "years": [(year, overall) for _pk, year, overall in results],
        "scores": scores,
        "topic_order": order,
        "weakest": weakest,
        "suggestions": suggested_practices(city, weakest),
        "average": network_average(),
    }


def city_index(city):
    """``compute_city_index(city)``, once per content generation (None: no published result)."""
    return memoize(
        "city-index", (city.pk, WEAKEST_AREAS, PRACTICES_PER_AREA), lambda: compute_city_index(city)
    )


# --- What the page shows --------------------------------------------------------------------


def score_text(value):
    """A score as the reader's language writes it: ``72``, an average ``58.3`` (``58,3``)."""
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=1)
    return formats.number_format(value)


def difference_text(score, average):
    if score is None or average is None:
        return "–"
    difference = Decimal(score) - average
    sign = "+" if difference > 0 else ""
    return sign + formats.number_format(difference, decimal_pos=1)


@dataclass
class Area:
    topic: Topic
    score: int
    average: Decimal | None
    average_cities: int = 0


@dataclass
class Suggestion:
    topic: Topic
    score: int
    practices: list = field(default_factory=list)
    listing_url: str = ""


def compared_bar_chart(slug, title, description, rows, *, legend):
    """Horizontal bars out of 100, two a row: the city's (thick) and the average's (thin).

    ``rows`` are ``(label, score, average)``; ``legend`` the two series' names. Each bar has
    its number written after it, and the series differ by colour *and* thickness, so neither
    colour nor the legend is needed to read a number (WCAG 1.4.1); the page gives the same
    numbers in a table.
    """
    width, row_height, top = 480, 52, 34
    bar_room = width - 76
    body = []
    # The legend: a swatch of each series' shape and its name.
    body.append(f'<rect x="0" y="6" width="18" height="12" fill="{CITY_COLOUR}"/>')
    body.append(charts._text(24, 17, legend[0], size=13))
    legend_x = min(24 + len(legend[0]) * 7.5 + 20, width - 180)
    body.append(f'<rect x="{legend_x:.0f}" y="9" width="18" height="6" fill="{AVERAGE_COLOUR}"/>')
    body.append(charts._text(legend_x + 24, 17, legend[1], size=13, colour=AVERAGE_COLOUR))
    height = top + len(rows) * row_height + 4
    for tick in (0, 25, 50, 75, 100):
        x = bar_room * tick / 100
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - 4}" '
            f'stroke="{charts.GRID}" stroke-width="1"/>'
        )
    for index, (label, score, average) in enumerate(rows):
        y = top + index * row_height
        body.append(charts._text(0, y + 15, label))
        length = bar_room * (score or 0) / 100
        body.append(
            f'<rect x="0" y="{y + 21}" width="{length:.1f}" height="14" fill="{CITY_COLOUR}"/>'
        )
        body.append(charts._text(length + 6, y + 33, score_text(score), weight="700"))
        if average is not None:
            length = bar_room * float(average) / 100
            body.append(
                f'<rect x="0" y="{y + 38}" width="{length:.1f}" height="6" '
                f'fill="{AVERAGE_COLOUR}"/>'
            )
            body.append(
                charts._text(
                    length + 6, y + 46, score_text(average), size=13, colour=AVERAGE_COLOUR
                )
            )
    return charts._svg(slug, title, description, width, height, body)


def city_index_context(city):
    """What ``cities/includes/city_index.html`` shows, or None when the city has no result."""
    data = city_index(city)
    if data is None:
        return None
    average = data["average"]
    topics = Topic.objects.in_bulk(data["topic_order"])
    order = {topic_id: index for index, topic_id in enumerate(data["topic_order"])}
    areas = [
        Area(
            topic=topics[topic_id],
            score=score,
            average=average["areas"].get(topic_id, (None, 0))[0],
            average_cities=average["areas"].get(topic_id, (None, 0))[1],
        )
        for topic_id, score in sorted(
            data["scores"].items(), key=lambda item: order.get(item[0], 0)
        )
        if topic_id in topics
    ]
    (year, overall), earlier = data["years"][0], data["years"][1:]
    name = city.name
    chart = charts.Chart(
        slug="city-index-chart",
        title=_("%(city)s’s ICC Index result in %(year)s") % {"city": name, "year": year},
        description=index_description(name, year, overall, average, areas),
    )
    chart.definition = ngettext(
        "Scores out of 100. The network’s average is the mean of the latest result of the "
        "%(count)s city with published Index results, this city included; the average of an "
        "area counts the cities whose latest result scores that area.",
        "Scores out of 100. The network’s average is the mean of the latest result of each of "
        "the %(count)s cities with published Index results, this city included; the average "
        "of an area counts the cities whose latest result scores that area.",
        average["cities"],
    ) % {"count": average["cities"]}
    rows = [(_("Overall score"), overall, average["overall"])]
    rows += [(str(area.topic.name), area.score, area.average) for area in areas]
    chart.svg = compared_bar_chart(
        chart.slug,
        chart.title,
        chart.description,
        rows,
        legend=[f"{name} ({year})", _("Network average")],
    )
    chart.table = charts.Table(
        caption=chart.title,
        headers=[_("Policy area"), name, _("Network average"), _("Difference")],
        rows=[
            [label, score_text(score), score_text(mean_value), difference_text(score, mean_value)]
            for label, score, mean_value in rows
        ],
    )
    practices = ChosenRows(
        Practice.objects.published().for_cards().prefetch_related("cities"),
        [pk for pks in data["suggestions"].values() for pk in pks],
    )
    scores = data["scores"]
    suggestions = [
        Suggestion(
            topic=topics[topic_id],
            score=scores[topic_id],
            practices=practices.part(data["suggestions"].get(topic_id, [])),
            listing_url=f"{reverse('practices:practice_list')}?topic={topics[topic_id].slug}",
        )
        for topic_id in data["weakest"]
        if topic_id in topics
    ]
    return {
        "year": year,
        "overall": overall,
        "chart": chart,
        "earlier_years": earlier,
        "suggestions": suggestions,
        "network_cities": average["cities"],
    }


def index_description(name, year, overall, average, areas):
    """The chart's ``<desc>``: the overall score against the average, the best and worst areas."""
    text = _(
        "%(city)s’s overall score in %(year)s: %(score)s out of 100; network average: %(average)s."
    ) % {
        "city": name,
        "year": year,
        "score": score_text(overall),
        "average": score_text(average["overall"]),
    }
    if areas:
        best = max(areas, key=lambda area: area.score)
        worst = min(areas, key=lambda area: area.score)
        text += " " + _(
            "Highest area: %(best)s (%(best_score)s); lowest: %(worst)s (%(worst_score)s)."
        ) % {
            "best": best.topic.name,
            "best_score": best.score,
            "worst": worst.topic.name,
            "worst_score": worst.score,
        }
    return text
