from django.urls import path

from .opendata.search import SearchDownloadView
from .opendata.urls import download_paths
from .search_views import SearchView

app_name = "search"

urlpatterns = [
    path("", SearchView.as_view(), name="search"),
    *download_paths(SearchDownloadView),
]
