import datetime

import pytest
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils import translation

from practices.models import Practice, Topic
from tests.factories import NewsItemFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def test_the_eighteen_topics_are_seeded_in_both_languages():
    topics = Topic.objects.all()
    assert topics.count() == 18
    assert all(topic.name_en and topic.name_fr for topic in topics)
    with translation.override("fr"):
        assert Topic.objects.get(slug="anti-rumours").name == "Anti-rumeurs"


def test_a_topic_in_use_cannot_be_deleted():
    topic = Topic.objects.get(slug="education")
    PracticeFactory(topics=[topic])
    with pytest.raises(ProtectedError):
        topic.delete()


def test_a_topic_used_by_news_cannot_be_deleted():
    topic = Topic.objects.get(slug="language")
    NewsItemFactory(topics=[topic])
    with pytest.raises(ProtectedError):
        topic.delete()


def test_last_year_before_first_year_is_refused():
    with pytest.raises(IntegrityError):
        PracticeFactory(first_year=2020, last_year=2019)


def test_covering_year_counts_ranges_and_ongoing_practices():
    this_year = datetime.date.today().year
    ranged = PracticeFactory(first_year=2017, last_year=2021, is_ongoing=False)
    ongoing = PracticeFactory(first_year=2014, last_year=None, is_ongoing=True)
    single = PracticeFactory(first_year=2019, last_year=None, is_ongoing=False)
    assert set(Practice.objects.covering_year(2019)) == {ranged, ongoing, single}
    assert set(Practice.objects.covering_year(2016)) == {ongoing}
    assert set(Practice.objects.covering_year(this_year)) == {ongoing}
    assert set(Practice.objects.covering_year(2013)) == set()


def test_only_draft_and_changes_requested_are_editable_and_only_by_own_coordinators(
    city, coordinator, other_coordinator
):
    practice = PracticeFactory(cities=[city])
    assert practice.is_editable_by(coordinator)
    assert not practice.is_editable_by(other_coordinator)
    practice.status = Practice.Status.SUBMITTED
    assert not practice.is_editable_by(coordinator)
    practice.status = Practice.Status.CHANGES_REQUESTED
    assert practice.is_editable_by(coordinator)


def test_editable_by_lists_only_the_coordinators_cities(city, other_city, coordinator):
    mine = PracticeFactory(cities=[city])
    PracticeFactory(cities=[other_city])
    assert list(Practice.objects.editable_by(coordinator)) == [mine]


def test_title_falls_back_to_english_in_french():
    practice = PracticeFactory(title_en="Participatory Budget", title_fr="")
    with translation.override("fr"):
        assert Practice.objects.get(pk=practice.pk).title == "Participatory Budget"


def test_status_labels_agree_with_bonne_pratique_in_french():
    with translation.override("fr"):
        labels = {status: str(status.label) for status in Practice.Status}
    assert labels[Practice.Status.PUBLISHED] == "Publiée"
    assert labels[Practice.Status.SUBMITTED] == "Soumise pour relecture"
    assert labels[Practice.Status.REJECTED] == "Refusée"
