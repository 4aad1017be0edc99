"""The API's rate limit: ``settings.RATE_LIMITS["api"]`` per client address (icc.ratelimits).

Counted in the shared cache like every other limit of the site, so it holds across app
processes and behind the load balancer; DRF answers a client over it with a 429 and
``Retry-After`` (``icc.api.errors``).
"""

from rest_framework.throttling import BaseThrottle

from icc.ratelimits import check_limit

API_LIMIT = "api"


class AddressRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        self.retry_after = check_limit(request._request, API_LIMIT)
        return not self.retry_after

    def wait(self):
        return self.retry_after
