"""Rate limits counted in the shared cache (django-ratelimit), answered by the 429 page.

Each limit has a name in ``settings.RATE_LIMITS`` ("sign-in": "20/10m", ...). Counters live in
the cache named by RATELIMIT_USE_CACHE (the shared Redis in production), so a limit holds
across every app process. If that cache does not answer, the request is served as if there
were no limit (failing open: a cache outage must not lock everyone out), and the log says so
at most once a minute.
"""

import functools
import ipaddress
import logging
import math
import time

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from .addresses import client_address
from .responses import too_many_requests

logger = logging.getLogger(__name__)

# An IPv6 client usually holds a whole /64: counting each address apart would let it multiply
# its allowance by 2**64.
IPV6_PREFIX_LENGTH = 64
FAILURE_LOG_INTERVAL = 60  # seconds between two warnings that the limits are not counted
_last_failure_logged = None


def address_key(request):
    """The client's address (its /64 network for IPv6): what per-address limits count."""
    address = client_address(request) or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX_LENGTH}", strict=False))
    return str(parsed)


def email_key(request):
    """The e-mail address a form asks about, as the password-reset form matches it."""
    return request.POST.get("email", "").strip().casefold()


def _log_failure(name, error=None):
    global _last_failure_logged
    now = time.monotonic()
    if _last_failure_logged is not None and now - _last_failure_logged < FAILURE_LOG_INTERVAL:
        return
    _last_failure_logged = now
    logger.warning(
        "Rate limits are not counted (limit %r): the cache %r does not answer%s. "
        "Requests are served without limits; this is logged once a minute.",
        name,
        getattr(settings, "RATELIMIT_USE_CACHE", "default"),
        f" ({error!r})" if error else "",
    )


def _method_matches(request, method):
    if method == ALL:
        return True
    methods = [method] if isinstance(method, str) else method
    return request.method in {m.upper() for m in methods}


def check_limit(request, name, key=address_key, method=ALL):
    """Count ``request`` against the limit ``name``; the seconds to wait if it is over, or 0.

    ``key(request)`` says who is counted (the client's address by default). A limit without
    a rate in ``settings.RATE_LIMITS`` (or ``None``) is off.
    """
    rate = settings.RATE_LIMITS.get(name)
    if rate is None or not getattr(settings, "RATELIMIT_ENABLE", True):
        return 0
    if not _method_matches(request, method):
        return 0
    # Read outside the guard below: bad input (a form with too many fields) is a 400 as usual.
    value = key(request)
    try:
        usage = get_usage(
            request,
            group=f"icc:{name}",
            key=lambda group, request: value,
            rate=rate,
            method=ALL,
            increment=True,
        )
    except Exception as error:  # noqa: BLE001 - any cache client error: fail open, logged
        _log_failure(name, error)
        return 0
    # A cache that swallows its errors (django-redis' IGNORE_EXCEPTIONS) returns no count, and
    # django-ratelimit then fails open (RATELIMIT_FAIL_OPEN) with no usage at all.
    if usage is None:
        _log_failure(name)
        return 0
    if not usage["should_limit"]:
        return 0
    return max(1, math.ceil(usage["time_left"]))


def rate_limit(name, key=address_key, method=ALL):
    """View decorator: beyond the limit ``name`` (settings.RATE_LIMITS), the 429 page.

    For a class-based view, decorate ``dispatch`` (``method_decorator``). Several limits
    stack; the outer one is counted first.
    """

    def decorator(view):
        @functools.wraps(view)
        def limited_view(request, *args, **kwargs):
            retry_after = check_limit(request, name, key=key, method=method)
            if retry_after:
                return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return limited_view

    return decorator


# For the open-data downloads (CSV, JSON...): per address, generous but bounded.
download_limit = rate_limit("downloads")
