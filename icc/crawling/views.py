"""robots.txt, the favicon, the Apple touch icon and the web manifest.

Crawlers and browsers ask for these at fixed addresses at the root of the site, outside the
language prefix. They depend on nothing but the code, the request's host and, for the
manifest, the language.
"""

import functools
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from icc.context_processors import SITE_NAME

from .icons import BLUE, WHITE

THEME_COLOUR = BLUE
# Icons change with a release only; a day keeps browsers from asking on every page.
ICON_MAX_AGE = 24 * 60 * 60

# Routes whose whole section (/<language>/<section>/) crawlers should leave alone: search
# results (endless, and noindex anyway), the coordinators' workspace, sign-in and accounts.
PRIVATE_ROUTES = ("search:search", "workspace:practice_list", "accounts:login")


def path_section(path, depth):
    """The first ``depth`` segments of a path: ``/en/accounts/login/``, 2 -> ``/en/accounts/``."""
    segments = [segment for segment in path.split("/") if segment]
    return "/" + "/".join(segments[:depth]) + "/"


def disallowed_paths():
    """What robots.txt keeps crawlers out of, in every language of ``settings.LANGUAGES``."""
    paths = [reverse("admin:index"), path_section(reverse("set_language"), 1)]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.extend(path_section(reverse(name), 2) for name in PRIVATE_ROUTES)
    # Preview links of the secretariat (a query parameter on any page).
    paths += ["/*?preview=", "/*&preview="]
    return list(dict.fromkeys(paths))


@require_safe
def robots_txt(request):
    body = render_to_string(
        "crawling/robots.txt",
        {
            "disallowed": disallowed_paths(),
            "sitemap_url": request.build_absolute_uri(reverse("sitemap-index")),
        },
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@functools.cache
def static_file_bytes(name):
    """The bytes of a file of static/ (read once per process), or None if it is missing."""
    path = finders.find(name)
    return Path(path).read_bytes() if path else None


def static_file_view(name, content_type):
    """A view answering a static file itself, 200 at its well-known root address."""

    @require_safe
    def view(request):
        content = static_file_bytes(name)
        if content is None:
            raise Http404(name)
        response = HttpResponse(content, content_type=content_type)
        patch_cache_control(response, public=True, max_age=ICON_MAX_AGE)
        return response

    return view


favicon = static_file_view("icons/favicon.ico", "image/vnd.microsoft.icon")
apple_touch_icon = static_file_view("icons/apple-touch-icon.png", "image/png")


def manifest_data():
    """The web manifest in the active language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        # One app whatever the language it was installed from.
        "id": "/",
        "name": str(SITE_NAME),
        "short_name": _("ICC"),
        "description": _(
            "Intercultural Cities, a programme of the Council of Europe: member cities, "
            "networks, events, news and good practices of intercultural inclusion."
        ),
        "lang": language,
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "minimal-ui",
        "theme_color": THEME_COLOUR,
        "background_color": WHITE,
        "icons": [
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


@require_safe
def web_manifest(request):
    """The manifest of the URL's language (``/<language>/manifest.webmanifest``)."""
    return JsonResponse(
        manifest_data(),
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def default_web_manifest(request):
    """``/manifest.webmanifest``: the default language's, whatever the browser prefers."""
    with translation.override(settings.LANGUAGE_CODE):
        return web_manifest(request)
