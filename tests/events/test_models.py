import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def test_end_date_before_start_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        EventFactory(start_date=datetime.date(2015, 10, 30), end_date=datetime.date(2015, 10, 29))


def test_end_date_before_start_date_is_a_validation_error():
    event = EventFactory.build(
        start_date=datetime.date(2015, 10, 30), end_date=datetime.date(2015, 10, 29)
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["slug"])
    assert "The end date cannot be before the start date." in str(error.value)


def test_one_day_event_gets_its_start_as_end():
    event = EventFactory(start_date=datetime.date(2015, 5, 25), end_date=None)
    assert event.end_date == datetime.date(2015, 5, 25)


def test_upcoming_are_those_not_ended_soonest_first_and_past_latest_first():
    later = EventFactory(start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 2))
    running = EventFactory(
        start_date=datetime.date(2026, 11, 20), end_date=datetime.date(2026, 11, 23)
    )
    old = EventFactory(start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2010, 1, 2))
    older = EventFactory(start_date=datetime.date(2009, 1, 1), end_date=datetime.date(2009, 1, 1))
    assert list(Event.objects.upcoming(today=TODAY)) == [running, later]
    assert list(Event.objects.past(today=TODAY)) == [old, older]


def test_registration_deadline_after_the_event_is_refused():
    with pytest.raises(IntegrityError):
        EventFactory(
            start_date=datetime.date(2024, 11, 14),
            end_date=datetime.date(2024, 11, 15),
            registration_deadline=datetime.date(2024, 12, 1),
        )
