"""A database that fails (PostgreSQL restarting) gives a 503 page, never a 500.

``DatabaseUnavailableMiddleware`` comes first in ``MIDDLEWARE``. When the database connection
fails during a request (``OperationalError``/``InterfaceError``: refused at connect, cut in the
middle of a query), the failed connection is closed and:

- a GET or HEAD (idempotent) is run again, once, from the top of the middleware stack: the
  view's transaction (``ATOMIC_REQUESTS``) was rolled back when the error left the view, so the
  retry runs the whole view in a new transaction on a new connection, never a half-done one;
- otherwise, or if the retry fails too, the answer is a bilingual 503 page with
  ``Retry-After``, rendered from the template alone (no database, no cache, no context
  processor), in the language of the URL prefix.

Failures in the view or its template reach ``process_exception``. A failure in a middleware
(a session saved in the database, for instance) is turned into a 500 by Django before it gets
here; the ``got_request_exception`` signal marks the request, and the 500 is replaced by the 503.
The log says so once a minute at most (``ThrottledLog``).
"""

import logging
import sys

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

from .throttle import ThrottledLog

logger = logging.getLogger("icc.resilience")
failure_log = ThrottledLog(logger)
retry_log = ThrottledLog(logger)

DATABASE_FAILURES = (OperationalError, InterfaceError)
IDEMPOTENT_METHODS = {"GET", "HEAD"}
# Attribute of the request that holds the database error seen while answering it.
FAILURE_ATTRIBUTE = "_icc_database_failure"

# Shown only if the 503 template itself cannot be rendered: static, in both languages.
SERVICE_UNAVAILABLE_FALLBACK = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Service unavailable</title></head><body>"
    "<h1>Service temporarily unavailable</h1><p>Please try again in a few moments.</p>"
    '<h1 lang="fr">Service momentanément indisponible</h1>'
    '<p lang="fr">Veuillez réessayer dans quelques instants.</p>'
    "</body></html>"
)


def is_database_failure(error):
    return isinstance(error, DATABASE_FAILURES)


def close_failed_connections():
    """Close every open connection outside a transaction: the next query opens a new one.

    A connection inside a transaction (a test's, never a request's once its view has
    returned) is left alone: closing it would end that transaction.
    """
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is dropped
            connection.connection = None


def retry_after_seconds():
    return getattr(settings, "SERVICE_UNAVAILABLE_RETRY_AFTER", 10)


def service_unavailable(request):
    """The 503 page in the language of the URL prefix, with ``Retry-After``; no DB, no cache."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            body = loader.get_template("503.html").render({"retry_after": retry_after_seconds()})
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        body = SERVICE_UNAVAILABLE_FALLBACK
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after_seconds())
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    # Django's own "Service Unavailable: /path" line, once per request, is replaced by ours.
    response._has_been_logged = True
    return response


def mark_failure(request, error):
    """Remember the failure; the middleware on the way out must not query the database again.

    They would ask for the user (``request.user``, which reads the session and the user's row)
    and fail again, each time with a logged 500. The 503 answer is the same for everyone; a
    retry gets a new ``request.user`` from the authentication middleware.
    """
    setattr(request, FAILURE_ATTRIBUTE, error)
    request.user = AnonymousUser()


def _mark_failure(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and is_database_failure(error):
        mark_failure(request, error)


got_request_exception.connect(_mark_failure, dispatch_uid="icc-resilience-database-failure")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, FAILURE_ATTRIBUTE, None)
        if error is None:
            return response
        close_failed_connections()
        if request.method in IDEMPOTENT_METHODS:
            # The failed response is dropped unclosed: closing it would send request_finished
            # (and close every connection) in the middle of the request.
            delattr(request, FAILURE_ATTRIBUTE)
            response = self.get_response(request)
            retried_error = getattr(request, FAILURE_ATTRIBUTE, None)
            if retried_error is None:
                retry_log.warning(
                    "Database connection failed (%s: %s); %s %r answered on a new one.",
                    type(error).__name__,
                    str(error).strip()[:200],
                    request.method,
                    request.path[:200],
                )
                return response
            error = retried_error
            close_failed_connections()
        failure_log.warning(
            "Database unavailable (%s: %s): answering 503 with Retry-After.",
            type(error).__name__,
            str(error).strip()[:200],
        )
        return service_unavailable(request)

    def process_exception(self, request, exception):
        if not is_database_failure(exception):
            return None
        mark_failure(request, exception)
        # A placeholder, so that Django neither logs a 500 nor renders its page: __call__
        # retries the request or answers the real 503.
        placeholder = HttpResponse(status=503)
        placeholder._has_been_logged = True
        return placeholder
