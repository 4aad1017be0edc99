"""schema.org objects for the public pages, as plain dicts ready for JSON.

Each builder reads only the item and the relations its view already loaded (prefetched or
selected): describing a page costs no query. Texts are in the reader's language with the
site's fallback (``translated_value``), URLs are absolute (``SITE_URL``, as the canonical
link), dates are ISO 8601. Only what the public may open is named: related items come from
``published()`` querysets or are filtered on ``is_published`` here. Previews get nothing
(``icc.views.PreviewableDetailView``).

Properties follow Google's rich-result documentation: an Event needs ``name``, ``startDate``
and a ``location`` (a Place with an address, or a VirtualLocation with a URL); an Article
wants ``headline``, ``image``, the dates and an ``author`` with a name and URL; a
BreadcrumbList is ``ListItem``s with ``position``, ``name`` and ``item``.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from icc import formatting
from icc.context_processors import SITE_NAME
from icc.templatetags.icc_tags import translated_value

SCHEMA_CONTEXT = "https://schema.org"
COUNCIL_OF_EUROPE_URL = "https://www.coe.int/"
# Google wants a logo of at least 112 px square: the site's icon, 512 px.
LOGO = "icons/icon-512.png"
# Descriptions are summaries: the page holds the whole text.
DESCRIPTION_LENGTH = 1000


# --- Shared pieces ----------------------------------------------------------------------------


def absolute_url(path_or_url):
    """An absolute URL on the site's public address (a storage URL may be absolute already)."""
    if path_or_url.startswith(("https://", "http://")):
        return path_or_url
    return settings.SITE_URL.rstrip("/") + path_or_url


def page_language():
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def translated_text(obj, field):
    """A field in the reader's language (or the site's fallback), as the page shows it."""
    value, _language = translated_value(obj, field)
    return str(value).strip()


def short_description(text):
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def image_url(image):
    """The absolute URL of an ``icc.Image``'s original file, or None."""
    if image is None or not image.file:
        return None
    return absolute_url(image.file.url)


def datetime_text(value):
    """An aware datetime in the site's time zone, to the second: "2024-09-16T10:30:00+02:00"."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def without_empty(data):
    """``data`` without the properties that have no value (schema.org wants them left out)."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def with_context(data):
    return {"@context": SCHEMA_CONTEXT, **without_empty(data)}


def logo_url():
    """The site's square icon (icc.crawling.icons), or None if the static files lack it."""
    try:
        return absolute_url(static(LOGO))
    except ValueError:  # not in the manifest of the deployed static files: no logo, no error
        return None


def organization_data():
    """The programme: Intercultural Cities, run by the Council of Europe."""
    home_url = absolute_url(reverse("home"))
    return without_empty(
        {
            "@type": "Organization",
            "@id": f"{home_url}#organization",
            "name": str(SITE_NAME),
            "url": home_url,
            "logo": logo_url(),
            "parentOrganization": {
                "@type": "Organization",
                "name": gettext("Council of Europe"),
                "url": COUNCIL_OF_EUROPE_URL,
            },
        }
    )


def network_organization(network):
    """A network as an organizer: its name and its page."""
    return {
        "@type": "Organization",
        "name": translated_text(network, "name"),
        "url": absolute_url(network.get_absolute_url()),
    }


def country_data(code):
    return {"@type": "Country", "name": formatting.country_name(code)} if code else None


def postal_address(locality="", country=""):
    return without_empty(
        {"@type": "PostalAddress", "addressLocality": locality, "addressCountry": str(country)}
    )


def geo_coordinates(city):
    if city.latitude is None or city.longitude is None:
        return None
    return {
        "@type": "GeoCoordinates",
        "latitude": float(city.latitude),
        "longitude": float(city.longitude),
    }


def city_place(city, venue=""):
    """A published city as a Place, or a venue in it (a Place within that city)."""
    city_name = translated_text(city, "name")
    city_url = absolute_url(city.get_absolute_url())
    return without_empty(
        {
            "@type": "Place",
            "name": venue or city_name,
            "url": None if venue else city_url,
            "address": postal_address(city_name, city.country),
            "geo": geo_coordinates(city),
            "containedInPlace": {"@type": "City", "name": city_name, "url": city_url}
            if venue
            else None,
        }
    )


def one_or_many(values):
    return values[0] if len(values) == 1 else values


# --- Events -----------------------------------------------------------------------------------


def event_time_zone(event):
    """The event's own zone, else the site's (times shown without a zone are local to it)."""
    try:
        return zoneinfo.ZoneInfo(event.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def event_dates(event):
    """``(startDate, endDate)``: dates for a day-long event, times with their offset otherwise.

    An event with a start time but no end time on the same day has no ``endDate`` rather
    than a date that would read as earlier than its start.
    """
    if not event.start_time:
        return event.start_date.isoformat(), event.end_date.isoformat()
    zone = event_time_zone(event)
    start = datetime.datetime.combine(event.start_date, event.start_time, tzinfo=zone)
    if event.end_time:
        end = datetime.datetime.combine(event.end_date, event.end_time, tzinfo=zone)
        return start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")
    end_date = event.end_date.isoformat() if event.end_date > event.start_date else None
    return start.isoformat(timespec="seconds"), end_date


def is_in_person(event):
    """Held somewhere: host cities or a place. A country alone is where an online event is
    organised from, not where one attends it."""
    place = translated_text(event, "place")
    return bool(place or event.host_cities.all() or (event.country and not event.is_online))


def attendance_mode(event):
    in_person = is_in_person(event)
    if event.is_online and in_person:
        return "https://schema.org/MixedEventAttendanceMode"
    if event.is_online:
        return "https://schema.org/OnlineEventAttendanceMode"
    return "https://schema.org/OfflineEventAttendanceMode"


def physical_places(event):
    """Where the event is held: its published host cities, its place, else its country.

    A host city the public cannot open is left out; its event is then placed by its venue or
    country, as any event without a member city.
    """
    cities = [city for city in event.host_cities.all() if city.is_published]
    venue = translated_text(event, "place")
    if len(cities) == 1:
        return [city_place(cities[0], venue=venue)]
    places = [city_place(city) for city in cities]
    country = str(event.country or (cities[0].country if cities else ""))
    if venue:
        address = postal_address(country=country) if country else venue
        places.append({"@type": "Place", "name": venue, "address": address})
    elif not places and country:
        name = formatting.country_name(country)
        places.append({"@type": "Place", "name": name, "address": postal_address(country=country)})
    return places


def event_location(event):
    """A Place (or several) with an address, a VirtualLocation, or both for a hybrid event."""
    places = physical_places(event) if is_in_person(event) else []
    if event.is_online:
        online_url = event.registration_url or event.get_absolute_url()
        places.append({"@type": "VirtualLocation", "url": absolute_url(online_url)})
    return one_or_many(places) if places else None


def event_summary(event):
    """An event as listed on another page: what Google requires, from card fields only.

    None for an event with no known place: an Event without a location is invalid to Google
    (an error in Search Console), so it is better left undescribed.
    """
    location = event_location(event)
    if location is None:
        return None
    start, end = event_dates(event)
    return without_empty(
        {
            "@type": "Event",
            "name": translated_text(event, "title"),
            "url": absolute_url(event.get_absolute_url()),
            "startDate": start,
            "endDate": end,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": attendance_mode(event),
            "location": location,
        }
    )


def event_data(event):
    """An Event for the event's own page (network and image selected, host cities prefetched).

    The organizer is the organising network when the public may open its page, else the
    programme.
    """
    listed = event_summary(event)
    if listed is None:
        return None
    network = event.network if event.network_id and event.network.is_published else None
    return with_context(
        {
            **listed,
            "description": short_description(translated_text(event, "description")),
            "image": image_url(event.image),
            "organizer": network_organization(network) if network else organization_data(),
            "inLanguage": page_language(),
        }
    )


def events_listed(events):
    """The events a page lists, those with a known place (see ``event_summary``)."""
    return [listed for listed in map(event_summary, events) if listed]


# --- News and good practices ------------------------------------------------------------------


def news_summary(item):
    """A news item as listed on another page: headline, page and date (card fields only)."""
    return {
        "@type": "NewsArticle",
        "headline": translated_text(item, "title"),
        "url": absolute_url(item.get_absolute_url()),
        "datePublished": item.date.isoformat(),
    }


def news_article_data(item):
    """A NewsArticle for the item's page (image selected)."""
    url = absolute_url(item.get_absolute_url())
    # An item dated after its last edit (written ahead of its day) was not modified since.
    if timezone.localtime(item.updated_at).date() > item.date:
        modified = datetime_text(item.updated_at)
    else:
        modified = item.date.isoformat()
    image = image_url(item.image)
    return with_context(
        {
            "@type": "NewsArticle",
            "headline": translated_text(item, "title"),
            "description": short_description(translated_text(item, "lead")),
            "url": url,
            "mainEntityOfPage": url,
            "image": [image] if image else None,
            "datePublished": item.date.isoformat(),
            "dateModified": modified,
            "author": organization_data(),
            "publisher": organization_data(),
            "inLanguage": page_language(),
        }
    )


def practice_title(practice):
    return translated_text(practice, "title") or str(practice)


def practice_summary(practice):
    """A good practice as listed on another page (card fields only)."""
    published = practice.published_at
    return without_empty(
        {
            "@type": "Article",
            "headline": practice_title(practice),
            "url": absolute_url(practice.get_absolute_url()),
            "datePublished": datetime_text(published) if published else None,
        }
    )


def temporal_coverage(practice):
    """The years a practice ran, as an ISO 8601 interval: "2014/2021", "2014/.." if ongoing."""
    if not practice.first_year:
        return None
    if practice.last_year and practice.last_year != practice.first_year:
        return f"{practice.first_year}/{practice.last_year}"
    if practice.is_ongoing and not practice.last_year:
        return f"{practice.first_year}/.."
    return str(practice.first_year)


def practice_data(practice):
    """An Article for a good practice's page (cities, topics and images prefetched).

    Where it took place is its published cities, or its country when none is public.
    """
    url = absolute_url(practice.get_absolute_url())
    cities = [city_place(city) for city in practice.cities.all() if city.is_published]
    images = [image_url(image) for image in practice.images.all()]
    return with_context(
        {
            "@type": "Article",
            "headline": practice_title(practice),
            "description": short_description(translated_text(practice, "purpose")),
            "url": url,
            "mainEntityOfPage": url,
            "image": [image for image in images if image],
            "datePublished": datetime_text(practice.published_at)
            if practice.published_at
            else None,
            "dateModified": datetime_text(practice.updated_at),
            "author": organization_data(),
            "publisher": organization_data(),
            "about": [
                {"@type": "Thing", "name": translated_text(topic, "name")}
                for topic in practice.topics.all()
            ],
            "spatialCoverage": cities or country_data(practice.country),
            "temporalCoverage": temporal_coverage(practice),
            "inLanguage": page_language(),
        }
    )


# --- Cities and networks ----------------------------------------------------------------------


def city_data(city, *, events=(), practices=(), news_items=()):
    """A City (a Place) for a member city's page, with the published items its page lists."""
    name = translated_text(city, "name")
    return with_context(
        {
            "@type": "City",
            "name": name,
            "url": absolute_url(city.get_absolute_url()),
            "description": short_description(translated_text(city, "profile")),
            "image": image_url(city.image),
            "address": postal_address(name, city.country),
            "geo": geo_coordinates(city),
            "containedInPlace": country_data(city.country),
            "sameAs": city.website,
            "event": events_listed(events),
            "subjectOf": [practice_summary(practice) for practice in practices]
            + [news_summary(item) for item in news_items],
        }
    )


def network_data(network, *, events=(), news_items=()):
    """An Organization for a network's page, with the published events and news it lists."""
    return with_context(
        {
            "@type": "Organization",
            "name": translated_text(network, "name"),
            "alternateName": translated_text(network, "acronym"),
            "url": absolute_url(network.get_absolute_url()),
            "description": short_description(translated_text(network, "description")),
            "foundingDate": str(network.founded_year) if network.founded_year else None,
            "areaServed": country_data(network.country),
            "sameAs": network.website,
            "event": events_listed(events),
            "subjectOf": [news_summary(item) for item in news_items],
        }
    )


# --- Home page and breadcrumbs ----------------------------------------------------------------


def website_data():
    """The WebSite, with the site search as its SearchAction."""
    search_url = absolute_url(reverse("search:search"))
    return with_context(
        {
            "@type": "WebSite",
            "name": str(SITE_NAME),
            "url": absolute_url(reverse("home")),
            "inLanguage": page_language(),
            "publisher": organization_data(),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": f"{search_url}?q={{search_term_string}}",
                },
                "query-input": "required name=search_term_string",
            },
        }
    )


def home_page_data():
    """What the home page describes: the programme and the site."""
    return [with_context(organization_data()), website_data()]


def breadcrumb_list(trail):
    """The BreadcrumbList of a page whose visible trail is Home then ``trail``.

    ``trail`` is ``[(name, path), ...]`` as the page shows it, the page itself last; base.html
    always starts with Home, so this does too.
    """
    crumbs = [(gettext("Home"), reverse("home")), *trail]
    return with_context(
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": str(name),
                    "item": absolute_url(path),
                }
                for position, (name, path) in enumerate(crumbs, start=1)
            ],
        }
    )
