from django.urls import path

from icc.opendata.urls import download_paths

from . import downloads, feeds, views

app_name = "practices"

urlpatterns = [
    path("", views.PracticeListView.as_view(), name="practice_list"),
    *download_paths(downloads.PracticeDownloadView),
    path("feed.rss", feeds.PracticeFeed(), name="feed_rss"),
    path("feed.atom", feeds.PracticeAtomFeed(), name="feed_atom"),
    path("<slug:slug>/", views.PracticeDetailView.as_view(), name="practice_detail"),
]
