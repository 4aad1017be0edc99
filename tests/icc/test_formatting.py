"""Dates, places and times written as people write them, in English and French."""

import datetime

import pytest
from django.utils import translation

from icc.formatting import (
    format_date,
    format_date_range,
    format_event_when,
    format_place,
    join_words,
)

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "english", "french"),
    [
        (D(2015, 5, 25), None, "25 May 2015", "25 mai 2015"),
        (D(2015, 10, 29), D(2015, 10, 30), "29-30 October 2015", "29-30 octobre 2015"),
        (
            D(2010, 8, 30),
            D(2010, 9, 1),
            "30 August - 1 September 2010",
            "30 août - 1er septembre 2010",
        ),
        (
            D(2014, 12, 30),
            D(2015, 1, 2),
            "30 December 2014 - 2 January 2015",
            "30 décembre 2014 - 2 janvier 2015",
        ),
        (D(2008, 5, 1), None, "1 May 2008", "1er mai 2008"),
        # Same day written once; an end before the start is treated as a one-day event.
        (D(2015, 5, 25), D(2015, 5, 25), "25 May 2015", "25 mai 2015"),
        (D(2015, 5, 25), D(2015, 5, 20), "25 May 2015", "25 mai 2015"),
        # A range starting on the first of the month.
        (D(2019, 3, 1), D(2019, 3, 3), "1-3 March 2019", "1er-3 mars 2019"),
        (D(2016, 2, 28), D(2016, 3, 1), "28 February - 1 March 2016", "28 février - 1er mars 2016"),
    ],
)
def test_format_date_range_in_both_languages(start, end, english, french):
    assert format_date_range(start, end, language="en") == english
    assert format_date_range(start, end, language="fr") == french


def test_format_date_range_follows_the_active_language():
    with translation.override("fr"):
        assert format_date_range(D(2015, 10, 29), D(2015, 10, 30)) == "29-30 octobre 2015"
    assert format_date_range(D(2015, 10, 29), D(2015, 10, 30)) == "29-30 October 2015"


def test_format_date_range_without_start_is_empty():
    assert format_date_range(None, None) == ""
    assert format_date(D(2020, 7, 7), language="fr") == "7 juillet 2020"


class FakeCity:
    def __init__(self, name, country):
        self.name = name
        self.country = country


def test_format_place_english():
    assert (
        format_place(cities=[FakeCity("Neuchâtel", "CH")], language="en")
        == "Neuchâtel (Switzerland)"
    )
    assert (
        format_place(cities=[FakeCity("Lisbon", "PT"), FakeCity("Oeiras", "PT")], language="en")
        == "Lisbon and Oeiras (Portugal)"
    )
    assert (
        format_place(cities=[FakeCity("Dublin", "IE"), FakeCity("Belfast", "GB")], language="en")
        == "Dublin and Belfast (Ireland and United Kingdom)"
    )
    assert format_place(place="Mexico City", country="MX", language="en") == "Mexico City (Mexico)"
    assert format_place(is_online=True, language="en") == "Online"
    assert (
        format_place(place="Strasbourg", country="FR", is_online=True, language="en")
        == "Strasbourg (France) and online"
    )


def test_format_place_edge_cases():
    # Missing place: nothing at all, or only the country.
    assert format_place(language="en") == ""
    assert format_place(country="CH", language="en") == "Switzerland"
    # A member city and a non-member city in another country.
    assert (
        format_place(
            cities=[FakeCity("Dublin", "IE")], place="Belfast", country="GB", language="en"
        )
        == "Dublin and Belfast (Ireland and United Kingdom)"
    )
    # The country of the city is not repeated.
    assert (
        format_place(cities=[FakeCity("Oslo", "NO")], country="NO", language="en")
        == "Oslo (Norway)"
    )
    assert join_words(["A", "B", "C"], language="en") == "A, B and C"


def test_format_place_french():
    assert format_place(cities=[FakeCity("Neuchâtel", "CH")], language="fr") == "Neuchâtel (Suisse)"
    assert (
        format_place(cities=[FakeCity("Lisbonne", "PT"), FakeCity("Oeiras", "PT")], language="fr")
        == "Lisbonne et Oeiras (Portugal)"
    )
    assert format_place(is_online=True, language="fr") == "En ligne"
    assert (
        format_place(place="Strasbourg", country="FR", is_online=True, language="fr")
        == "Strasbourg (France) et en ligne"
    )


class FakeEvent:
    def __init__(self, **kwargs):
        self.start_date = kwargs.get("start_date", D(2020, 7, 7))
        self.end_date = kwargs.get("end_date", self.start_date)
        self.start_time = kwargs.get("start_time")
        self.end_time = kwargs.get("end_time")
        self.time_zone = kwargs.get("time_zone", "")


def test_format_event_when_with_times_and_zone():
    webinar = FakeEvent(
        start_time=datetime.time(11, 0), end_time=datetime.time(12, 30), time_zone="Europe/Paris"
    )
    # Summer time in Paris is CEST; in winter the same zone gives CET.
    assert format_event_when(webinar, language="en") == "7 July 2020, 11:00-12:30 CEST"
    assert format_event_when(webinar, language="fr") == "7 juillet 2020, 11:00-12:30 CEST"
    winter = FakeEvent(
        start_date=D(2021, 1, 14), start_time=datetime.time(9, 30), time_zone="Europe/Paris"
    )
    assert format_event_when(winter, language="en") == "14 January 2021, 09:30 CET"


def test_format_event_when_without_time_is_the_date_range():
    meeting = FakeEvent(start_date=D(2015, 10, 29), end_date=D(2015, 10, 30))
    assert format_event_when(meeting, language="en") == "29-30 October 2015"
    no_zone = FakeEvent(start_time=datetime.time(11, 0))
    assert format_event_when(no_zone, language="en") == "7 July 2020, 11:00"
