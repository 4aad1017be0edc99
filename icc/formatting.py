"""Dates, places and times written the way people write them, in the reader's language.

Month names come from Django's own translations (``dateformat`` with ``F``), country names
from django-countries; only the joining words ("and", "online") and the units of file sizes
("KB", "Ko") are ours to translate.
"""

import datetime
import zoneinfo
from pathlib import PurePosixPath

from django.utils import dateformat, formats, translation
from django.utils.translation import gettext as _
from django_countries import countries


def _language(language):
    return language or translation.get_language() or "en"


def _day(date, language):
    # French writes the first day of a month as an ordinal: "1er mai 2008".
    if language.startswith("fr") and date.day == 1:
        return "1er"
    return str(date.day)


def _month(date):
    return dateformat.format(date, "F")


def format_date(date, language=None):
    """One date: "25 May 2015", "1er mai 2008"."""
    language = _language(language)
    with translation.override(language):
        return f"{_day(date, language)} {_month(date)} {date.year}"


def format_date_range(start, end=None, language=None):
    """A date or a range with the shared parts written once: "29-30 October 2015"."""
    language = _language(language)
    if start is None:
        return ""
    if end is None or end <= start:
        return format_date(start, language)
    with translation.override(language):
        start_day, end_day = _day(start, language), _day(end, language)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start_day}-{end_day} {_month(end)} {end.year}"
        if start.year == end.year:
            return f"{start_day} {_month(start)} - {end_day} {_month(end)} {end.year}"
        return f"{format_date(start, language)} - {format_date(end, language)}"


def join_words(words, language=None):
    """ "A", "A and B", "A, B and C" in the reader's language."""
    words = [str(word) for word in words if word]
    if len(words) < 2:
        return "".join(words)
    with translation.override(_language(language)):
        return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def country_name(code, language=None):
    """The country's name in the reader's language ("Suisse"), or "" for no country."""
    code = str(code or "")
    if not code:
        return ""
    with translation.override(_language(language)):
        return str(countries.name(code) or code)


def format_place(*, cities=(), place="", country="", is_online=False, language=None):
    """Where something happens: "Lisbon and Oeiras (Portugal)", "Strasbourg (France) and online".

    ``cities`` are City objects (their translated names and countries are used) or plain
    names; ``place`` is free text (a venue or a non-member city) written after them;
    ``country`` a country code, used when no city gives one or with ``place``.
    """
    language = _language(language)
    with translation.override(language):
        names, codes = [], []
        for city in cities:
            name = getattr(city, "name", city)
            if name and str(name) not in names:
                names.append(str(name))
            code = str(getattr(city, "country", "") or "")
            if code and code not in codes:
                codes.append(code)
        # Free text names a venue or a city that is not a member: it follows the cities.
        if place and place.strip() not in names:
            names.append(place.strip())
        # The item's own country counts when no city gives one, or for the free-text place.
        if country and str(country) not in codes and (not codes or place):
            codes.append(str(country))
        country_names = [country_name(code, language) for code in codes]
        if names:
            where = join_words(names, language)
            if country_names:
                where = f"{where} ({join_words(country_names, language)})"
        else:
            where = join_words(country_names, language)
        if is_online:
            if where:
                return _("%(place)s and online") % {"place": where}
            return _("Online")
        return where


def format_time_range(start_time, end_time=None):
    """ "11:00-12:30" or "11:00"."""
    if start_time is None:
        return ""
    text = start_time.strftime("%H:%M")
    if end_time and end_time != start_time:
        text += f"-{end_time.strftime('%H:%M')}"
    return text


def time_zone_abbreviation(date, time, zone_name):
    """The zone's short name on that date ("CET" in winter, "CEST" in summer), or ""."""
    if not zone_name:
        return ""
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ""
    name = datetime.datetime.combine(date, time, tzinfo=zone).tzname() or ""
    # Zones without an abbreviation report "+03"; the zone's own name is clearer then.
    return zone_name if name[:1] in "+-" else name


def format_event_when(event, language=None):
    """An event's dates, with its times when it has some: "7 July 2020, 11:00-12:30 CEST"."""
    language = _language(language)
    dates = format_date_range(event.start_date, event.end_date, language)
    if not event.start_time:
        return dates
    times = format_time_range(event.start_time, event.end_time)
    zone = time_zone_abbreviation(event.start_date, event.start_time, event.time_zone)
    return f"{dates}, {times} {zone}".rstrip()


def format_event_place(event, language=None):
    """An event's place from its host cities (prefetched if possible), place, country, online."""
    return format_place(
        cities=list(event.host_cities.all()),
        place=event.place,
        country=event.country,
        is_online=event.is_online,
        language=language,
    )


# Binary multiples, as file managers and Django's ``filesizeformat`` count them.
_FILE_SIZE_STEP = 1024


def _file_size_units():
    return (_("%(size)s KB"), _("%(size)s MB"), _("%(size)s GB"))


def format_file_size(size, language=None):
    """A file's size the way a reader weighs a download: "12 KB", "1.4 MB", "1,4 Mo" in French.

    Never in bytes: a small file is "1 KB". Below ten of a unit one decimal is kept ("4.5 KB",
    not "4.0 KB"), above it none ("12 KB").
    """
    if size is None or size < 0:
        return ""
    with translation.override(_language(language)):
        units = _file_size_units()
        value = size / _FILE_SIZE_STEP
        unit = 0
        # Move to the next unit once the rounded figure would reach a full step (1024 KB).
        while unit < len(units) - 1 and round(value, 1 if value < 10 else 0) >= _FILE_SIZE_STEP:
            value /= _FILE_SIZE_STEP
            unit += 1
        if 0 < value < 1 and unit == 0:
            value = 1  # 801 bytes reads as "1 KB": a reader weighs a download, not its bytes
        if value < 10 and round(value, 1) != round(value):
            figure = formats.number_format(round(value, 1), decimal_pos=1)
        else:
            figure = formats.number_format(round(value), decimal_pos=0)
        return units[unit] % {"size": figure}


def file_type(name):
    """The kind of a file as readers know it, from its extension: "PDF", "DOCX", or ""."""
    extension = PurePosixPath(str(name or "")).suffix.lstrip(".")
    return extension.upper() if extension.isalnum() else ""


def describe_file(name, size, language=None):
    """What a download is before it is opened: "PDF, 12 KB" (« PDF, 12 Ko »)."""
    return ", ".join(part for part in (file_type(name), format_file_size(size, language)) if part)
