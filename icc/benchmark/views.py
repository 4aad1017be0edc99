"""The bare-Django ceiling: what the server, the middleware stack and a template cost alone.

Both pages go through the site's whole middleware stack. ``rendered_ceiling`` renders a
20 KB template with a 200-iteration loop and the site's context processors (what every page
pays before its own queries); ``constant_ceiling`` returns 20 KB of bytes made once, the
most a page served from a cache can hope for. Neither may be stored by a page cache.
"""

from pathlib import Path

from django.http import HttpResponse
from django.template import engines
from django.views.decorators.cache import never_cache

ITERATIONS = 200
# Compiled once per process, as the cached template loader does in production.
_TEMPLATE = engines["django"].from_string(
    (Path(__file__).parent / "ceiling.html").read_text(encoding="utf-8")
)
_ITEMS = [
    {
        "number": number,
        "slug": f"item-{number:03d}",
        "title": f"A listed item, number {number}",
        "country": "Portugal" if number % 2 else "Norway",
    }
    for number in range(ITERATIONS)
]
_CONSTANT = _TEMPLATE.render({"items": _ITEMS}).encode()


@never_cache
def rendered_ceiling(request):
    return HttpResponse(_TEMPLATE.render({"items": _ITEMS}, request))


@never_cache
def constant_ceiling(request):
    return HttpResponse(_CONSTANT)
