"""iCalendar downloads: one event's .ics, and calendars filtered like the events listing.

Only ``Event.objects.published()`` is ever read: a draft has no .ics, even for the staff
who may preview its page. The calendars take exactly the listing's filters (EventFilterSet,
with its validation: an invalid value is ignored, as on the listing), so a link built from
the listing's filters holds the listing's events.
"""

from django.db.models import F
from django.forms import ModelChoiceField
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views import View

from icc.caching.memo import memoize
from icc.facets import MAX_QUERY_LENGTH, CountryCodeField
from icc.formatting import country_name

from .calendars import (
    absolute_url,
    calendar_name,
    event_calendar,
    events_calendar,
    with_query,
)
from .filters import EventFilterSet, upcoming_condition
from .models import Event
from .views import host_cities_prefetch

CONTENT_TYPE = "text/calendar; charset=utf-8"
UPCOMING_FILENAME = "intercultural-cities-upcoming-events.ics"
ALL_FILENAME = "intercultural-cities-events.ics"


def calendar_response(body, *, filename, as_attachment):
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


class EventCalendarFileView(View):
    """One published event as an .ics file, in the language of the URL."""

    def get(self, request, slug):
        events = Event.objects.published().prefetch_related(host_cities_prefetch())
        event = get_object_or_404(events, slug=slug)
        calendar = event_calendar(event, translation.get_language())
        body = calendar.to_ical()
        return calendar_response(body, filename=f"{event.slug}.ics", as_attachment=True)


class EventsCalendarView(View):
    """The published events that the listing shows for these filters, as a calendar.

    ``upcoming_only``: the events that have not ended (the calendar to subscribe to);
    otherwise every event the filters match, past ones included. The file is kept for the
    content generation and day (icc.caching.memo) under its *valid* filters: a calendar of
    thousands of events takes a few seconds to write, and unknown parameters or invalid
    values must not make it be written again.
    """

    upcoming_only = True

    def get(self, request):
        data = request.GET.copy()
        for key in list(data):
            data.setlist(key, [value[:MAX_QUERY_LENGTH] for value in data.getlist(key)])
        filterset = EventFilterSet(data=data, queryset=Event.objects.published(), request=request)
        valid_filters = filterset.valid_data()
        language = translation.get_language()
        parts = (
            self.upcoming_only,
            request.path,
            language,
            sorted((name, sorted(values)) for name, values in valid_filters.items()),
        )
        body = memoize(
            "events-calendar", parts, lambda: self.write(filterset, valid_filters, language)
        )
        filename = UPCOMING_FILENAME if self.upcoming_only else ALL_FILENAME
        return calendar_response(body, filename=filename, as_attachment=False)

    def write(self, filterset, valid_filters, language):
        events = filterset.qs
        if self.upcoming_only:
            events = events.filter(upcoming_condition())
        events = events.order_by(
            "start_date", F("start_time").asc(nulls_first=True), "pk"
        ).prefetch_related(host_cities_prefetch())
        listing_filters = dict(valid_filters)
        if self.upcoming_only:
            listing_filters.setdefault("when", ["upcoming"])
        calendar = events_calendar(
            events,
            language=language,
            name=calendar_name(
                upcoming_only=self.upcoming_only,
                filter_labels=filter_labels(filterset, valid_filters),
                language=language,
            ),
            url=absolute_url(with_query(reverse("events:event_list"), listing_filters)),
            source=absolute_url(with_query(self.request.path, valid_filters)),
        )
        return calendar.to_ical()


def filter_labels(filterset, valid_filters):
    """What each valid filter shows on the listing: "Portugal", "Conference", "Lisbon"."""
    labels = []
    for name in valid_filters:
        value = filterset.form.cleaned_data.get(name)
        field = filterset.form.fields[name]
        if value in (None, ""):
            continue
        if isinstance(field, CountryCodeField):
            labels.append(country_name(value))
        elif isinstance(field, ModelChoiceField) or not hasattr(field, "choices"):
            labels.append(str(value))
        else:
            labels.append(str(dict(field.choices).get(value, value)))
    return labels
