"""Events as iCalendar (RFC 5545): one event's file and the subscribable calendars.

Built with the ``icalendar`` library, which escapes and folds the text, writes dates and
zoned times in the right value types and the VTIMEZONE of each zone used. Everything in a
calendar comes from the events given, so the views decide what is public (``published()``).

``icalendar`` (about 7 MB with its time-zone tables) is imported by the functions that build a
calendar, so that an app process that never serves one does not hold it.
"""

import datetime
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from icc.context_processors import SITE_NAME
from icc.facets import encode
from icc.formatting import format_event_place
from icc.templatetags.icc_tags import translated_value

from .models import Event

# PRODID: who made the calendar, and the language of its text.
PRODUCT_ID = "-//Council of Europe//Intercultural Cities//{language}"
# How often a calendar app should read a subscribed calendar again (REFRESH-INTERVAL).
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def uid_domain():
    """The right-hand side of every UID: a setting, or the site's host name."""
    return settings.CALENDAR_UID_DOMAIN or urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event):
    """The same in every language and across edits (the primary key never changes)."""
    return f"event-{event.pk}@{uid_domain()}"


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


def event_time_zone(event):
    """The event's zone, or None (a time without a zone stays local time, "floating")."""
    if not event.time_zone:
        return None
    try:
        return zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def event_start_end(event):
    """DTSTART and DTEND (None: not written) as the page states them.

    An event without a time is all-day: DTEND is the day after its last day (RFC 5545 end
    dates are exclusive). A timed event runs from its start time on its first day to its end
    time on its last day; without an end time it ends with its last day, or, on one day, at
    its start (RFC 5545's reading of a DTSTART alone).
    """
    if event.start_time is None:
        return event.start_date, event.end_date + datetime.timedelta(days=1)
    zone = event_time_zone(event)
    start = datetime.datetime.combine(event.start_date, event.start_time, tzinfo=zone)
    if event.end_time is not None:
        end = datetime.datetime.combine(event.end_date, event.end_time, tzinfo=zone)
        if end <= start and event.end_date == event.start_date:
            end += datetime.timedelta(days=1)  # "22:00-01:00": the end is the next morning
    elif event.end_date > event.start_date:
        end = datetime.datetime.combine(
            event.end_date + datetime.timedelta(days=1), datetime.time(0), tzinfo=zone
        )
    else:
        end = None
    return start, (end if end and end > start else None)


def event_geo(event):
    """The coordinates of its first public host city that has them, else None."""
    cities = sorted(event.host_cities.all(), key=lambda city: city.pk)
    for city in cities:
        if city.is_published and city.latitude is not None and city.longitude is not None:
            return float(city.latitude), float(city.longitude)
    return None


def add_text(component, name, value, language):
    """A text property, marked with the language it is written in when that is known."""
    if value:
        parameters = {"LANGUAGE": language} if language else None
        component.add(name, value, parameters=parameters)


def kind_labels():
    """Each kind's name in the active language, worked out once for a whole calendar."""
    return {value: str(label) for value, label in Event.Kind.choices}


def event_component(event, language, kinds):
    """The VEVENT of ``event`` in ``language``, which is active; host cities prefetched."""
    import icalendar

    url = absolute_url(event.get_absolute_url())
    title, title_language = translated_value(event, "title", language)
    description, description_language = translated_value(event, "description", language)
    start, end = event_start_end(event)

    component = icalendar.Event()
    component.add("uid", event_uid(event))
    # Without METHOD semantics for DTSTAMP, the time the information last changed (RFC 5545).
    component.add("dtstamp", event.updated_at)
    component.add("created", event.created_at)
    component.add("last-modified", event.updated_at)
    component.add("sequence", event.sequence)
    component.add("dtstart", start)
    if end is not None:
        component.add("dtend", end)
    add_text(component, "summary", title, title_language)
    # Many calendar apps show no URL property: the page's address ends the description too.
    body = "\n\n".join(part for part in (description.strip(), url) if part)
    add_text(component, "description", body, description_language if description else None)
    add_text(component, "location", format_event_place(event, language), None)
    geo = event_geo(event)
    if geo:
        component.add("geo", geo)
    component.add("url", url)
    component.add("categories", [kinds.get(event.kind, event.kind)])
    return component


def new_calendar(language):
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID.format(language=language.upper()))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def add_time_zones(calendar, events):
    """A VTIMEZONE for each zone the timed events use, with its changes in their years.

    Whole years (to the end of the year after the last event) rather than the library's
    default 1970-2038: a few observances per zone instead of over a hundred, and still right
    for a reader who moves an event to another day of those years.
    """
    zoned = [event for event in events if event.start_time and event_time_zone(event)]
    if zoned:
        first = min(event.start_date for event in zoned).year
        last = max(event.end_date for event in zoned).year
        calendar.add_missing_timezones(
            first_date=datetime.date(first, 1, 1), last_date=datetime.date(last + 2, 1, 1)
        )


def event_calendar(event, language):
    """The .ics of one event: one VEVENT and the VTIMEZONE of its zone."""
    calendar = new_calendar(language)
    with translation.override(language):
        calendar.add_component(event_component(event, language, kind_labels()))
    add_time_zones(calendar, [event])
    return calendar


def events_calendar(events, *, language, name, url, source):
    """A calendar to subscribe to: its name, the listing it mirrors, how often to read it."""
    import icalendar

    events = list(events)
    calendar = new_calendar(language)
    with translation.override(language):
        description = _(
            "Meetings, study visits, seminars and webinars of the Intercultural Cities network."
        )
        kinds = kind_labels()
        components = [event_component(event, language, kinds) for event in events]
    # RFC 7986's names, and the X-WR- ones that Apple, Google and Outlook read (typed by hand:
    # the library writes the properties it does not know as they are, without escaping).
    calendar.add("name", icalendar.vText(name))
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", icalendar.vText(description))
    calendar.add("url", url)
    calendar.add("source", source, parameters={"VALUE": "URI"})
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    for component in components:
        calendar.add_component(component)
    add_time_zones(calendar, events)
    return calendar


def calendar_name(*, upcoming_only, filter_labels, language):
    """ "Intercultural Cities: upcoming events (Portugal, Conference)"."""
    with translation.override(language):
        if upcoming_only:
            name = _("%(site)s: upcoming events") % {"site": SITE_NAME}
        else:
            name = _("%(site)s: all events") % {"site": SITE_NAME}
        if filter_labels:
            name = f"{name} ({', '.join(str(label) for label in filter_labels)})"
        return name


def calendar_links(valid_filters):
    """The calendars of a listing's valid filters: upcoming events (without its "when"
    filter, which that calendar sets) and exactly the listing's events."""
    listing_filters = {name: values for name, values in valid_filters.items() if name != "page"}
    upcoming_filters = {name: values for name, values in listing_filters.items() if name != "when"}
    return {
        "upcoming": with_query(reverse("events:calendar"), upcoming_filters),
        "all": with_query(reverse("events:calendar_all"), listing_filters),
    }


def with_query(path, filters):
    query = encode(filters)
    return f"{path}?{query}" if query else path
