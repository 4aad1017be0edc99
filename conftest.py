"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache, caches
from django.utils import translation

from tests.factories import CityFactory, CoordinatorFactory, SecretariatUserFactory


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, whatever the previous one activated."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages and memos of another test's data are gone.

    (A test's database is rolled back at its end, which no signal reports to the cache.)
    """
    cache.clear()
    caches["fragments"].clear()
    yield
    cache.clear()
    caches["fragments"].clear()


@pytest.fixture
def secretariat_user(db):
    return SecretariatUserFactory(username="secretariat")


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def city(db):
    return CityFactory(name_en="Lisbon", name_fr="Lisbonne", country="PT")


@pytest.fixture
def other_city(db):
    return CityFactory(name_en="Oslo", name_fr="Oslo", country="NO")


@pytest.fixture
def coordinator(city):
    return CoordinatorFactory(username="coordinator", cities=[city])


@pytest.fixture
def other_coordinator(other_city):
    return CoordinatorFactory(username="other-coordinator", cities=[other_city])
