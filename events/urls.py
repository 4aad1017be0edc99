from django.urls import path

from . import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("feed.rss", feeds.UpcomingEventsFeed(), name="feed_rss"),
    path("feed.atom", feeds.UpcomingEventsAtomFeed(), name="feed_atom"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
