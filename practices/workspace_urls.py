"""The coordinators' workspace, mounted at /<language>/my-practices/."""

from django.urls import path

from . import adaptation_views, translation_views
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
    # "translations": missing or out-of-date texts of their practices, side-by-side editor.
    path("translations/", translation_views.translation_list, name="translations"),
    path(
        "<int:pk>/translations/",
        translation_views.translation_editor,
        name="translation_editor",
    ),
    # "transfer": which practice one of theirs was inspired by; what their city adapted.
    path(
        "<int:pk>/inspired-by/",
        adaptation_views.practice_inspired_by,
        name="practice_inspired_by",
    ),
    path("adaptations/", adaptation_views.adaptation_list, name="adaptation_list"),
    path("adaptations/new/", adaptation_views.adaptation_create, name="adaptation_create"),
    path("adaptations/<int:pk>/", adaptation_views.adaptation_detail, name="adaptation_detail"),
    path("adaptations/<int:pk>/edit/", adaptation_views.adaptation_edit, name="adaptation_edit"),
    path(
        "adaptations/<int:pk>/submit/",
        adaptation_views.adaptation_submit,
        name="adaptation_submit",
    ),
    path(
        "adaptations/<int:pk>/delete/",
        adaptation_views.adaptation_delete,
        name="adaptation_delete",
    ),
]
