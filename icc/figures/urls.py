from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("", views.NetworkFiguresView.as_view(), name="network_figures"),
]
