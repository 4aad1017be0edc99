"""Middleware of the whole site that is not about caching (that is icc/caching/)."""

import re

# RFC 6265 allows no control character in a cookie, but Django's parser decodes the octal
# escapes of a quoted value ("\000"): such a value may reach the database (PostgreSQL refuses
# NUL) or a cache key.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class DropMalformedCookiesMiddleware:
    """Ignores cookies that no browser sends: those with a control character in them.

    A garbage session cookie then means "no session", as an unknown one does, instead of an
    error on every page for as long as the browser keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        malformed = [
            name
            for name, value in request.COOKIES.items()
            if CONTROL_CHARACTERS.search(name) or CONTROL_CHARACTERS.search(value)
        ]
        for name in malformed:
            del request.COOKIES[name]
        return self.get_response(request)
