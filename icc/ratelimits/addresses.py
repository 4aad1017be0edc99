"""The client's address, as the documented deployment sends it (settings: TRUSTED_PROXY_COUNT).

Production has one load balancer in front of the app (docs/operations.md). Like nginx's
``$proxy_add_x_forwarded_for``, HAProxy's ``option forwardfor`` or a cloud load balancer, it
*appends* the address that connected to it to whatever ``X-Forwarded-For`` the client sent,
and connects to the app itself, so the app sees::

    REMOTE_ADDR = the load balancer
    X-Forwarded-For: <anything the client wrote>, <the client's real address>

The load balancer's own address is never in the header. With ``TRUSTED_PROXY_COUNT`` proxies,
each appending, the client is therefore the ``TRUSTED_PROXY_COUNT``-th entry from the right:
entries on its left were written by the client and are never read, so forging the header
chooses nothing. (django-ipware's ``proxy_count`` counts the proxies whose addresses are *in*
the header, one fewer: with a count of 1 it expects ``client, proxy``, which one load balancer
never sends.) A request whose header has fewer entries than there are proxies did not come
through them all, and is counted under the address that connected to the app.
"""

import ipaddress

from django.conf import settings
from python_ipware import IpWare


def ipware_arguments(proxy_count):
    """django-ipware's arguments for ``proxy_count`` appending proxies in front of the app.

    The settings give axes the same values (AXES_IPWARE_*); tests keep the two in step.
    """
    if proxy_count <= 0:
        # Reached directly: X-Forwarded-For is whatever the client wrote.
        return {"proxy_count": None, "request_header_order": ("REMOTE_ADDR",)}
    return {"proxy_count": proxy_count - 1, "request_header_order": ("HTTP_X_FORWARDED_FOR",)}


def client_address(request):
    """The address of the client that sent ``request`` (``None`` only if there is none at all).

    Used by django-axes (AXES_CLIENT_IP_CALLABLE) and by the rate limits, so a sign-in lockout
    and a rate limit always count the same client.
    """
    remote_address = _address_or_none(request.META.get("REMOTE_ADDR"))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_address
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < proxies:
        return remote_address
    # Only the entries the proxies wrote reach the parser: django-ipware's reads quotes (RFC
    # 7239), so a client's lone '"' would otherwise swallow the rest of the header.
    arguments = ipware_arguments(proxies)
    ipware = IpWare(
        precedence=arguments["request_header_order"], proxy_count=arguments["proxy_count"]
    )
    trusted = {"HTTP_X_FORWARDED_FOR": ",".join(entries[-proxies:])}
    # An entry there that is not an address (a proxy misconfigured): REMOTE_ADDR counts.
    address, _trusted_route = ipware.get_client_ip(trusted, strict=True)
    return str(address) if address is not None else remote_address


def _address_or_none(value):
    """``value`` if it is an IP address (axes stores it in an address column), else ``None``."""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
