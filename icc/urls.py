from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from .api.docs_views import ApiDocumentationView
from .crawling import views as crawling_views
from .ratelimits import rate_limit

urlpatterns = [
    # The admin's sign-in shares the site's sign-in limit per address (icc/ratelimits/).
    path("admin/login/", rate_limit("sign-in", method="POST")(admin.site.login)),
    path("admin/translation-status/", include("icc.translation_status.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The public read-only API, the same in every language (icc/api/, docs/api.md).
    path("api/", include("icc.api.urls")),
    # robots.txt, sitemaps, favicon, touch icon, manifest: at the root (icc/crawling/).
    path("", include("icc.crawling.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("icc.public_urls")),
    path("manifest.webmanifest", crawling_views.web_manifest, name="web_manifest"),
    path("cities/", include("cities.urls")),
    path("networks/", include("cities.network_urls")),
    path("events/", include("events.urls")),
    path("news/", include("news.urls")),
    path("practices/", include("practices.urls")),
    path("search/", include("icc.search_urls")),
    path("my-practices/", include("practices.workspace_urls")),
    path("accounts/", include("icc.account_urls")),
    path("api/", ApiDocumentationView.as_view(), name="api_documentation"),
)

if settings.SERVE_MEDIA:  # local MEDIA_ROOT: each file to those who may see it (icc/media_views.py)
    from .media_views import serve_media

    urlpatterns.append(path(f"{settings.MEDIA_URL.lstrip('/')}<path:name>", serve_media))

# Error pages in the reader's language; the 400 and 500 pages need no request context.
handler400 = "icc.views.bad_request"
handler500 = "icc.views.server_error"
