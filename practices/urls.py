from django.urls import path

from . import feeds, views

app_name = "practices"

urlpatterns = [
    path("", views.PracticeListView.as_view(), name="practice_list"),
    path("feed.rss", feeds.PracticeFeed(), name="feed_rss"),
    path("feed.atom", feeds.PracticeAtomFeed(), name="feed_atom"),
    path("<slug:slug>/", views.PracticeDetailView.as_view(), name="practice_detail"),
]
