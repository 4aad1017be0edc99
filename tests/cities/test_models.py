import datetime

import pytest
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils import translation

from cities.models import City, NetworkMembership
from tests.factories import (
    CityFactory,
    EventFactory,
    MembershipFactory,
    NetworkFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_english_name_and_kept_unique():
    first = CityFactory(name_en="Reggio Emilia", name_fr="Reggio d'Émilie")
    second = CityFactory(name_en="Reggio Emilia", name_fr="Reggio d'Émilie")
    assert first.slug == "reggio-emilia"
    assert second.slug == "reggio-emilia-2"


def test_name_follows_the_active_language():
    city = CityFactory(name_en="Lisbon", name_fr="Lisbonne")
    with translation.override("fr"):
        assert City.objects.get(pk=city.pk).name == "Lisbonne"
    with translation.override("en"):
        assert City.objects.get(pk=city.pk).name == "Lisbon"


def test_profile_falls_back_to_english_when_french_is_missing():
    city = CityFactory(profile_en="A port city.", profile_fr="")
    with translation.override("fr"):
        assert City.objects.get(pk=city.pk).profile == "A port city."


def test_current_members_exclude_those_who_left_and_those_not_yet_joined():
    network = NetworkFactory()
    today = datetime.date(2024, 6, 1)
    staying = MembershipFactory(network=network, joined=datetime.date(2015, 1, 1))
    MembershipFactory(
        network=network, joined=datetime.date(2015, 1, 1), left=datetime.date(2020, 1, 1)
    )
    MembershipFactory(network=network, joined=datetime.date(2025, 1, 1))
    current = NetworkMembership.objects.filter(network=network).current(on=today)
    assert list(current) == [staying]


def test_membership_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        MembershipFactory(joined=datetime.date(2020, 1, 1), left=datetime.date(2019, 1, 1))


def test_a_city_used_by_content_cannot_be_deleted():
    city = CityFactory()
    EventFactory(host_cities=[city])
    with pytest.raises(ProtectedError):
        city.delete()


def test_a_city_with_a_practice_cannot_be_deleted():
    city = CityFactory()
    PracticeFactory(cities=[city])
    with pytest.raises(ProtectedError):
        city.delete()
    assert City.objects.filter(pk=city.pk).exists()


def test_published_hides_unpublished_cities():
    shown = CityFactory()
    CityFactory(is_published=False)
    assert list(City.objects.published()) == [shown]
