"""Cities and networks in the admin."""

import datetime

import pytest
from django.urls import reverse

from cities.models import City, Network
from tests.factories import CityFactory, EventFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_search_finds_a_city_by_its_french_name(secretariat_client):
    CityFactory(name_en="Lisbon", name_fr="Lisbonne")
    CityFactory(name_en="Oslo", name_fr="Oslo")
    response = secretariat_client.get(reverse("admin:cities_city_changelist"), {"q": "Lisbonne"})
    assert [city.name_en for city in response.context["cl"].result_list] == ["Lisbon"]


def test_deleting_a_city_still_hosting_an_event_is_refused(secretariat_client):
    city = CityFactory()
    EventFactory(host_cities=[city])
    response = secretariat_client.post(
        reverse("admin:cities_city_delete", args=[city.pk]), {"post": "yes"}
    )
    assert response.status_code == 200
    assert "Cannot delete" in response.content.decode()
    assert City.objects.filter(pk=city.pk).exists()


def test_network_list_counts_todays_members(secretariat_client, django_assert_max_num_queries):
    network = NetworkFactory()
    MembershipFactory(network=network)
    MembershipFactory(network=network, left=datetime.date(2016, 1, 1))
    for _ in range(20):
        MembershipFactory(network=NetworkFactory())
    with django_assert_max_num_queries(20):
        response = secretariat_client.get(reverse("admin:cities_network_changelist"))
    counts = {n.pk: n.current_member_count for n in response.context["cl"].result_list}
    assert counts[network.pk] == 1


def test_membership_left_before_joined_is_a_form_error(secretariat_client):
    network, city = NetworkFactory(), CityFactory()
    prefix = "memberships"
    response = secretariat_client.post(
        reverse("admin:cities_network_change", args=[network.pk]),
        {
            "name_en": network.name_en, "name_fr": network.name_fr, "acronym_en": "",
            "acronym_fr": "", "slug": network.slug, "kind": "national", "country": "PT",
            "founded_year": "2010", "website": "", "coordinating_body_en": "",
            "coordinating_body_fr": "", "description_en": "", "description_fr": "",
            "is_published": "on",
            f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-city": city.pk, f"{prefix}-0-joined": "2020-01-01",
            f"{prefix}-0-left": "2019-01-01",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "A city cannot leave a network before it joined." in response.content.decode()
    assert not network.memberships.exists()


def test_bulk_unpublish_cities(secretariat_client):
    cities = CityFactory.create_batch(2)
    secretariat_client.post(
        reverse("admin:cities_city_changelist"),
        {"action": "unpublish_selected", "_selected_action": [c.pk for c in cities]},
    )
    assert not City.objects.published().exists()
    assert Network.objects.count() == 0
