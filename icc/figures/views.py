"""The figures page: the network in four charts, each with its data table."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from icc.caching.memo import memoize
from icc.facets import encode

from . import charts, stats


def with_query(url_name, **params):
    return f"{reverse(url_name)}?{encode({key: [value] for key, value in params.items()})}"


def members_chart():
    data = stats.members_per_year()
    rows = data["rows"]
    title = _("Member cities per year")
    if rows:
        first, last = rows[0], rows[-1]
        description = _(
            "From %(first_year)s to %(last_year)s, the member cities (counted from the year "
            "they joined) went from %(first)s to %(last)s; the cities in a national or "
            "regional network, from %(first_networks)s to %(last_networks)s."
        ) % {
            "first_year": first[0],
            "last_year": last[0],
            "first": first[1],
            "last": last[1],
            "first_networks": first[2],
            "last_networks": last[2],
        }
    else:
        description = _("No member city has a known joining year yet.")
    chart = charts.Chart(slug="chart-members", title=title, description=description)
    chart.definition = _(
        "Member cities: today's member cities, each counted from the year it joined the "
        "programme, so the last year gives the number of member cities. Cities in a network: "
        "the cities that were members of a national or regional network at the end of each "
        "year (today for this year), from the dates of their memberships."
    )
    if rows:
        chart.svg = charts.line_chart(
            chart.slug,
            title,
            description,
            [year for year, _members, _networks in rows],
            [
                {"label": _("member cities"), "values": [row[1] for row in rows]},
                {"label": _("in a network"), "values": [row[2] for row in rows]},
            ],
        )
    chart.table = charts.Table(
        caption=title,
        headers=[
            _("Year"),
            _("Member cities (cumulative)"),
            _("Cities in a national or regional network"),
        ],
        rows=[[{"text": str(year)}, members, networks] for year, members, networks in rows],
    )
    notes = []
    if data["former"]:
        notes.append(
            ngettext(
                "%(count)s former member city is not counted: the year it left is not recorded.",
                "%(count)s former member cities are not counted: the year they left is not "
                "recorded.",
                data["former"],
            )
            % {"count": data["former"]}
        )
    undated = data["undated"] + data.get("later", 0)
    if undated:
        notes.append(
            ngettext(
                "%(count)s member city has no known joining year and is not counted.",
                "%(count)s member cities have no known joining year and are not counted.",
                undated,
            )
            % {"count": undated}
        )
    chart.notes = notes
    return chart


def countries_chart():
    rows = stats.cities_by_country()
    title = _("Member cities by country")
    total = sum(count for _code, _name, count in rows)
    if rows:
        description = ngettext(
            "%(cities)s member cities in %(countries)s country; the most in %(top)s (%(top_count)s).",
            "%(cities)s member cities in %(countries)s countries; the most in %(top)s (%(top_count)s).",
            len(rows),
        ) % {"cities": total, "countries": len(rows), "top": rows[0][1], "top_count": rows[0][2]}
    else:
        description = _("There is no member city yet.")
    chart = charts.Chart(slug="chart-countries", title=title, description=description)
    chart.definition = _(
        "Today's member cities by the country they are in, as the list of member cities "
        "counts them."
    )
    chart.svg = charts.bar_chart(
        chart.slug, title, description, [(name, count) for _code, name, count in rows]
    )
    chart.table = charts.Table(
        caption=title,
        headers=[_("Country"), _("Member cities")],
        rows=[
            [
                {
                    "text": name,
                    "url": with_query("cities:city_list", status="member", country=code),
                },
                count,
            ]
            for code, name, count in rows
        ],
    )
    return chart


def topics_chart():
    rows = stats.practices_per_topic()
    title = _("Good practices per topic")
    used = [row for row in rows if row[2]]
    if used:
        top = max(used, key=lambda row: row[2])
        description = _(
            "Published good practices in each of the %(topics)s topics; the most in "
            "%(top)s (%(top_count)s). A practice may have several topics."
        ) % {"topics": len(rows), "top": top[1], "top_count": top[2]}
    else:
        description = _("No good practice has been published yet.")
    chart = charts.Chart(slug="chart-topics", title=title, description=description)
    chart.definition = _(
        "Published good practices by topic, as the list of good practices counts them."
    )
    chart.svg = charts.bar_chart(
        chart.slug, title, description, [(name, count) for _slug, name, count in rows]
    )
    chart.table = charts.Table(
        caption=title,
        headers=[_("Topic"), _("Good practices")],
        rows=[
            [{"text": name, "url": with_query("practices:practice_list", topic=slug)}, count]
            for slug, name, count in rows
        ],
    )
    return chart


def events_chart():
    rows = stats.events_per_year()
    title = _("Events per year")
    if rows:
        top = max(rows, key=lambda row: (row[1], row[0]))
        description = _(
            "Events by the year they start, from %(first)s to %(last)s: %(total)s in all; the "
            "most in %(top)s (%(top_count)s)."
        ) % {
            "first": rows[0][0],
            "last": rows[-1][0],
            "total": sum(count for _year, count in rows),
            "top": top[0],
            "top_count": top[1],
        }
    else:
        description = _("No event has been published yet.")
    chart = charts.Chart(slug="chart-events", title=title, description=description)
    chart.definition = _(
        "Published events by the year they start, past and upcoming, as the list of events "
        "counts them."
    )
    if rows:
        chart.svg = charts.column_chart(chart.slug, title, description, rows)
    chart.table = charts.Table(
        caption=title,
        headers=[_("Year"), _("Events")],
        rows=[
            [{"text": str(year), "url": with_query("events:event_list", year=str(year))}, count]
            for year, count in rows
        ],
    )
    return chart


def network_figures():
    """The four charts of the page, in the reader's language (memoized for the generation)."""
    return memoize(
        "figures-page",
        (translation.get_language(),),
        lambda: [members_chart(), countries_chart(), topics_chart(), events_chart()],
    )


class NetworkFiguresView(TemplateView):
    template_name = "figures/network_figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["charts"] = network_figures()
        return context
