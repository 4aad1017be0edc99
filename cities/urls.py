from django.urls import path

from icc.opendata.links import FORMATS
from icc.opendata.urls import download_paths

from . import downloads, views
from .index_downloads import IndexResultDownloadView

app_name = "cities"

urlpatterns = [
    path("", views.CityListView.as_view(), name="city_list"),
    *download_paths(downloads.CityDownloadView),
    # Every city's ICC Index results (helper "index"): /<lang>/cities/index-results.csv
    *[
        path(
            f"index-results.{url_format}",
            IndexResultDownloadView.as_view(),
            {"format": url_format},
            name="index_download",
        )
        for url_format, _label, _media_type in FORMATS
    ],
    path("<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
]
