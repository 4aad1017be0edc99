from django.urls import path
from django.views.generic import DetailView, ListView

from .models import Practice

app_name = "practices"

urlpatterns = [
    path("", ListView.as_view(queryset=Practice.objects.published()), name="practice_list"),
    path(
        "<slug:slug>/",
        DetailView.as_view(queryset=Practice.objects.published()),
        name="practice_detail",
    ),
]
