from django.urls import path
from django.views.generic import DetailView, ListView

from .models import City

app_name = "cities"

urlpatterns = [
    path("", ListView.as_view(queryset=City.objects.published()), name="city_list"),
    path("<slug:slug>/", DetailView.as_view(queryset=City.objects.published()), name="city_detail"),
]
