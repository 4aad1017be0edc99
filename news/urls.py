from django.urls import path
from django.views.generic import DetailView, ListView

from .models import NewsItem

app_name = "news"

urlpatterns = [
    path("", ListView.as_view(queryset=NewsItem.objects.published()), name="news_list"),
    path(
        "<slug:slug>/",
        DetailView.as_view(queryset=NewsItem.objects.published()),
        name="news_detail",
    ),
]
