"""Addresses crawlers and browsers look for at the root of the site (outside the language prefix)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path("apple-touch-icon.png", views.apple_touch_icon, name="apple_touch_icon"),
    # Asked for by iOS when a page names no touch icon; the same picture.
    path("apple-touch-icon-precomposed.png", views.apple_touch_icon),
    path("manifest.webmanifest", views.default_web_manifest, name="default_web_manifest"),
]
