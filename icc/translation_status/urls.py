"""/admin/translation-status/: the list and the side-by-side editor, behind the admin's login."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "translation_status"

urlpatterns = [
    path("", admin.site.admin_view(views.status_view), name="status"),
    path(
        "<int:content_type_id>/<int:object_id>/",
        admin.site.admin_view(views.editor_view),
        name="editor",
    ),
]
