from django.urls import path
from django.views.generic import DetailView, ListView

from .models import Event

app_name = "events"

urlpatterns = [
    path("", ListView.as_view(queryset=Event.objects.published()), name="event_list"),
    path(
        "<slug:slug>/", DetailView.as_view(queryset=Event.objects.published()), name="event_detail"
    ),
]
