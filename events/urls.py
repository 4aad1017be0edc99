from django.urls import path

from icc.opendata.urls import download_paths

from . import calendar_views, downloads, feeds, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    *download_paths(downloads.EventDownloadView),
    path("feed.rss", feeds.UpcomingEventsFeed(), name="feed_rss"),
    path("feed.atom", feeds.UpcomingEventsAtomFeed(), name="feed_atom"),
    path("calendar.ics", calendar_views.EventsCalendarView.as_view(), name="calendar"),
    path(
        "calendar-all.ics",
        calendar_views.EventsCalendarView.as_view(upcoming_only=False),
        name="calendar_all",
    ),
    path("<slug:slug>/event.ics", calendar_views.EventCalendarFileView.as_view(), name="event_ics"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
