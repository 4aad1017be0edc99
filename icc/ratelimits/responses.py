"""The answer to a client over a rate limit: the 429 page in its language, with Retry-After."""

import math

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers

# Shown only if the 429 template cannot be rendered: static, in both languages.
TOO_MANY_REQUESTS_FALLBACK = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Too many requests</title>'
    "</head><body><h1>Too many requests</h1><p>Please wait a moment and try again.</p>"
    '<h1 lang="fr">Trop de requêtes</h1><p lang="fr">Veuillez patienter un moment et réessayer.'
    "</p></body></html>"
)


class TooManyRequests(HttpResponse):
    status_code = 429


def too_many_requests(request, retry_after):
    """The 429 page; ``retry_after`` seconds (at least 1) also go in the Retry-After header.

    Rendered without a request context, like the other error pages: cheap, no database. Never
    stored by the page cache (it keeps 200s only) nor by any other cache (never-cache headers).
    """
    retry_after = max(1, math.ceil(retry_after))
    context = {"retry_after": retry_after, "retry_after_minutes": math.ceil(retry_after / 60)}
    try:
        body = loader.get_template("429.html").render(context)
    except Exception:  # noqa: BLE001 - the limit's answer itself must never fail
        body = TOO_MANY_REQUESTS_FALLBACK
    response = TooManyRequests(body)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE), with ``Retry-After`` added.

    The same template, context and status as axes' own answer; the header tells the client
    the whole cool-off, the longest it may have to wait.
    """
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
    }
    cool_off = get_cool_off(request)
    if cool_off:
        context["cooloff_timedelta"] = cool_off
    response = render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    if cool_off:
        response["Retry-After"] = str(max(1, math.ceil(cool_off.total_seconds())))
    add_never_cache_headers(response)
    return response
