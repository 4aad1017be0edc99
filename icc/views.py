"""Site-wide views: home and search (filled in by the public-site work)."""

from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"
