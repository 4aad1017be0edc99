"""Abuse limits that hold behind the load balancer: the client's address, rate limits, 429s.

- ``client_address(request)``: the real client behind ``TRUSTED_PROXY_COUNT`` proxies; django-axes
  uses it too (AXES_CLIENT_IP_CALLABLE), so lockouts and limits count the same client.
- ``rate_limit(name)``: a view decorator counting requests in the shared cache against
  ``settings.RATE_LIMITS[name]``; ``download_limit`` is the one for data downloads.
- ``too_many_requests(request, retry_after)``: the bilingual 429 page with ``Retry-After``.

See docs/operations.md, "Behind a load balancer: client addresses and limits".
"""

from .addresses import client_address
from .limits import address_key, check_limit, download_limit, email_key, rate_limit
from .responses import too_many_requests

__all__ = [
    "address_key",
    "check_limit",
    "client_address",
    "download_limit",
    "email_key",
    "rate_limit",
    "too_many_requests",
]
