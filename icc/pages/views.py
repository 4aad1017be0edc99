"""Public pages of the programme: one page, and the list of them all."""

from django.urls import reverse
from django.utils.translation import gettext
from django.views.generic import TemplateView

from icc import structured_data
from icc.views import PreviewableDetailView

from . import links
from .models import Page
from .structured_data import web_page_data


def section_title():
    return gettext("The programme")


class PageIndexView(TemplateView):
    """Every published page with its summary, in the secretariat's order (one memo)."""

    template_name = "pages/page_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pages"] = links.published_links()
        context["structured_data"] = [
            structured_data.breadcrumb_list([(section_title(), reverse("pages:page_index"))])
        ]
        return context


class PageDetailView(PreviewableDetailView):
    model = Page
    context_object_name = "programme_page"
    template_name = "pages/page_detail.html"
    body_template_name = "pages/includes/page_body.html"

    def get_structured_data(self, context):
        page = web_page_data(self.object)
        trail = [
            (section_title(), reverse("pages:page_index")),
            (page["name"], self.object.get_absolute_url()),
        ]
        return [page, structured_data.breadcrumb_list(trail)]
