"""``/api/v1/``: the endpoints (a router of the viewsets), the root, the schema; any other
address under ``/api/`` is a JSON 404. Mounted in icc/urls.py, outside the language prefix."""

from django.urls import include, path, re_path
from django.views.generic import RedirectView
from rest_framework.routers import SimpleRouter

from . import views
from .errors import not_found

app_name = "api"

router = SimpleRouter()
router.register("cities", views.CityViewSet, basename="city")
router.register("networks", views.NetworkViewSet, basename="network")
router.register("events", views.EventViewSet, basename="event")
router.register("news", views.NewsViewSet, basename="news")
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("index-results", views.IndexResultViewSet, basename="index-result")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:root", permanent=False)),
    path("v1/", views.ApiRootView.as_view(), name="root"),
    path("v1/schema/", views.SchemaView.as_view(), name="schema"),
    path("v1/", include(router.urls)),
    # Only addresses ending with "/": without it, CommonMiddleware adds the slash first.
    re_path(r"^.*/$", not_found),
]
