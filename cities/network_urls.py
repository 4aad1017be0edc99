from django.urls import path

from icc.opendata.urls import download_paths

from . import downloads, views

app_name = "networks"

urlpatterns = [
    path("", views.NetworkListView.as_view(), name="network_list"),
    *download_paths(downloads.NetworkDownloadView),
    path("<slug:slug>/", views.NetworkDetailView.as_view(), name="network_detail"),
]
