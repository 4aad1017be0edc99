"""The network in figures: the counts behind the charts, from the listings' own querysets.

Each count is defined so that it matches what a listing shows:

- cities by country: the country facet of the cities listing filtered to current members;
- practices per topic: the topic facet of the good-practices listing, unfiltered;
- events per year: the year facet of the events listing, unfiltered;
- member cities per year: the cities listing's current members, by the year they joined
  (see ``members_per_year`` for what is and is not counted).

Every function is one or two grouped queries whatever the number of items; the page keeps
what they return for the content generation (``figures_data``).
"""

import datetime

from django.db.models import Count
from django.utils import timezone

from cities.models import City, Network, NetworkMembership
from events.models import Event
from icc.formatting import country_name
from practices.filters import topic_choices
from practices.models import Practice


def member_cities():
    """The current member cities, as the cities listing filtered by status shows them."""
    return City.objects.published().members()


def cities_by_country():
    """``[(code, country name, cities), ...]``: most cities first, then by name."""
    rows = member_cities().order_by().values_list("country").annotate(count=Count("pk"))
    found = [(str(code), country_name(code), count) for code, count in rows if code]
    return sorted(found, key=lambda row: (-row[2], row[1].casefold()))


def practices_per_topic():
    """``[(slug, topic name, practices), ...]`` in the taxonomy's order, topics with none too.

    A practice with several topics is counted once for each: the topics' numbers add up to
    more than the number of practices, as the listing's topic facet does.
    """
    rows = (
        Practice.objects.published()
        .order_by()
        .values_list("topic_links__topic__slug")
        .annotate(count=Count("pk", distinct=True))
    )
    counts = {slug: count for slug, count in rows if slug}
    return [(slug, str(name), counts.get(slug, 0)) for slug, name in topic_choices()]


def events_per_year():
    """``[(year, events), ...]`` by the year each published event starts, oldest first."""
    rows = (
        Event.objects.published()
        .order_by()
        .values_list("start_date__year")
        .annotate(count=Count("pk"))
    )
    return sorted((year, count) for year, count in rows if year)


def network_membership_in_force(memberships, year, today):
    """Cities with a membership in force at the end of ``year`` (today for this year).

    The rule of ``MembershipQuerySet.current(on=...)``: started (or no start date) and not
    yet ended on that day.
    """
    on = today if year >= today.year else datetime.date(year, 12, 31)
    return {
        city
        for city, joined, left in memberships
        if (joined is None or joined <= on) and (left is None or left > on)
    }


def members_per_year():
    """Member cities year by year, from the joining years and the dated network memberships.

    ``members``: today's member cities that had joined the programme by the end of each year
    (cumulative; the last value is the number of member cities). A former member is left
    out: the programme records the year a city joined but not the year it left, so it cannot
    be counted for the years it was a member without guessing. ``in_networks``: published
    cities (members or not) that were in a published national or regional network at the
    end of each year (today for the current year), from the memberships' dates.
    ``undated``: member cities without a joining year (not in ``members``); ``former``:
    former members left out.
    """
    today = timezone.localdate()
    joined = dict(
        member_cities()
        .exclude(joined_year=None)
        .order_by()
        .values_list("joined_year")
        .annotate(count=Count("pk"))
    )
    status = dict(
        City.objects.published().order_by().values_list("status").annotate(count=Count("pk"))
    )
    undated = member_cities().filter(joined_year=None).count()
    memberships = list(
        NetworkMembership.objects.filter(
            city__in=City.objects.published(), network__in=Network.objects.published()
        ).values_list("city_id", "joined", "left")
    )
    starts = [year for year in joined if year <= today.year]
    starts += [started.year for _city, started, _left in memberships if started]
    if not starts:
        return {"rows": [], "undated": undated, "former": status.get(City.Status.FORMER, 0)}
    rows, total = [], 0
    for year in range(min(starts), today.year + 1):
        total += joined.get(year, 0)
        in_networks = len(network_membership_in_force(memberships, year, today))
        rows.append((year, total, in_networks))
    return {
        "rows": rows,
        "undated": undated,
        "former": status.get(City.Status.FORMER, 0),
        # Joining years after this one (a typing slip) are not shown but counted here.
        "later": sum(count for year, count in joined.items() if year > today.year),
    }
