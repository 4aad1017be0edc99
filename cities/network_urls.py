from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("", views.NetworkListView.as_view(), name="network_list"),
    path("<slug:slug>/", views.NetworkDetailView.as_view(), name="network_detail"),
]
