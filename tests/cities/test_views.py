"""Public pages of cities and networks: listings with facets, details, bad input, previews."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from cities.models import City, NetworkMembership
from tests.factories import (
    CityFactory,
    DocumentFactory,
    EventFactory,
    MembershipFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
)
from tests.helpers import text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def facet_counts(html, param):
    """{label: count} of one facet, read from the page."""
    section = re.search(rf'aria-labelledby="facet-{param}">(.*?)</section>', html, re.S).group(1)
    counts = {}
    for count, label in re.findall(
        r'facet-count">(\d+)</span>\s*<span class="facet-label">([^<]+)</span>', section
    ):
        counts[label.strip()] = int(count)
    return counts


@pytest.fixture
def world():
    """Cities in three countries, two networks (one with a former member)."""
    lisbon = CityFactory(name_en="Lisbon", name_fr="Lisbonne", country="PT", joined_year=2011)
    oeiras = CityFactory(name_en="Oeiras", name_fr="Oeiras", country="PT", joined_year=2015)
    porto = CityFactory(name_en="Porto", name_fr="Porto", country="PT", joined_year=2015)
    oslo = CityFactory(name_en="Oslo", name_fr="Oslo", country="NO", joined_year=2011)
    bergen = CityFactory(name_en="Bergen", name_fr="Bergen", country="NO", joined_year=2015)
    montreal = CityFactory(name_en="Montreal", name_fr="Montréal", country="CA", joined_year=2011)
    hidden = CityFactory(name_en="Hidden", country="PT", joined_year=2015, is_published=False)
    rpci = NetworkFactory(name_en="Portuguese Network", name_fr="Réseau portugais", slug="rpci")
    nor = NetworkFactory(
        name_en="Norwegian Network", name_fr="Réseau norvégien", slug="nor", country="NO"
    )
    for city in (lisbon, oeiras, hidden):
        MembershipFactory(network=rpci, city=city)
    # Porto left the Portuguese network: not a current member.
    MembershipFactory(
        network=rpci,
        city=porto,
        joined=datetime.date(2012, 1, 1),
        left=TODAY - datetime.timedelta(days=1),
    )
    for city in (oslo, bergen):
        MembershipFactory(network=nor, city=city)
    return {c.name_en: c for c in (lisbon, oeiras, porto, oslo, bergen, montreal, hidden)} | {
        "rpci": rpci,
        "nor": nor,
    }


def test_city_listing_opens_in_both_languages_ordered_by_translated_name(client, world):
    english = text(client.get("/en/cities/"))
    assert english.index(">Lisbon<") < english.index(">Montreal<") < english.index(">Oeiras<")
    assert "Hidden" not in english
    french = text(client.get("/fr/cities/"))
    assert '<html lang="fr"' in french
    assert ">Montréal<" in french and ">Lisbonne<" in french
    assert "7 cities" not in english and "6 cities" in english


def test_city_listing_orders_by_the_french_name_in_french(client, db):
    CityFactory(name_en="Zeta", name_fr="Alpha")
    CityFactory(name_en="Alpha", name_fr="Zeta")
    french = text(client.get("/fr/cities/"))
    english = text(client.get("/en/cities/"))
    assert french.index(">Alpha<") < french.index(">Zeta<")
    assert english.index(">Alpha<") < english.index(">Zeta<")
    # In French "Alpha" is the city whose English name is Zeta: the slugs show the order.
    assert french.index("/fr/cities/zeta/") < french.index("/fr/cities/alpha/")


def test_facet_counts_use_every_other_filter(client, world):
    html = text(client.get("/en/cities/?country=PT&joined=2015"))
    published = City.objects.published()
    # Country counts: filtered by joined=2015 only.
    expected_countries = {
        "Portugal": published.filter(joined_year=2015, country="PT").count(),
        "Norway": published.filter(joined_year=2015, country="NO").count(),
    }
    countries = facet_counts(html, "country")
    assert countries["Portugal"] == expected_countries["Portugal"] == 2
    assert countries["Norway"] == expected_countries["Norway"] == 1
    # Year counts: filtered by country=PT only.
    years = facet_counts(html, "joined")
    assert years["2015"] == published.filter(country="PT", joined_year=2015).count() == 2
    assert years["2011"] == published.filter(country="PT", joined_year=2011).count() == 1
    # Network counts: current members among PT cities joined in 2015 (Oeiras only: Porto left).
    networks = facet_counts(html, "network")
    current_pt_2015 = (
        NetworkMembership.objects.current()
        .filter(network__slug="rpci", city__in=published.filter(country="PT", joined_year=2015))
        .count()
    )
    assert networks["Portuguese Network"] == current_pt_2015 == 1
    assert networks["Norwegian Network"] == 0
    assert "2 cities" in html


def test_empty_options_are_not_links_and_active_filters_are_removable(client, world):
    html = text(client.get("/en/cities/?country=PT&network=rpci"))
    # Norwegian network: no PT city in it, shown as text, not a link.
    assert re.search(
        r'<span class="facet-option is-empty">\s*<span class="facet-count">0</span> <span class="facet-label">Norwegian Network',
        html,
    )
    assert 'href="/en/cities/?country=PT&amp;network=nor"' not in html
    # Each active filter has a removal link keeping the other one, and a clear-all link.
    assert 'href="/en/cities/?network=rpci"' in html
    assert 'href="/en/cities/?country=PT"' in html
    assert "Clear all filters" in html and 'href="/en/cities/"' in html
    assert ">Lisbon<" in html and ">Oeiras<" in html and ">Porto<" not in html


def test_network_filter_counts_only_current_members(client, world):
    html = text(client.get("/en/cities/?network=rpci"))
    assert ">Lisbon<" in html and ">Oeiras<" in html
    assert ">Porto<" not in html and "Hidden" not in html


def test_text_search_in_both_languages_keeps_other_filters(client, world):
    html = text(client.get("/fr/cities/?q=montr%C3%A9al"))
    assert ">Montréal<" in html and ">Oslo<" not in html
    html = text(client.get("/en/cities/?q=lis&country=PT"))
    assert ">Lisbon<" in html and ">Oeiras<" not in html
    assert '<input type="hidden" name="country" value="PT">' in html


@pytest.mark.parametrize(
    "query",
    ["country=XX", "network=unknown", "joined=abc", "joined=2015.5", "status=nonsense"],
)
def test_invalid_filter_values_give_a_message_not_an_error(client, world, query):
    response = client.get(f"/en/cities/?{query}")
    assert response.status_code == 200
    html = text(response)
    assert "not understood and has been ignored" in html
    assert "6 cities" in html  # the invalid filter is ignored


def test_invalid_filter_message_in_french(client, world):
    html = text(client.get("/fr/cities/?country=XX"))
    assert "n’a pas été comprise et a été ignorée" in html


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("abc", "The page number was not valid"),
        ("9999", "There are not that many pages"),
        ("-1", ""),
    ],
)
def test_bad_page_numbers_show_a_page_with_a_message(client, world, page, message):
    response = client.get(f"/en/cities/?page={page}")
    assert response.status_code == 200
    assert message in text(response)
    assert ">Lisbon<" in text(response)


def test_pagination_keeps_the_filters(client, db):
    CityFactory.create_batch(35, country="NO")
    html = text(client.get("/en/cities/?country=NO"))
    assert 'href="?country=NO&amp;page=2"' in html
    page_two = text(client.get("/en/cities/?country=NO&page=2"))
    assert "Page 2 of 2" in page_two


def test_a_2000_character_query_string_is_fine(client, world):
    long = "x" * 2000
    for url in (
        f"/en/cities/?q={long}",
        f"/en/cities/?country={long}&joined={long}",
        f"/fr/networks/?q={long}",
    ):
        response = client.get(url)
        assert response.status_code == 200


def test_city_detail_shows_its_profile_networks_practices_events_news_documents(client, world):
    lisbon = world["Lisbon"]
    porto = world["Porto"]
    PracticeFactory(published=True, cities=[lisbon], title_en="Lisbon welcomes")
    PracticeFactory(cities=[lisbon], title_en="Draft practice")
    EventFactory(host_cities=[lisbon], title_en="Lisbon summit", country="PT")
    EventFactory(host_cities=[lisbon], title_en="Hidden event", is_published=False)
    NewsItemFactory(cities=[lisbon], title_en="News about Lisbon")
    report = DocumentFactory(title_en="Lisbon Index report", kind="index_report", year=2019)
    lisbon.documents.add(report)
    html = text(client.get(lisbon.get_absolute_url()))
    for expected in (
        "<h1>Lisbon</h1>",
        "Portuguese Network",
        "Lisbon welcomes",
        "Lisbon summit",
        "News about Lisbon",
        "Lisbon Index report",
        '<span class="file-details">PDF, 1 KB</span>',
    ):
        assert expected in html, expected
    for hidden in ("Draft practice", "Hidden event"):
        assert hidden not in html
    # Porto's membership has ended: shown as a former membership.
    porto_html = text(client.get(porto.get_absolute_url()))
    assert "former member" in porto_html


def test_network_detail_lists_current_and_former_members_meetings_news(client, world):
    rpci = world["rpci"]
    EventFactory(network=rpci, title_en="Annual meeting of the network")
    news = NewsItemFactory(title_en="Network news")
    news.networks.add(rpci)
    html = text(client.get(rpci.get_absolute_url()))
    current = html.split('id="network-members"')[1].split("</section>")[0]
    former = html.split('id="network-former"')[1].split("</section>")[0]
    assert ">Lisbon<" in current and ">Oeiras<" in current and "Porto" not in current
    assert "Hidden" not in html
    assert ">Porto<" in former
    assert "Annual meeting of the network" in html and "Network news" in html
    # The member count shown is the count for today.
    assert "<dt>Member cities</dt><dd>2</dd>" in html


def test_network_listing_counts_current_members(client, world):
    html = text(client.get("/en/networks/"))
    rpci_row = html.split("Portuguese Network")[1].split("</li>")[0]
    assert "2 member cities" in rpci_row


def test_unknown_slugs_are_404_in_the_readers_language(client, world):
    assert client.get("/en/cities/nowhere/").status_code == 404
    assert client.get("/en/networks/nowhere/").status_code == 404
    response = client.get("/fr/cities/nowhere/")
    assert response.status_code == 404
    assert '<html lang="fr"' in text(response) and "Page introuvable" in text(response)


def test_unpublished_city_is_404_for_the_public_and_a_preview_for_the_secretariat(
    secretariat_client, world
):
    client = Client()  # anonymous (secretariat_client is the logged-in ``client`` fixture)
    hidden = world["Hidden"]
    assert client.get(hidden.get_absolute_url()).status_code == 404
    response = secretariat_client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_preview"] is True
    assert "not visible to the public" in text(response)
    cache_control = response["Cache-Control"]
    for directive in ("no-cache", "no-store", "must-revalidate", "private"):
        assert directive in cache_control
    # A published city seen by the secretariat: no banner, still never cached.
    response = secretariat_client.get(world["Lisbon"].get_absolute_url())
    assert response.context["is_preview"] is False
    assert "no-store" in response["Cache-Control"]
    # The public page carries no private cache header.
    assert "private" not in client.get(world["Lisbon"].get_absolute_url()).get("Cache-Control", "")


def test_a_coordinator_cannot_preview(client, coordinator, world):
    client.force_login(coordinator)
    assert client.get(world["Hidden"].get_absolute_url()).status_code == 404


def test_unpublished_network_is_404_for_the_public(secretariat_client):
    network = NetworkFactory(is_published=False)
    assert Client().get(network.get_absolute_url()).status_code == 404
    assert secretariat_client.get(network.get_absolute_url()).status_code == 200


def make_many(count=300):
    networks = NetworkFactory.create_batch(5)
    cities = CityFactory.create_batch(count, country="PT")
    for index, city in enumerate(cities):
        MembershipFactory(network=networks[index % 5], city=city)
    return cities, networks


def test_queries_on_the_city_listing_do_not_grow_with_items(client, django_assert_max_num_queries):
    cities, networks = make_many()
    # 13: one of them reads the cities of the map (every page's cities, memoized; icc/figures).
    with django_assert_max_num_queries(13):
        response = client.get("/en/cities/?country=PT&page=3")
    assert response.status_code == 200
    # Validating the network filter costs one query per facet, never per item (17: the map).
    with django_assert_max_num_queries(17):
        response = client.get(f"/fr/cities/?network={networks[0].slug}&joined=2015")
    assert response.status_code == 200


def test_queries_on_details_do_not_grow_with_items(client, django_assert_max_num_queries):
    cities, networks = make_many()
    city = cities[0]
    for _ in range(30):
        PracticeFactory(published=True, cities=[city])
        EventFactory(host_cities=[city, cities[1]])
        NewsItemFactory(cities=[city])
    city.documents.add(*DocumentFactory.create_batch(5))
    # The first time, each list of cards reads its ids, then its rows (icc_cards); after that,
    # its ids only.
    with django_assert_max_num_queries(15):
        assert client.get(city.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(city.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(networks[0].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/fr/networks/").status_code == 200
