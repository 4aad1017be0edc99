"""The coordinators' workspace, mounted at /<language>/my-practices/."""

from django.urls import path

from . import workspace_views as views

app_name = "workspace"

urlpatterns = [
    path("", views.practice_list, name="practice_list"),
    path("new/", views.practice_create, name="practice_create"),
    path("<int:pk>/", views.practice_detail, name="practice_detail"),
    path("<int:pk>/edit/", views.practice_edit, name="practice_edit"),
    path("<int:pk>/preview/", views.practice_preview, name="practice_preview"),
    path("<int:pk>/submit/", views.practice_submit, name="practice_submit"),
    path("<int:pk>/delete/", views.practice_delete, name="practice_delete"),
]
