"""The site's URLconf plus the bare-Django ceiling pages (used only by the bench settings)."""

from django.urls import path

from icc import urls as site_urls

from . import views

urlpatterns = [
    path("bench/ceiling/rendered/", views.rendered_ceiling, name="bench_ceiling_rendered"),
    path("bench/ceiling/constant/", views.constant_ceiling, name="bench_ceiling_constant"),
    *site_urls.urlpatterns,
]

# The site's error handlers, whichever it defines.
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site_urls, _name):
        globals()[_name] = getattr(site_urls, _name)
