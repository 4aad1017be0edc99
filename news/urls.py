from django.urls import path

from icc.opendata.urls import download_paths

from . import downloads, feeds, views

app_name = "news"

urlpatterns = [
    path("", views.NewsListView.as_view(), name="news_list"),
    *download_paths(downloads.NewsDownloadView),
    path("feed.rss", feeds.NewsFeed(), name="feed_rss"),
    path("feed.atom", feeds.NewsAtomFeed(), name="feed_atom"),
    path("<slug:slug>/", views.NewsDetailView.as_view(), name="news_detail"),
]
