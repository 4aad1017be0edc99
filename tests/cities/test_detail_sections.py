"""The sections of a city's and a network's page: upcoming and past events, current and former
memberships, and queries that do not grow with them."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from cities.views import DETAIL_LIST_LIMIT, PAST_EVENTS_LIMIT
from tests.factories import CityFactory, EventFactory, MembershipFactory, NetworkFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

TRANSACTION_STATEMENTS = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def days(count):
    return timezone.localdate() + datetime.timedelta(days=count)


def event(title, start, end=None, **fields):
    return EventFactory(title_en=title, title_fr=f"FR {title}", start_date=start,
                        end_date=end or start, **fields)  # fmt: skip


def section(html, heading_id):
    """The HTML of the section headed by ``heading_id`` (up to its end)."""
    assert f'id="{heading_id}"' in html, heading_id
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def upcoming_and_past(html, heading_id):
    """The card titles of the upcoming part and of the past part of an events section."""
    events = section(html, heading_id)
    upcoming, _, past = events.partition("<h3>Past events</h3>")
    return card_titles(upcoming), card_titles(past)


def card_titles(html):
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def listed_names(html):
    """The names linked in a list of members or networks, in order."""
    return re.findall(r"<li><a href=\"[^\"]+\">([^<]+)</a>", html)


@pytest.fixture
def lisbon():
    return CityFactory(name_en="Lisbon", name_fr="Lisbonne", slug="lisbon")


# --- Events: upcoming (soonest first) and past (latest first) -----------------------------------


def test_city_events_are_split_into_upcoming_soonest_first_and_past_latest_first(client, lisbon):
    oslo = CityFactory(name_en="Oslo")
    event("In ten days", days(10), host_cities=[lisbon])
    event("In two days", days(2), host_cities=[lisbon])
    # Upcoming until its last day is over, as on the events listing.
    event("Ends today", days(-1), days(0), host_cities=[lisbon])
    event("Yesterday", days(-1), host_cities=[lisbon])
    event("Last month", days(-30), host_cities=[lisbon, oslo])
    event("Draft", days(5), host_cities=[lisbon], is_published=False)
    event("In Oslo", days(3), host_cities=[oslo])

    html = text(client.get(lisbon.get_absolute_url()))
    upcoming, past = upcoming_and_past(html, "city-events")
    assert upcoming == ["Ends today", "In two days", "In ten days"]
    assert past == ["Yesterday", "Last month"]
    # Everything is on the page: no link to see more.
    assert 'class="see-all"' not in html


def test_city_past_events_are_limited_with_a_link_to_the_filtered_listing(client, lisbon):
    total = PAST_EVENTS_LIMIT + 3
    for number in range(total):
        event(f"Past meeting {number:02d}", days(-10 - number), host_cities=[lisbon])
    event("Elsewhere", days(-5), host_cities=[CityFactory()])

    html = text(client.get(lisbon.get_absolute_url()))
    upcoming, past = upcoming_and_past(html, "city-events")
    assert upcoming == []
    assert "No upcoming event in Lisbon at the moment." in html
    # The latest ones, latest first.
    assert past == [f"Past meeting {number:02d}" for number in range(PAST_EVENTS_LIMIT)]
    link = re.search(r'<p class="see-all"><a href="([^"]+)">([^<]+)</a>', html)
    assert link.group(1) == "/en/events/?city=lisbon&amp;when=past"
    assert link.group(2) == f"See all {total} past events hosted by Lisbon"
    # The listing it leads to holds exactly those events.
    listing = text(client.get(link.group(1).replace("&amp;", "&")))
    titles = card_titles(listing)
    assert sorted(titles) == sorted(f"Past meeting {number:02d}" for number in range(total))


def test_city_upcoming_events_beyond_the_limit_link_to_the_listing(client, lisbon):
    for number in range(DETAIL_LIST_LIMIT + 1):
        event(f"Coming {number:02d}", days(1 + number), host_cities=[lisbon])
    html = text(client.get(lisbon.get_absolute_url()))
    upcoming, past = upcoming_and_past(html, "city-events")
    assert upcoming == [f"Coming {number:02d}" for number in range(DETAIL_LIST_LIMIT)]
    assert past == []
    assert (
        f'href="/en/events/?city=lisbon&amp;when=upcoming">'
        f"See all {DETAIL_LIST_LIMIT + 1} upcoming events hosted by Lisbon</a>"
    ) in html


def test_a_city_without_events_has_no_events_section(client, lisbon):
    html = text(client.get(lisbon.get_absolute_url()))
    assert 'id="city-events"' not in html


def test_network_events_are_split_and_past_ones_limited(client):
    network = NetworkFactory(name_en="Portuguese Network", slug="rpci")
    event("Coordination meeting", days(20), network=network)
    event("Webinar", days(7), network=network)
    for number in range(PAST_EVENTS_LIMIT + 1):
        event(f"Old meeting {number}", days(-100 - number), network=network)
    event("Another network's", days(-1), network=NetworkFactory())

    html = text(client.get(network.get_absolute_url()))
    upcoming, past = upcoming_and_past(html, "network-events")
    assert upcoming == ["Webinar", "Coordination meeting"]
    assert past == [f"Old meeting {number}" for number in range(PAST_EVENTS_LIMIT)]
    assert (
        f'href="/en/events/?network=rpci&amp;when=past">'
        f"See all {PAST_EVENTS_LIMIT + 1} past events of the network</a>"
    ) in html


def test_a_network_with_past_events_only_says_none_is_upcoming(client):
    network = NetworkFactory()
    event("Founding meeting", days(-400), network=network)
    html = text(client.get(network.get_absolute_url()))
    assert "No upcoming event of the network at the moment." in html
    assert upcoming_and_past(html, "network-events") == ([], ["Founding meeting"])


def test_an_event_moves_to_past_events_the_day_after_it_ends(client, lisbon):
    # 23:00 in Paris (the site's time zone), then 00:30 the next day: the kept page body and
    # lists (same content generation, within their lifetime) must not be reused the next day.
    with freeze_time("2030-05-10 21:00:00"):
        event("Closing conference", datetime.date(2030, 5, 9), datetime.date(2030, 5, 10),
              host_cities=[lisbon])  # fmt: skip
        html = text(client.get(lisbon.get_absolute_url()))
        assert upcoming_and_past(html, "city-events") == (["Closing conference"], [])
        # Kept: a second visit the same day reads the same sections.
        assert upcoming_and_past(text(client.get(lisbon.get_absolute_url())), "city-events") == (
            ["Closing conference"],
            [],
        )
    with freeze_time("2030-05-10 22:30:00"):
        html = text(client.get(lisbon.get_absolute_url()))
        assert upcoming_and_past(html, "city-events") == ([], ["Closing conference"])


def test_the_french_page_splits_events_in_french(client, lisbon):
    event("Soon", days(3), host_cities=[lisbon])
    event("Long ago", days(-300), host_cities=[lisbon])
    html = text(client.get("/fr/cities/lisbon/"))
    events = section(html, "city-events")
    assert events.index("FR Soon") < events.index("FR Long ago")
    assert "Événements à venir" in events  # already in the catalogue


# --- Memberships: current and former, apart ---------------------------------------------------


def test_network_lists_current_and_former_members_apart(client):
    network = NetworkFactory(name_en="Italian Network")
    for name in ("Torino", "Bari"):
        MembershipFactory(network=network, city=CityFactory(name_en=name, name_fr=name))
    viareggio = CityFactory(name_en="Viareggio", name_fr="Viareggio", country="IT")
    MembershipFactory(network=network, city=viareggio, joined=datetime.date(2010, 5, 22),
                      left=datetime.date(2019, 12, 31))  # fmt: skip
    MembershipFactory(network=network, city=CityFactory(name_en="Genova", name_fr="Gênes"),
                      joined=None, left=datetime.date(2021, 6, 30))  # fmt: skip
    # Left, then joined again: a current member, listed once.
    venice = CityFactory(name_en="Venice", name_fr="Venise")
    MembershipFactory(network=network, city=venice, joined=datetime.date(2010, 1, 1),
                      left=datetime.date(2012, 1, 1))  # fmt: skip
    MembershipFactory(network=network, city=venice, joined=datetime.date(2016, 1, 1))
    # Joins next month: neither a member yet nor a former one.
    MembershipFactory(network=network, city=CityFactory(name_en="Padova"), joined=days(30))
    # Leaves at the end of the month: still a member today.
    MembershipFactory(
        network=network, city=CityFactory(name_en="Prato", name_fr="Prato"), left=days(10)
    )
    MembershipFactory(network=network, city=CityFactory(name_en="Draft city", is_published=False))

    html = text(client.get(network.get_absolute_url()))
    current = section(html, "network-members")
    former = section(html, "network-former")
    assert listed_names(current) == ["Bari", "Prato", "Torino", "Venice"]
    # Who left most recently first, with the years they were members when known.
    assert listed_names(former) == ["Genova", "Viareggio"]
    assert "from 2010 to 2019" in former and "until 2021" in former
    assert "<dt>Member cities</dt><dd>4</dd>" in html
    for absent in ("Padova", "Draft city"):
        assert absent not in html

    french = text(client.get(f"/fr/networks/{network.slug}/"))
    assert listed_names(section(french, "network-members")) == ["Bari", "Prato", "Torino", "Venise"]
    assert listed_names(section(french, "network-former")) == ["Gênes", "Viareggio"]


def test_a_network_without_former_members_has_no_former_section(client):
    network = NetworkFactory()
    MembershipFactory(network=network)
    html = text(client.get(network.get_absolute_url()))
    assert 'id="network-former"' not in html
    assert 'id="network-members"' in html


def test_city_lists_current_then_former_networks_once_each(client, lisbon):
    rpci = NetworkFactory(name_en="Portuguese Network")
    regions = NetworkFactory(name_en="Regions Network")
    old = NetworkFactory(name_en="Old Network")
    upcoming = NetworkFactory(name_en="Future Network")
    hidden = NetworkFactory(name_en="Hidden Network", is_published=False)
    MembershipFactory(network=rpci, city=lisbon, joined=datetime.date(2011, 6, 1))
    # Left and joined again: one current line.
    MembershipFactory(network=regions, city=lisbon, joined=datetime.date(2012, 1, 1),
                      left=datetime.date(2014, 1, 1))  # fmt: skip
    MembershipFactory(network=regions, city=lisbon, joined=datetime.date(2019, 1, 1))
    MembershipFactory(network=old, city=lisbon, joined=datetime.date(2014, 3, 1),
                      left=datetime.date(2018, 6, 30))  # fmt: skip
    # A membership that starts later is not a former one (it used to be shown as such).
    MembershipFactory(network=upcoming, city=lisbon, joined=days(15))
    MembershipFactory(network=hidden, city=lisbon)

    html = text(client.get(lisbon.get_absolute_url()))
    networks = section(html, "city-networks")
    assert listed_names(networks) == ["Regions Network", "Portuguese Network", "Old Network"]
    assert "member since 2019" in networks and "member since 2011" in networks
    assert "former member (2014-2018)" in networks
    assert networks.count("former member") == 1
    assert "Future Network" not in html and "Hidden Network" not in html


def test_a_former_membership_without_a_joining_date_says_until_when(client, lisbon):
    network = NetworkFactory(name_en="Old Network")
    MembershipFactory(network=network, city=lisbon, joined=None, left=datetime.date(2016, 1, 1))
    html = text(client.get(lisbon.get_absolute_url()))
    assert "former member (until 2016)" in section(html, "city-networks")


# --- Queries: the same with a few and with many events and members -----------------------------


def count_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return sum(
        1 for query in captured.captured_queries
        if not query["sql"].startswith(TRANSACTION_STATEMENTS)
    )  # fmt: skip


def cold_and_warm(client, path):
    cache.clear()
    return count_queries(client, path), count_queries(client, path)


def populate(city, network, size):
    """``size`` upcoming and ``size`` past events of the city and the network, and members."""
    for number in range(size):
        event(f"Coming {number}", days(1 + number), host_cities=[city], network=network)
        event(f"Past {number}", days(-1 - number), host_cities=[city], network=network)
        member = CityFactory()
        MembershipFactory(network=network, city=member)
        MembershipFactory(network=network, city=CityFactory(), left=days(-1 - number))
        MembershipFactory(network=NetworkFactory(), city=city, left=days(-1 - number))
        MembershipFactory(network=NetworkFactory(), city=city)


def test_queries_do_not_grow_with_events_and_members(client, django_assert_max_num_queries):
    small_city, small_network = CityFactory(), NetworkFactory()
    large_city, large_network = CityFactory(), NetworkFactory()
    populate(small_city, small_network, 1)
    populate(large_city, large_network, 30)

    for small, large in (
        (small_city.get_absolute_url(), large_city.get_absolute_url()),
        (small_network.get_absolute_url(), large_network.get_absolute_url()),
    ):
        assert cold_and_warm(client, small) == cold_and_warm(client, large), large
    cache.clear()
    # Cold: the item, memberships, the memoized ids (with the event counts), one read of
    # every event the page shows, the cards' rows and the documents (plus the request's
    # savepoints, which this assertion counts too).
    with django_assert_max_num_queries(13):
        client.get(large_city.get_absolute_url())
    with django_assert_max_num_queries(3):
        # Warm: the page body is kept; the item only.
        client.get(large_city.get_absolute_url())
    with django_assert_max_num_queries(12):
        client.get(large_network.get_absolute_url())
    with django_assert_max_num_queries(3):
        client.get(large_network.get_absolute_url())
