from django.utils.html import escape
from django.utils.translation import gettext as _

from icc.feeds import FEED_SIZE, ContentFeed, atom, feed_title
from icc.formatting import format_event_place, format_event_when

from .models import Event


class UpcomingEventsFeed(ContentFeed):
    list_url_name = "events:event_list"

    def title(self):
        return feed_title(_("upcoming events"))

    def description(self):
        return _(
            "Meetings, study visits, seminars and webinars of the Intercultural Cities network."
        )

    def items(self):
        return (
            Event.objects.published()
            .upcoming()
            .select_related("network")
            .prefetch_related("host_cities")[:FEED_SIZE]
        )

    def item_description(self, item):
        place = format_event_place(item)
        # HTML to a feed reader: a place name is text, never markup (see ContentFeed).
        return escape(" · ".join(part for part in (format_event_when(item), place) if part))

    def item_moment(self, item):
        return item.start_date


UpcomingEventsAtomFeed = atom(UpcomingEventsFeed)
