"""Security headers beyond Django's ``SecurityMiddleware``: CSP, Permissions-Policy and CORP.

``SecurityMiddleware`` already sends HSTS, ``X-Content-Type-Options``, ``Referrer-Policy`` and
``Cross-Origin-Opener-Policy`` on every answer, static files included (it runs before
WhiteNoise). This module adds the rest, the same way on every kind of answer:

- pages, the workspace, the admin and error pages: ``SecurityHeadersMiddleware`` (django-csp's
  middleware plus two headers), placed *before* the page cache so that a cache hit, a 304 and
  a 400 raised by the cache's own middleware carry them as well;
- static files: WhiteNoise answers before any later middleware runs, so it adds them itself
  through ``WHITENOISE_ADD_HEADERS_FUNCTION = "icc.security_headers.add_static_headers"``.

The policy has no nonce: anonymous pages are stored whole by the page cache and replayed to
every visitor, so every inline script or style lives in a file under ``static/`` instead. The
policy names no nonce source either (no ``csp.constants.NONCE``): should a template ever use
``request.csp_nonce``, its inline code is blocked, never trusted, so the mistake fails closed
and no nonce can be replayed from the cache.
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from csp.utils import build_policy

# Powerful features the site never uses: denied to the site itself and to anything it embeds.
# Only names that browsers know (an unknown one is a console error in Chromium).
DENIED_FEATURES = (
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)
# Only this origin may embed the site's files (images, scripts, styles) in its pages.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"


def other_headers():
    """The headers besides the CSP that every answer carries."""
    return {
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Resource-Policy": CROSS_ORIGIN_RESOURCE_POLICY,
    }


def in_fixed_order(policy):
    """The policy with its directives sorted: django-csp orders them as a set does, which
    changes from one process to the next; every worker then sends the same bytes."""
    return "; ".join(sorted(part.strip() for part in policy.split(";") if part.strip()))


def content_security_policy():
    """The policy of ``CONTENT_SECURITY_POLICY`` as a header value (the same for every answer)."""
    return in_fixed_order(build_policy())


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's ``Content-Security-Policy``, plus Permissions-Policy and CORP."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if "Content-Security-Policy" in response:
            response["Content-Security-Policy"] = in_fixed_order(
                response["Content-Security-Policy"]
            )
        for name, value in other_headers().items():
            response.headers.setdefault(name, value)
        return response


def add_static_headers(headers, path, url):
    """WhiteNoise's ``WHITENOISE_ADD_HEADERS_FUNCTION``: the pages' headers on static files.

    Called once per file when WhiteNoise starts. The CSP matters for files a browser renders
    as a document (an SVG opened directly); on the others it costs a few bytes.
    """
    policy = content_security_policy()
    if policy:
        headers["Content-Security-Policy"] = policy
    for name, value in other_headers().items():
        headers[name] = value


def media_origins(custom_domain="", endpoint_url="", bucket_name="", region_name=""):
    """The origins media files may come from when they live in an S3-compatible bucket.

    ``img-src`` must allow them: the custom domain (a CDN) if one is set, and the bucket's own
    address, at the endpoint if one is set, else at Amazon.
    """
    origins = []
    if custom_domain:
        origins.append(f"https://{custom_domain.strip('/')}")
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    elif bucket_name:
        origins.append(f"https://{bucket_name}.s3.amazonaws.com")
        if region_name:
            origins.append(f"https://{bucket_name}.s3.{region_name}.amazonaws.com")
    return origins
