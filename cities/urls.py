from django.urls import path

from icc.opendata.urls import download_paths

from . import downloads, views

app_name = "cities"

urlpatterns = [
    path("", views.CityListView.as_view(), name="city_list"),
    *download_paths(downloads.CityDownloadView),
    path("<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
]
