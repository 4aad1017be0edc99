from django.urls import path
from django.views.generic import DetailView, ListView

from .models import Network

app_name = "networks"

urlpatterns = [
    path("", ListView.as_view(queryset=Network.objects.published()), name="network_list"),
    path(
        "<slug:slug>/",
        DetailView.as_view(queryset=Network.objects.published()),
        name="network_detail",
    ),
]
