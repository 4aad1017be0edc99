from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .caching.versions import current_generation

SITE_NAME = _("Intercultural Cities")


def url_in_language(request, language):
    """The current page (same path and query string) in ``language``.

    The view's own URL pattern is reversed in ``language`` (what ``translate_url`` does after
    resolving the path again). A path that did not resolve (a 404 page) has its language
    prefix swapped by hand, so the switcher still leads somewhere sensible.
    """
    full_path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name:
        with translation.override(language):
            try:
                path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                path = None
        if path is not None:
            query = request.META.get("QUERY_STRING", "")
            return iri_to_uri(path) + (f"?{iri_to_uri(query)}" if query else "")
    translated = translate_url(full_path, language)
    if translated != full_path:
        return translated
    current = translation.get_language() or settings.LANGUAGE_CODE
    prefix = f"/{current}/"
    if full_path.startswith(prefix):
        return f"/{language}/{full_path[len(prefix) :]}"
    return translated


# Pages beyond this are never canonical; it also bounds what int() is given (its digit limit).
LAST_CANONICAL_PAGE = 99_999


def canonical_query(request):
    """Only the page number is part of a page's identity; filters and tracking are not."""
    try:
        page = request.GET.get("page", "")
    except SuspiciousOperation:
        # Too many fields: the 404/403 page of such a request must still render.
        return ""
    if not (page.isascii() and page.isdigit()) or len(page) > len(str(LAST_CANONICAL_PAGE)):
        return ""
    number = int(page)
    return f"?page={number}" if 1 < number <= LAST_CANONICAL_PAGE else ""


def site(request):
    """Values every page template may use: site URL, canonical URL and language alternates."""
    site_url = settings.SITE_URL.rstrip("/")
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    alternates = []
    query = canonical_query(request)
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            native_name = str(name)
        url = url_in_language(request, code) if code != current else request.get_full_path()
        alternates.append(
            {
                "code": code,
                "name": native_name,
                "url": url,
                "absolute_path_url": site_url + url.split("?", 1)[0] + query,
                "is_current": code == current,
            }
        )
    return {
        "SITE_URL": site_url,
        "SITE_NAME": SITE_NAME,
        "canonical_url": site_url + request.path + query,
        "absolute_url": site_url + request.get_full_path(),
        "language_alternates": alternates,
        "other_languages": [alternate for alternate in alternates if not alternate["is_current"]],
        # What a fragment built from content varies on ({% cache %} in base.html): read only if
        # such a fragment is rendered, and then from the request's generation scope.
        "content_generation": SimpleLazyObject(current_generation),
        # The footer marks the current programme page: its fragment varies on this path too.
        "programme_path": request.path if _namespace(request) == "pages" else "",
    }


def _namespace(request):
    match = getattr(request, "resolver_match", None)
    return match.namespace if match is not None else ""
