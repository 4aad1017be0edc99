from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.NewsListView.as_view(), name="news_list"),
    path("feed.rss", feeds.NewsFeed(), name="feed_rss"),
    path("feed.atom", feeds.NewsAtomFeed(), name="feed_atom"),
    path("<slug:slug>/", views.NewsDetailView.as_view(), name="news_detail"),
]
