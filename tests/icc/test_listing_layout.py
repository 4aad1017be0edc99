"""Listings, phones first: the filters behind one disclosure placed before the results, every
facet option reachable (long facets: the first options and a "Show all"), the active filters
above the results, and the member cities listed apart from the former members.

What a browser makes of it (positions at 360 px, no JavaScript, axe) is checked in
tests/e2e/test_listings_phone.py.
"""

import datetime
import re

import pytest
from django.core.cache import cache

from cities.models import City
from icc.facets import LONG_FACET, SHOWN_OF_LONG_FACET, Facet, Option
from tests.factories import (
    CityFactory,
    EventFactory,
    MembershipFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
)
from tests.helpers import facet, facet_options, text

pytestmark = pytest.mark.django_db

COUNTRIES = ["AT", "BE", "CA", "CY", "DK", "ES", "FI", "FR", "GR", "IT", "NO", "PT"]
LISTINGS = ["/en/cities/", "/en/networks/", "/en/events/", "/en/news/", "/en/practices/"]


def option(value, count=1, selected=False):
    return Option(value=value, label=value.title(), count=count, selected=selected, url="?")


def long_facet(*, counts, selected=()):
    return Facet(
        param="country",
        label="Country",
        options=[
            option(f"c{index}", count=count, selected=f"c{index}" in selected)
            for index, count in enumerate(counts)
        ],
    )


def values(options):
    return [option.value for option in options]


# --- Which options a facet shows at once ------------------------------------------------------


def test_a_short_facet_shows_every_option_and_hides_none():
    short = long_facet(counts=[0, 3] * (LONG_FACET // 2))
    assert len(short.options) == LONG_FACET
    assert values(short.shown_options) == values(short.options)
    assert short.more_options == []


def test_a_long_facet_shows_its_first_options_with_items_and_keeps_the_rest_in_order():
    counts = [0, 4, 0, 1, 2, 0, 5, 7, 1, 0, 3, 2]
    facet_ = long_facet(counts=counts)
    with_items = [f"c{index}" for index, count in enumerate(counts) if count]
    assert values(facet_.shown_options) == with_items[:SHOWN_OF_LONG_FACET]
    # Every option is in one list or the other, once, each list in display order.
    assert sorted(values(facet_.shown_options) + values(facet_.more_options)) == sorted(
        values(facet_.options)
    )
    assert values(facet_.more_options) == [
        value for value in values(facet_.options) if value not in values(facet_.shown_options)
    ]


def test_a_long_facet_always_shows_its_selected_options_even_empty_or_far_down():
    counts = [3] * 12 + [0]
    facet_ = long_facet(counts=counts, selected={"c11", "c12"})
    shown = values(facet_.shown_options)
    assert shown == ["c0", "c1", "c2", "c3", "c4", "c11", "c12"]
    assert "c11" not in values(facet_.more_options) and "c12" not in values(facet_.more_options)


# --- The page: disclosure first, results, active filters -------------------------------------


@pytest.fixture
def crowded(db):
    """Enough cities, events, news and practices for long facets (12 countries)."""
    network = NetworkFactory(name_en="A very long network name that must wrap on a phone")
    cities = [
        CityFactory(name_en=f"Town {index:02}", country=COUNTRIES[index % len(COUNTRIES)])
        for index in range(24)
    ]
    for city in cities[:5]:
        MembershipFactory(network=network, city=city)
    today = datetime.date.today()
    for index, city in enumerate(cities[:12]):
        EventFactory(
            title_en=f"Meeting {index}",
            country=city.country,
            host_cities=[city],
            start_date=today + datetime.timedelta(days=10 + index),
            end_date=today + datetime.timedelta(days=10 + index),
        )
        NewsItemFactory(title_en=f"News {index}", cities=[city])
        PracticeFactory(published=True, title_en=f"Practice {index}", cities=[city])
    return {"cities": cities, "network": network}


def disclosure(html):
    """The filters' <details> of a listing page, whole."""
    found = re.search(r'<details class="filters-disclosure"[^>]*>.*?</aside>', html, re.S)
    assert found, "the listing has no filters disclosure"
    return found.group(0)


@pytest.mark.parametrize("path", [*LISTINGS, "/en/search/?q=town"])
def test_the_filters_are_one_closed_disclosure_before_the_results(client, crowded, path):
    html = text(client.get(path))
    panel = disclosure(html)
    assert '<details class="filters-disclosure">' in panel, "closed: no open attribute"
    assert re.search(r'<summary class="filters-summary">.*?Filters\s*</span></summary>', panel)
    # Every facet is inside it; the results come after it.
    assert panel.count('class="facet"') >= 2
    assert html.index('class="filters-disclosure"') < html.index('id="results"')
    # A skip link leads past the panel to the results.
    assert html.index('href="#results"') < html.index('class="filters-disclosure"')
    # No facet hides its options in a scroll box (a style attribute or a class of its own).
    assert "max-height" not in panel and "overflow" not in panel


@pytest.mark.parametrize(
    ("query", "summary"),
    [
        ("?country=PT", "Filters (1 active)"),
        ("?country=PT&joined=2015", "Filters (2 active)"),
        ("?country=PT&q=town", "Filters (2 active)"),
    ],
)
def test_the_summary_says_how_many_filters_are_active(client, crowded, query, summary):
    html = text(client.get(f"/en/cities/{query}"))
    assert f'<span class="filters-summary-text">{summary}</span>' in html


def test_the_active_filters_stay_above_the_results_outside_the_disclosure(client, crowded):
    html = text(client.get("/en/cities/?country=PT&joined=2015"))
    panel = disclosure(html)
    assert "active-filters" not in panel
    results = html[html.index('id="results"') :]
    chips = results[: results.index('id="results-heading"')]
    assert 'class="active-filters"' in chips
    assert 'href="/en/cities/?joined=2015"' in chips  # removes the country, keeps the year
    assert 'href="/en/cities/?country=PT"' in chips
    assert 'href="/en/cities/">Clear all filters</a>' in chips


def test_a_long_facet_offers_every_option_with_a_show_all_disclosure(client, crowded):
    response = client.get("/en/cities/?country=PT")
    html = text(response)
    countries = facet(response, "country")
    assert len(countries.options) == len(COUNTRIES) > LONG_FACET
    section = re.search(r'aria-labelledby="facet-country">(.*?)</section>', html, re.S).group(1)
    shown, _sep, more = section.partition('<details class="facet-more">')
    assert "Show all 12 options" in more and '<span class="visually-hidden">: Country' in more
    # Every country is a link somewhere in the facet, once; Portugal (selected) is shown at once.
    for option_ in countries.options:
        assert section.count(f'href="{option_.url}"') == 1, option_.label
    assert 'aria-current="true"' in shown and ">Portugal<" in shown
    # The first countries with cities (Austria...), then Portugal, far down but selected.
    assert len(re.findall(r"<li>", shown)) == SHOWN_OF_LONG_FACET + 1
    assert shown.index(">Austria<") < shown.index(">Portugal<")
    assert len(re.findall(r"<li>", more)) == len(COUNTRIES) - SHOWN_OF_LONG_FACET - 1
    assert ">Portugal<" not in more


def test_a_short_facet_has_no_show_all(client, crowded):
    html = text(client.get("/en/cities/"))
    section = re.search(r'aria-labelledby="facet-status">(.*?)</section>', html, re.S).group(1)
    assert "facet-more" not in section


def test_the_search_page_has_the_same_disclosure_and_chips(client, crowded):
    html = text(client.get("/en/search/?q=town&type=city"))
    assert '<span class="filters-summary-text">Filters (1 active)</span>' in html
    results = html[html.index('id="results"') :]
    assert results.index('class="active-filters"') < results.index('id="results-title"')


@pytest.mark.parametrize("path", LISTINGS)
def test_the_map_slot_and_the_results_heading_come_before_the_first_card(client, crowded, path):
    html = text(client.get(path))
    results = html[html.index('id="results"') :]
    assert results.index('id="results-heading"') < results.index("<li")


def test_french_listing_opens_with_its_disclosure(client, crowded):
    html = text(client.get("/fr/cities/?country=PT"))
    assert '<html lang="fr"' in html
    assert 'class="filters-disclosure"' in html and 'href="#results"' in html


# --- Member cities: current members first, former members apart --------------------------------


@pytest.fixture
def members_and_former(db):
    members = [CityFactory(name_en=f"Member {index:02}", country="PT") for index in range(4)]
    former = [
        CityFactory(name_en="Aardvark former", country="PT", status=City.Status.FORMER),
        CityFactory(name_en="Zulu former", country="NO", status=City.Status.FORMER),
    ]
    return members, former


def test_member_cities_counts_current_members_and_lists_former_members_apart(
    client, members_and_former
):
    members, former = members_and_former
    html = text(client.get("/en/cities/"))
    assert ">4 cities</h2>" in html
    assert "and 2 former members, listed apart</a>" in html
    assert 'href="#former-members"' in html
    apart = html[html.index('id="former-members"') :]
    before = html[: html.index('id="former-members"')]
    for city in members:
        assert f">{city.name_en}<" in before and f">{city.name_en}<" not in apart
    for city in former:
        assert f">{city.name_en}<" in apart and f">{city.name_en}<" not in before
    # The home page's figure and the listing agree.
    assert City.objects.published().members().count() == 4


def test_the_status_facet_counts_stay_exact(client, members_and_former):
    response = client.get("/en/cities/?country=PT")
    status = facet_options(response, "status")
    assert (status["member"].count, status["former"].count) == (4, 1)
    html = text(response)
    assert ">4 cities</h2>" in html and "and 1 former member, listed apart</a>" in html


@pytest.mark.parametrize(
    ("query", "heading", "former_section"),
    [
        ("?status=member", ">4 cities</h2>", False),
        ("?status=former", ">2 former members</h2>", True),
    ],
)
def test_a_chosen_status_shows_only_its_cities(
    client, members_and_former, query, heading, former_section
):
    html = text(client.get(f"/en/cities/{query}"))
    assert heading in html
    assert ('id="former-members"' in html) is former_section
    assert "listed apart</a>" not in html


def test_former_members_come_after_every_current_member_across_pages(client, db):
    for index in range(31):
        CityFactory(name_en=f"Member {index:02}")
    CityFactory(name_en="Aardvark former", status=City.Status.FORMER)
    first = text(client.get("/en/cities/"))
    assert ">31 cities</h2>" in first
    assert 'id="former-members"' not in first and "Aardvark" not in first
    # The note leads to the page where the former members begin.
    assert 'href="?page=2#former-members"' in first
    second = text(client.get("/en/cities/?page=2"))
    assert second.index(">Member 30<") < second.index('id="former-members"')
    assert second.index('id="former-members"') < second.index(">Aardvark former<")
    assert 'href="#former-members"' in second
    # Filters are kept in the link.
    filtered = text(client.get("/en/cities/?joined=2015"))
    assert 'href="?joined=2015&amp;page=2#former-members"' in filtered


def test_the_member_split_costs_no_query_once_warm(
    client, members_and_former, django_assert_max_num_queries
):
    cache.clear()
    client.get("/en/cities/?country=PT")
    with django_assert_max_num_queries(8):
        html = text(client.get("/en/cities/?country=PT"))
    assert 'id="former-members"' in html


def test_the_city_listing_orders_members_first_in_its_downloads_too(client, members_and_former):
    response = client.get("/en/cities/download.csv")
    body = b"".join(response.streaming_content).decode()
    assert body.index("Member 03") < body.index("Aardvark former")
