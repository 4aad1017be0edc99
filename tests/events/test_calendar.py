"""iCalendar files of events, parsed as served, by two independent parsers (icalendar, vobject).

Dates are read back from the files and compared with what the event's page says; the
calendars must hold exactly the listing's events for the same filters, and never a draft.
"""

import datetime
import html
import zoneinfo

import icalendar
import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from reversion.models import Version

from events.models import Event
from icc.formatting import format_date_range
from tests.factories import CityFactory, EventFactory, NetworkFactory

pytestmark = pytest.mark.django_db

CALENDAR_URL = "/en/events/calendar.ics"
ALL_URL = "/en/events/calendar-all.ics"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def ics_url(event, language="en"):
    return f"/{language}/events/{event.slug}/event.ics"


def parse(response):
    """The calendar as both parsers read it; both must accept the bytes served."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = b"".join(response) if response.streaming else response.content
    # vobject keeps the first VTIMEZONE it read for a TZID for the rest of the process: forget
    # them, so that each file is read with the VTIMEZONE it carries.
    zones = getattr(vobject.icalendar, "__tzidMap")
    for tzid in [tzid for tzid in zones if tzid != "UTC"]:
        del zones[tzid]
    return icalendar.Calendar.from_ical(body), vobject.readOne(body.decode("utf-8"))


def the_event(response):
    calendar, other = parse(response)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert len(other.vevent_list) == 1
    return calendar, events[0], other.vevent


def event_ids(response):
    """The primary keys in the UIDs of a calendar, as both parsers read them."""
    calendar, other = parse(response)
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert sorted(uids) == sorted(event.uid.value for event in getattr(other, "vevent_list", []))
    return {int(uid.split("@")[0].removeprefix("event-")) for uid in uids}


def listing_ids(client, query):
    response = client.get("/en/events/", query)
    assert response.status_code == 200
    assert response.context["paginator"].num_pages == 1  # every listed event is compared
    return {event.pk for event in response.context["object_list"]}


def page_text(client, event, language="en"):
    response = client.get(f"/{language}/events/{event.slug}/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


# --- One event's file -----------------------------------------------------------------------


def test_event_file_is_an_attachment_named_after_the_event(client):
    event = EventFactory(title_en="Study visit", start_date=days(10), end_date=days(10))

    response = client.get(ics_url(event))

    parse(response)
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    assert reverse("events:event_ics", kwargs={"slug": event.slug}) == ics_url(event)


def test_multi_day_event_is_all_day_with_an_exclusive_end_matching_the_page(client):
    event = EventFactory(start_date=days(20), end_date=days(22))

    _calendar, vevent, other = the_event(client.get(ics_url(event)))

    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert vevent["DTSTART"].params.get("VALUE") == "DATE"
    assert type(start) is datetime.date and type(end) is datetime.date
    assert (start, end) == (days(20), days(23))
    assert (other.dtstart.value, other.dtend.value) == (days(20), days(23))
    # The last day the page shows is the day before the exclusive end.
    last_day = end - datetime.timedelta(days=1)
    assert format_date_range(start, last_day) in page_text(client, event)


def test_one_day_event_lasts_that_day(client):
    event = EventFactory(start_date=days(5), end_date=days(5))

    _calendar, vevent, other = the_event(client.get(ics_url(event)))

    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (days(5), days(6))
    assert (other.dtstart.value, other.dtend.value) == (days(5), days(6))
    assert format_date_range(vevent.decoded("DTSTART")) in page_text(client, event)


def test_timed_webinar_has_its_time_zone_and_a_vtimezone(client):
    # Early July: Paris is on summer time, two hours ahead of UTC.
    year = days(0).year + 1
    day = datetime.date(year, 7, 7)
    event = EventFactory(
        kind=Event.Kind.WEBINAR, is_online=True, country="", start_date=day, end_date=day,
        start_time=datetime.time(11, 0), end_time=datetime.time(12, 30),
        time_zone="Europe/Paris",
    )  # fmt: skip

    calendar, vevent, other = the_event(client.get(ics_url(event)))

    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent["DTEND"].params["TZID"] == "Europe/Paris"
    zones = [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/Paris"]
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert start.replace(tzinfo=None) == datetime.datetime(year, 7, 7, 11, 0)
    assert end.replace(tzinfo=None) == datetime.datetime(year, 7, 7, 12, 30)
    # vobject applies the VTIMEZONE written in the file, not a zone database of its own.
    assert other.dtstart.value.utcoffset() == datetime.timedelta(hours=2)
    assert other.dtstart.value.astimezone(datetime.UTC) == datetime.datetime(
        year, 7, 7, 9, 0, tzinfo=datetime.UTC
    )
    assert other.dtend.value.astimezone(datetime.UTC) == datetime.datetime(
        year, 7, 7, 10, 30, tzinfo=datetime.UTC
    )
    page = page_text(client, event)
    zone_name = start.astimezone(zoneinfo.ZoneInfo("Europe/Paris")).tzname()
    assert f"{format_date_range(day)}, {start:%H:%M}-{end:%H:%M} {zone_name}" in page
    assert "GEO" not in vevent  # online only: no place to point at
    assert str(vevent["LOCATION"]) == "Online"


def test_winter_webinar_uses_the_winter_offset(client):
    day = datetime.date(days(0).year + 1, 1, 15)
    event = EventFactory(
        start_date=day, end_date=day, start_time=datetime.time(9, 30), time_zone="Europe/Paris"
    )

    _calendar, vevent, other = the_event(client.get(ics_url(event)))

    assert other.dtstart.value.utcoffset() == datetime.timedelta(hours=1)
    assert "DTEND" not in vevent  # no end time on one day: it ends at its start (RFC 5545)


def test_time_without_zone_is_local_time_without_vtimezone(client):
    event = EventFactory(
        start_date=days(30), end_date=days(31),
        start_time=datetime.time(9, 0), end_time=datetime.time(17, 0),
    )  # fmt: skip

    calendar, vevent, other = the_event(client.get(ics_url(event)))

    assert "TZID" not in vevent["DTSTART"].params
    assert not calendar.walk("VTIMEZONE")
    assert vevent.decoded("DTSTART") == datetime.datetime.combine(days(30), datetime.time(9))
    assert vevent.decoded("DTEND") == datetime.datetime.combine(days(31), datetime.time(17))
    assert other.dtstart.value.tzinfo is None


def test_event_text_place_geo_and_link(client):
    lisbon = CityFactory(
        name_en="Lisbon", name_fr="Lisbonne", country="PT", latitude="38.722252",
        longitude="-9.139337",
    )  # fmt: skip
    event = EventFactory(
        title_en="Study visit", description_en="Two days of visits.", host_cities=[lisbon],
        country="PT", start_date=days(3), end_date=days(4), kind=Event.Kind.STUDY_VISIT,
    )  # fmt: skip

    _calendar, vevent, other = the_event(client.get(ics_url(event)))

    page_url = f"http://127.0.0.1:8000/en/events/{event.slug}/"
    assert str(vevent["SUMMARY"]) == "Study visit"
    assert str(vevent["DESCRIPTION"]) == f"Two days of visits.\n\n{page_url}"
    assert str(vevent["LOCATION"]) == "Lisbon (Portugal)"
    assert str(vevent["URL"]) == page_url
    assert [str(kind) for kind in vevent["CATEGORIES"].cats] == ["Study visit"]
    assert vevent.decoded("GEO") == (38.722252, -9.139337)
    assert (other.geo.value) == "38.722252;-9.139337"
    assert other.summary.value == "Study visit"
    assert other.location.value == "Lisbon (Portugal)"


def test_french_url_gives_french_text_and_the_same_uid(client):
    lisbon = CityFactory(name_en="Lisbon", name_fr="Lisbonne", country="PT")
    event = EventFactory(
        title_en="Study visit", title_fr="Visite d'étude", description_en="Visits.",
        description_fr="Des visites.", host_cities=[lisbon], kind=Event.Kind.STUDY_VISIT,
        start_date=days(3), end_date=days(4),
    )  # fmt: skip

    calendar, french, other = the_event(client.get(ics_url(event, "fr")))
    _calendar, english, _other = the_event(client.get(ics_url(event, "en")))

    assert str(french["SUMMARY"]) == "Visite d'étude"
    assert french["SUMMARY"].params["LANGUAGE"] == "fr"
    assert str(french["DESCRIPTION"]).startswith("Des visites.")
    assert str(french["LOCATION"]) == "Lisbonne (Portugal)"
    with translation.override("fr"):
        assert [str(kind) for kind in french["CATEGORIES"].cats] == [
            str(Event.Kind.STUDY_VISIT.label)
        ]
    assert str(french["URL"]).endswith(f"/fr/events/{event.slug}/")
    assert other.summary.value == "Visite d'étude"
    assert str(calendar["PRODID"]).endswith("//FR")
    assert french["UID"] == english["UID"] == f"event-{event.pk}@127.0.0.1"


def test_french_page_without_french_text_says_the_text_is_english(client):
    event = EventFactory(title_en="Summit", start_date=days(3), end_date=days(3))
    Event.objects.filter(pk=event.pk).update(title_fr="", description_fr="")

    _calendar, vevent, _other = the_event(client.get(ics_url(event, "fr")))

    assert str(vevent["SUMMARY"]) == "Summit"
    assert vevent["SUMMARY"].params["LANGUAGE"] == "en"


def test_uid_domain_setting(client, settings):
    settings.CALENDAR_UID_DOMAIN = "calendar.icc.example.org"
    event = EventFactory(start_date=days(3), end_date=days(3))

    _calendar, vevent, _other = the_event(client.get(ics_url(event)))

    assert str(vevent["UID"]) == f"event-{event.pk}@calendar.icc.example.org"


# --- Edits: UID stays, SEQUENCE and LAST-MODIFIED move -----------------------------------------


def admin_form_data(event, **overrides):
    data = {
        "title_en": event.title_en, "title_fr": event.title_fr, "slug": event.slug,
        "kind": event.kind, "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(), "start_time": "", "end_time": "",
        "time_zone": "", "place_en": "", "place_fr": "", "country": event.country,
        "description_en": event.description_en, "description_fr": event.description_fr,
        "registration_url": "", "interpretation_languages": "[]", "is_published": "on",
        "host_cities": [city.pk for city in event.host_cities.all()],
    }  # fmt: skip
    data.update(overrides)
    return data


def an_hour_ago(event):
    """As if the event had been saved an hour ago (LAST-MODIFIED counts whole seconds)."""
    earlier = timezone.now() - datetime.timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(created_at=earlier, updated_at=earlier)


def revision(client, event):
    _calendar, vevent, _other = the_event(client.get(ics_url(event)))
    return str(vevent["UID"]), vevent["SEQUENCE"], vevent.decoded("LAST-MODIFIED")


def test_admin_edit_keeps_uid_and_raises_sequence_and_last_modified(client, secretariat_client):
    event = EventFactory(start_date=days(10), end_date=days(10), host_cities=[CityFactory()])
    change_url = reverse("admin:events_event_change", args=[event.pk])
    an_hour_ago(event)
    uid, sequence, last_modified = revision(client, event)
    assert sequence == 0

    response = secretariat_client.post(change_url, admin_form_data(event, end_date=days(11)))
    assert response.status_code == 302

    new_uid, new_sequence, new_last_modified = revision(client, event)
    assert new_uid == uid
    assert new_sequence > sequence
    assert new_last_modified > last_modified


def test_saving_without_a_change_keeps_the_sequence(client, secretariat_client):
    event = EventFactory(start_date=days(10), end_date=days(10))
    change_url = reverse("admin:events_event_change", args=[event.pk])
    _uid, sequence, _modified = revision(client, event)

    secretariat_client.post(change_url, admin_form_data(event))
    Event.objects.get(pk=event.pk).save()

    assert revision(client, event)[1] == sequence


def test_changing_only_the_host_cities_raises_the_sequence(client, secretariat_client):
    event = EventFactory(start_date=days(10), end_date=days(10), host_cities=[CityFactory()])
    change_url = reverse("admin:events_event_change", args=[event.pk])
    sequences = [revision(client, event)[1]]

    other = CityFactory()
    secretariat_client.post(change_url, admin_form_data(event, host_cities=[other.pk]))
    sequences.append(revision(client, event)[1])
    Event.objects.get(pk=event.pk).host_cities.clear()
    sequences.append(revision(client, event)[1])

    assert sequences == sorted(set(sequences))  # strictly growing


def test_french_edit_raises_the_sequence_and_published_switch_does_not(client):
    event = EventFactory(start_date=days(10), end_date=days(10))
    _uid, sequence, _modified = revision(client, event)

    event.title_fr = "Nouveau titre"
    event.save()
    assert revision(client, event)[1] == sequence + 1

    event.is_published = False
    event.save(update_fields=["is_published"])
    event.is_published = True
    event.save(update_fields=["is_published"])
    assert revision(client, event)[1] == sequence + 1


def test_restoring_an_old_revision_still_raises_the_sequence(client, secretariat_client):
    event = EventFactory(title_en="First title", start_date=days(10), end_date=days(10))
    change_url = reverse("admin:events_event_change", args=[event.pk])
    secretariat_client.post(change_url, admin_form_data(event, title_en="Second title"))
    secretariat_client.post(change_url, admin_form_data(event, title_en="Third title"))
    an_hour_ago(event)
    _uid, sequence, last_modified = revision(client, event)

    oldest = Version.objects.get_for_object(event).order_by("pk").first()
    oldest.revision.revert()

    _calendar, vevent, _other = the_event(client.get(ics_url(event)))
    assert str(vevent["SUMMARY"]) == "Second title"
    assert vevent["SEQUENCE"] > sequence
    assert vevent.decoded("LAST-MODIFIED") > last_modified


# --- Calendars filtered like the listing ----------------------------------------------------


@pytest.fixture
def varied_events():
    """Published events across networks, countries, host cities and kinds, past and upcoming."""
    lisbon, oslo = CityFactory(country="PT"), CityFactory(country="NO")
    network, other_network = NetworkFactory(), NetworkFactory()
    events = [
        EventFactory(start_date=days(5), end_date=days(6), country="PT", host_cities=[lisbon],
                     network=network, kind=Event.Kind.CONFERENCE),
        EventFactory(start_date=days(8), end_date=days(8), country="NO", host_cities=[oslo],
                     network=other_network, kind=Event.Kind.WEBINAR),
        EventFactory(start_date=days(-1), end_date=days(1), country="PT",
                     host_cities=[lisbon, oslo], kind=Event.Kind.CONFERENCE),
        EventFactory(start_date=days(-40), end_date=days(-39), country="PT",
                     host_cities=[lisbon], network=network, kind=Event.Kind.SEMINAR),
        EventFactory(start_date=days(-400), end_date=days(-400), country="NO",
                     network=other_network, kind=Event.Kind.CONFERENCE),
    ]  # fmt: skip
    drafts = [
        EventFactory(start_date=days(7), end_date=days(7), country="PT", host_cities=[lisbon],
                     network=network, kind=Event.Kind.CONFERENCE, is_published=False),
        EventFactory(start_date=days(-30), end_date=days(-30), country="NO",
                     host_cities=[oslo], network=other_network, is_published=False),
    ]  # fmt: skip
    return {
        "events": events, "drafts": drafts, "lisbon": lisbon, "oslo": oslo,
        "network": network, "other_network": other_network,
    }  # fmt: skip


def filter_queries(data):
    return [
        {},
        {"network": data["network"].slug},
        {"network": data["other_network"].slug},
        {"country": "PT"},
        {"country": "NO"},
        {"city": data["lisbon"].slug},
        {"city": data["oslo"].slug},
        {"kind": Event.Kind.CONFERENCE},
        {"kind": Event.Kind.WEBINAR},
        {"country": "PT", "kind": Event.Kind.CONFERENCE, "city": data["lisbon"].slug},
        {"network": data["network"].slug, "when": "past"},
        {"year": str(days(-400).year)},
    ]


def test_calendars_hold_exactly_the_listings_events(client, varied_events):
    drafts = {event.pk for event in varied_events["drafts"]}
    for query in filter_queries(varied_events):
        all_events = event_ids(client.get(ALL_URL, query))
        upcoming = event_ids(client.get(CALENDAR_URL, query))

        assert all_events == listing_ids(client, query), query
        # The subscription adds "upcoming" to the listing's filters (with "past": nothing).
        only_upcoming = listing_ids(client, {**query, "when": "upcoming"})
        assert upcoming == listing_ids(client, query) & only_upcoming, query
        assert not (all_events | upcoming) & drafts


def test_upcoming_calendar_leaves_out_ended_events(client, varied_events):
    upcoming = event_ids(client.get(CALENDAR_URL))
    everything = event_ids(client.get(ALL_URL))

    expected = {event.pk for event in varied_events["events"] if event.end_date >= days(0)}
    assert upcoming == expected
    assert everything == {event.pk for event in varied_events["events"]}


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "no-such-kind"},
        {"country": "XX"},
        {"city": "nowhere"},
        {"network": "nobody"},
        {"year": "99999999999999999999"},
        {"when": "tomorrow"},
        {"city": "x" * 5000},
        {"unknown": "1", "page": "abc"},
    ],
)
def test_invalid_filters_are_ignored_as_on_the_listing(client, varied_events, query):
    response = client.get(ALL_URL, query)

    assert event_ids(response) == listing_ids(client, query)
    assert event_ids(response) == {event.pk for event in varied_events["events"]}


def test_calendars_follow_an_edit_and_an_unpublishing_at_once(client):
    event = EventFactory(title_en="Before", start_date=days(3), end_date=days(3))
    assert "SUMMARY;LANGUAGE=en:Before" in client.get(CALENDAR_URL).content.decode()

    event.title_en = "After"
    event.save()
    body = client.get(CALENDAR_URL).content.decode()
    assert "SUMMARY;LANGUAGE=en:After" in body and "Before" not in body

    event.is_published = False
    event.save()
    assert event.pk not in event_ids(client.get(CALENDAR_URL))
    assert event.pk not in event_ids(client.get(ALL_URL))
    assert client.get(ics_url(event)).status_code == 404


def test_drafts_are_never_in_a_calendar_even_for_the_secretariat(
    client, secretariat_client, varied_events
):
    draft = varied_events["drafts"][0]
    for viewer in (client, secretariat_client):
        for url in (CALENDAR_URL, ALL_URL):
            assert draft.pk not in event_ids(
                viewer.get(url, {"city": varied_events["lisbon"].slug})
            )
        assert viewer.get(ics_url(draft)).status_code == 404
    # The secretariat may preview the draft's page, which offers no calendar file.
    preview = secretariat_client.get(f"/en/events/{draft.slug}/")
    assert preview.status_code == 200
    assert ics_url(draft) not in preview.content.decode()


def test_calendar_is_named_after_its_filters_and_links_back(client, varied_events):
    lisbon = varied_events["lisbon"]
    query = {"country": "PT", "kind": Event.Kind.CONFERENCE}

    response = client.get("/fr/events/calendar.ics", query)

    calendar, other = parse(response)
    assert response["Content-Disposition"].startswith("inline;")
    # icalendar leaves NAME and X- properties as written (escaped): vobject reads them as text.
    name = other.x_wr_calname.value
    assert name == other.contents["name"][0].value
    with translation.override("fr"):
        title = gettext("%(site)s: upcoming events") % {"site": gettext("Intercultural Cities")}
    assert name == f"{title} (Conférence, Portugal)"
    assert name.startswith("Cités interculturelles")
    assert str(calendar["X-WR-CALNAME"]) == name.replace(",", "\\,")
    assert str(calendar["URL"]).startswith("http://127.0.0.1:8000/fr/events/?")
    assert "when=upcoming" in str(calendar["URL"])
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert other.x_wr_calname.value == name
    assert lisbon.name_fr in {str(event["LOCATION"]) for event in calendar.walk("VEVENT")} or any(
        lisbon.name_fr in str(event["LOCATION"]) for event in calendar.walk("VEVENT")
    )


def test_calendar_queries_do_not_grow_with_the_number_of_events(
    client, django_assert_max_num_queries
):
    city = CityFactory(latitude="38.7", longitude="-9.1")
    counts = []
    for total in (3, 60):
        for i in range(total - Event.objects.count()):
            EventFactory(
                start_date=days(i + 1), end_date=days(i + 2), host_cities=[city],
                start_time=datetime.time(10) if i % 2 else None, time_zone="Europe/Lisbon",
            )  # fmt: skip
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(8):
            assert len(event_ids(client.get(ALL_URL, {"city": city.slug}))) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Links from the pages -------------------------------------------------------------------


def test_event_page_links_to_its_file(client):
    event = EventFactory(start_date=days(3), end_date=days(3))

    body = client.get(f"/en/events/{event.slug}/").content.decode()

    assert '<link rel="alternate" type="text/calendar"' in body
    assert f'href="{ics_url(event)}"' in body
    assert "Add to calendar" in body


def test_listing_links_to_its_calendars_with_its_filters(client, varied_events):
    lisbon = varied_events["lisbon"]
    response = client.get("/en/events/", {"city": lisbon.slug, "when": "past", "kind": "bad"})
    body = response.content.decode()

    upcoming = f"/en/events/calendar.ics?city={lisbon.slug}"
    everything = f"/en/events/calendar-all.ics?when=past&amp;city={lisbon.slug}"
    assert (
        f'<link rel="alternate" type="text/calendar" title="Upcoming events (iCalendar)" href="{upcoming}">'
        in body
    )
    assert f'href="{upcoming}" type="text/calendar">Subscribe to this calendar</a>' in body
    assert f'href="{everything}"' in body
    # Each link holds what the listing shows: the listing's filters.
    linked = event_ids(client.get(html.unescape(everything)))
    assert linked == {event.pk for event in response.context["object_list"]}


def test_page_cache_serves_the_same_calendar_with_its_headers(client, settings):
    settings.PAGE_CACHE = True
    EventFactory(start_date=days(3), end_date=days(3))

    first = client.get(CALENDAR_URL, {"kind": "meeting"})
    second = client.get(CALENDAR_URL, {"kind": "meeting"})

    assert second["X-Cache"] == "hit"
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert event_ids(second) == event_ids(first) != set()
