"""Errors of the API as JSON: ``{"status": 400, "detail": "...", "errors": {...}}``.

Every error has the same shape: the status, a sentence in the answer's language and, for a
bad parameter (400), a list of messages per parameter; a 429 also says how many seconds to
wait (as ``Retry-After`` does).
"""

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

INVALID_PARAMETERS_MESSAGE = gettext_lazy("Some parameters are not valid.")


def error_body(status_code, detail, **extra):
    return {"status": status_code, "detail": str(detail), **extra}


def exception_handler(exc, context):
    """DRF's handler (status, headers such as Retry-After), with the API's error body."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body(
            response.status_code,
            INVALID_PARAMETERS_MESSAGE,
            errors={
                name: [str(message) for message in messages] for name, messages in errors.items()
            },
        )
    elif response.status_code == status.HTTP_404_NOT_FOUND:
        response.data = error_body(404, not_found_message())
    elif isinstance(exc, exceptions.Throttled):
        response.data = error_body(
            429,
            _("Too many requests: please wait %(seconds)s seconds.") % {"seconds": exc.wait},
            retry_after=exc.wait,
        )
        add_never_cache_headers(response)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = error_body(response.status_code, detail)
    return response


def not_found_message():
    return _("Nothing published has this address.")


def not_found(request, *args, **kwargs):
    """A JSON 404 for any other address under /api/."""
    return JsonResponse(error_body(404, not_found_message()), status=404)
