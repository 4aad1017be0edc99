from django.urls import path
from django.views.generic import TemplateView

app_name = "workspace"

urlpatterns = [
    path(
        "", TemplateView.as_view(template_name="workspace/practice_list.html"), name="practice_list"
    ),
]
