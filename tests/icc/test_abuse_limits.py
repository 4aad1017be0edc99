"""Abuse limits behind the load balancer: the client's address, lockouts and rate limits.

The documented deployment has one load balancer that appends the address it received from to
X-Forwarded-For and connects to the app itself: REMOTE_ADDR is the load balancer, the right-most
X-Forwarded-For entry the client. Every request here is sent that way unless a test says not.
"""

import ipaddress
import logging
import os
import runpy
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from types import SimpleNamespace

import django_ratelimit.core
import hypothesis
import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st
from python_ipware.modern.parsers import TIER_REJECT, ip_tier, parse_ip

from icc.ratelimits import address_key, client_address, download_limit, limits
from icc.ratelimits.addresses import ipware_arguments
from tests.factories import CoordinatorFactory, SecretariatUserFactory
from tests.helpers import redis_answers, text

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
LOAD_BALANCER = "10.0.0.2"
ATTACKER = "198.51.100.66"
VICTIM = "203.0.113.10"
NEIGHBOUR = "203.0.113.20"
FIXED_NOW = 1_900_000_000.0


def behind_load_balancer(address, forged=""):
    """A client whose requests reach the app through the load balancer, from ``address``."""
    forwarded = f"{forged}, {address}" if forged else address
    return Client(REMOTE_ADDR=LOAD_BALANCER, HTTP_X_FORWARDED_FOR=forwarded)


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def sign_in(client, username, password="wrong password", name="accounts:login"):
    return client.post(url(name), {"username": username, "password": password})


@pytest.fixture(autouse=True)
def one_load_balancer(settings, monkeypatch):
    """AXES_PROXY_COUNT=1, limits on, an empty cache and a clock that stands still.

    django-ratelimit counts in windows that end at a time of its choosing; with the clock
    fixed, a test's requests can never straddle two windows.
    """
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATELIMIT_ENABLE = True
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: FIXED_NOW))
    monkeypatch.setattr(limits, "_last_failure_logged", None)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def victim(db):
    return CoordinatorFactory(username="victim", email="victim@example.org")


def assert_too_many_requests(response, language="en"):
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert retry_after >= 1
    assert "no-store" in response["Cache-Control"]
    content = text(response)
    assert f'<html lang="{language}"' in content
    with translation.override(language):
        assert gettext("Too many requests") in content
    return retry_after


# --- The client's address -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # Reached directly: the header is the client's own writing and is ignored.
        (0, VICTIM, ATTACKER, VICTIM),
        (0, VICTIM, None, VICTIM),
        # One load balancer that appends: the right-most entry, whatever is on its left.
        (1, LOAD_BALANCER, VICTIM, VICTIM),
        (1, LOAD_BALANCER, f"{NEIGHBOUR}, {VICTIM}", VICTIM),
        (1, LOAD_BALANCER, f"unknown, <script>, 999.1.1.1, {VICTIM}", VICTIM),
        (1, LOAD_BALANCER, f"{VICTIM},{VICTIM}, , {ATTACKER}", ATTACKER),
        (1, LOAD_BALANCER, "2001:db8::7", "2001:db8::7"),
        # A lone quote would make django-ipware read the rest as one quoted string.
        (1, LOAD_BALANCER, f'"{NEIGHBOUR}, {VICTIM}', VICTIM),
        (1, LOAD_BALANCER, f'for="{NEIGHBOUR}", {VICTIM}', VICTIM),
        # Not through the load balancer (its health check): the address that connected.
        (1, LOAD_BALANCER, None, LOAD_BALANCER),
        # A CDN then the load balancer: the CDN appended the client, the balancer the CDN.
        (2, LOAD_BALANCER, f"{ATTACKER}, {VICTIM}, 192.0.2.9", VICTIM),
        (2, LOAD_BALANCER, f"{ATTACKER}, {NEIGHBOUR}, {VICTIM}, 192.0.2.9", VICTIM),
        # Whatever a server puts in REMOTE_ADDR (a Unix socket: nothing), never a non-address.
        (0, "", None, None),
        (0, "not an address", ATTACKER, None),
        (1, "", "unknown", None),
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **extra)) == expected


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_one_setting_drives_axes_and_client_address(monkeypatch, proxies):
    """AXES_PROXY_COUNT sets what client_address does and the AXES_IPWARE_* axes would use."""
    monkeypatch.setenv("AXES_PROXY_COUNT", str(proxies))
    loaded = runpy.run_path(str(Path(django_settings.BASE_DIR) / "icc" / "settings" / "base.py"))
    arguments = ipware_arguments(proxies)
    assert loaded["TRUSTED_PROXY_COUNT"] == proxies
    assert arguments["proxy_count"] == loaded["AXES_IPWARE_PROXY_COUNT"]
    assert tuple(arguments["request_header_order"]) == loaded["AXES_IPWARE_META_PRECEDENCE_ORDER"]
    assert loaded["AXES_CLIENT_IP_CALLABLE"] == "icc.ratelimits.client_address"


# Entries a client may write: addresses, near-addresses, ports, RFC 7239 pieces, junk.
FORWARDED_ENTRIES = st.one_of(
    st.ip_addresses().map(str),
    st.sampled_from(["unknown", "_hidden", "for=192.0.2.1", "[2001:db8::1]:443", "1.2.3.4:80",
                     "999.1.1.1", "", " ", "0.0.0.0", "::", "\x00", "<script>", '"', "'\"1.2.3.4"]),
    st.text(max_size=40),
)  # fmt: skip


@hypothesis.settings(max_examples=200, derandomize=True, deadline=None)
@given(
    proxies=st.integers(min_value=0, max_value=3),
    written=st.lists(FORWARDED_ENTRIES, max_size=6),
    appended=st.lists(st.ip_addresses().map(str), max_size=3),
)
def test_client_address_never_fails_and_never_takes_what_the_client_wrote(
    proxies, written, appended
):
    """Whatever the client writes, the address is one a trusted proxy wrote, or REMOTE_ADDR."""
    header = ", ".join([*written, *appended])
    request = RequestFactory().get("/", REMOTE_ADDR=LOAD_BALANCER, HTTP_X_FORWARDED_FOR=header)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        address = client_address(request)
        key = address_key(request)
    assert key
    if proxies == 0:
        assert address == LOAD_BALANCER
    elif len(appended) >= proxies:
        # As django-ipware reads it (IPv4-mapped IPv6 unwrapped); it never takes 0.0.0.0 & co.
        client = parse_ip(appended[-proxies])
        if ip_tier(client) != TIER_REJECT:
            assert ipaddress.ip_address(address) == client
    else:
        assert address is not None


def test_ipv6_clients_are_counted_by_their_network():
    request = RequestFactory().get("/", REMOTE_ADDR=LOAD_BALANCER,
                                   HTTP_X_FORWARDED_FOR="2001:db8:1:2:aaaa::1")  # fmt: skip
    assert address_key(request) == "2001:db8:1:2::/64"


# --- Lockout: per username and address --------------------------------------------------------


def test_axes_records_the_client_not_the_load_balancer(victim):
    sign_in(behind_load_balancer(ATTACKER, forged=VICTIM), "victim")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [ATTACKER]


def test_an_attacker_locks_only_themself_out(victim):
    attacker = behind_load_balancer(ATTACKER)
    for _ in range(4):
        assert sign_in(attacker, "victim").status_code == 200
    response = sign_in(attacker, "victim")
    assert response.status_code == 429
    assert response["Retry-After"] == str(30 * 60)
    # Even the right password is refused to the attacker's address during the cool-off...
    assert sign_in(attacker, "victim", PASSWORD).status_code == 429
    # ...while the coordinator, from their own address, signs in.
    response = sign_in(behind_load_balancer(VICTIM), "victim", PASSWORD)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "forged", [VICTIM, f"{VICTIM}, {NEIGHBOUR}", "127.0.0.1", "unknown", '"', f'"{VICTIM}']
)
def test_forged_headers_do_not_escape_a_lockout(victim, forged):
    for _ in range(5):
        sign_in(behind_load_balancer(ATTACKER), "victim")
    response = sign_in(behind_load_balancer(ATTACKER, forged=forged), "victim", PASSWORD)
    assert response.status_code == 429


def test_forged_headers_count_towards_one_lockout(victim):
    """Each failure with another forged header still counts for the attacker's address."""
    for number in range(5):
        response = sign_in(behind_load_balancer(ATTACKER, forged=f"192.0.2.{number}"), "victim")
    assert response.status_code == 429
    assert sign_in(behind_load_balancer(VICTIM), "victim", PASSWORD).status_code == 302


def test_without_a_proxy_the_header_chooses_nothing(settings, victim):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(5):
        response = Client(REMOTE_ADDR=ATTACKER).post(
            url("accounts:login"),
            {"username": "victim", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    response = Client(REMOTE_ADDR=VICTIM).post(
        url("accounts:login"), {"username": "victim", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_admin_lockout_is_per_address_too(db):
    SecretariatUserFactory(username="staffer")
    for _ in range(5):
        response = sign_in(behind_load_balancer(ATTACKER), "staffer", name="admin:login")
    assert response.status_code == 429
    response = sign_in(behind_load_balancer(VICTIM), "staffer", PASSWORD, name="admin:login")
    assert response.status_code == 302


# --- Rate limits ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_sign_in_is_limited_per_address_site_and_admin_together(settings, victim, language):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign-in": "3/d"}
    attacker = behind_load_balancer(ATTACKER)
    # Other usernames each time: axes' lockout per username never triggers.
    assert sign_in(attacker, "alice").status_code == 200
    assert sign_in(attacker, "bob", name="admin:login").status_code == 200
    assert attacker.get(url("accounts:login", language)).status_code == 200  # reading is free
    assert attacker.post(url("accounts:login", language), {"username": "carol"}).status_code == 200
    response = attacker.post(url("accounts:login", language), {"username": "dave"})
    retry_after = assert_too_many_requests(response, language)
    assert retry_after <= 24 * 60 * 60
    assert_too_many_requests(sign_in(attacker, "erin", name="admin:login"))
    assert AccessAttempt.objects.filter(username__in=["dave", "erin"]).count() == 0
    # Another address is not limited, nor forged into the attacker's.
    assert sign_in(behind_load_balancer(VICTIM, forged=ATTACKER), "victim", PASSWORD).status_code == 302  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr"])
def test_password_reset_is_limited_per_address(settings, victim, language):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password-reset": "2/d"}
    client = behind_load_balancer(ATTACKER)
    reset_url = url("accounts:password_reset", language)
    for _ in range(2):
        assert client.post(reset_url, {"email": "victim@example.org"}).status_code == 302
    assert_too_many_requests(client.post(reset_url, {"email": "victim@example.org"}), language)
    assert_too_many_requests(client.post(reset_url, {"email": "someone@example.org"}), language)
    assert len(mail.outbox) == 2
    assert client.get(reset_url).status_code == 200


def test_password_reset_is_limited_per_email_address(settings, victim):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password-reset-email": "2/d"}
    reset_url = url("accounts:password_reset")
    for address in (ATTACKER, NEIGHBOUR):
        client = behind_load_balancer(address)
        assert client.post(reset_url, {"email": "victim@example.org"}).status_code == 302
    # From a third address, with the address written otherwise: the same e-mail.
    response = behind_load_balancer(VICTIM).post(reset_url, {"email": " Victim@Example.ORG "})
    assert_too_many_requests(response)
    assert len(mail.outbox) == 2
    other = CoordinatorFactory(email="other@example.org")
    response = behind_load_balancer(VICTIM).post(reset_url, {"email": other.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("language", ["en", "fr"])
def test_search_is_limited_per_address(settings, language):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "3/d"}
    client = behind_load_balancer(ATTACKER)
    search_url = url("search:search", language)
    for query in ("housing", "sport", "libraries"):
        assert client.get(search_url, {"q": query}).status_code == 200
    assert_too_many_requests(client.get(search_url, {"q": "schools"}), language)
    assert behind_load_balancer(VICTIM).get(search_url, {"q": "schools"}).status_code == 200


def test_a_429_is_never_stored_by_the_page_cache(settings):
    settings.PAGE_CACHE = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "1/d"}
    search_url = url("search:search")
    attacker = behind_load_balancer(ATTACKER)
    first = attacker.get(search_url, {"q": "housing"})
    assert (first.status_code, first["X-Cache"]) == (200, "miss")
    assert_too_many_requests(attacker.get(search_url, {"q": "sport"}))
    # The same search from someone else is the page, not the attacker's 429.
    response = behind_load_balancer(VICTIM).get(search_url, {"q": "sport"})
    assert (response.status_code, response["X-Cache"]) == (200, "miss")
    # A page already cached costs nothing and is served even to the limited address.
    response = attacker.get(search_url, {"q": "housing"})
    assert (response.status_code, response["X-Cache"]) == (200, "hit")


def test_download_limit_decorator(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "downloads": "2/d"}

    @download_limit
    def practices_csv(request):
        return HttpResponse("title\n", content_type="text/csv")

    factory = RequestFactory()
    for _ in range(2):
        request = factory.get("/en/practices.csv", REMOTE_ADDR=LOAD_BALANCER,
                              HTTP_X_FORWARDED_FOR=ATTACKER)  # fmt: skip
        assert practices_csv(request).status_code == 200
    with translation.override("fr"):
        request = factory.get("/fr/practices.csv", REMOTE_ADDR=LOAD_BALANCER,
                              HTTP_X_FORWARDED_FOR=f"{VICTIM}, {ATTACKER}")  # fmt: skip
        assert_too_many_requests(practices_csv(request), "fr")
    request = factory.get("/en/practices.csv", REMOTE_ADDR=LOAD_BALANCER,
                          HTTP_X_FORWARDED_FOR=VICTIM)  # fmt: skip
    assert practices_csv(request).status_code == 200


def test_limits_can_be_turned_off(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "1/d"}
    settings.RATELIMIT_ENABLE = False
    client = behind_load_balancer(ATTACKER)
    for _ in range(3):
        assert client.get(url("search:search"), {"q": "housing"}).status_code == 200


# --- The cache: shared by every process, and its outage --------------------------------------


def broken_cache(ignore_exceptions):
    """A Redis cache nobody listens to (port 1 refuses at once)."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": ignore_exceptions,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


@pytest.mark.parametrize("ignore_exceptions", [True, False], ids=["swallowed", "raised"])
def test_a_cache_outage_fails_open_and_is_logged_once(settings, caplog, victim, ignore_exceptions):
    settings.CACHES = {**settings.CACHES, "limits": broken_cache(ignore_exceptions)}
    settings.RATELIMIT_USE_CACHE = "limits"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "1/d", "sign-in": "1/d"}
    client = behind_load_balancer(ATTACKER)
    with caplog.at_level(logging.WARNING, logger="icc.ratelimits.limits"):
        for query in ("housing", "sport", "libraries"):
            assert client.get(url("search:search"), {"q": query}).status_code == 200
        assert sign_in(client, "victim").status_code == 200
        assert sign_in(behind_load_balancer(VICTIM), "victim", PASSWORD).status_code == 302
        response = client.post(url("accounts:password_reset"), {"email": "victim@example.org"})
        assert response.status_code == 302
    warnings = [r for r in caplog.records if r.name == "icc.ratelimits.limits"]
    assert len(warnings) == 1
    assert "does not answer" in warnings[0].getMessage()


# Another app process: counts requests from the attacker against the search limit.
OTHER_PROCESS = textwrap.dedent(
    """
    import json, os, sys
    from types import SimpleNamespace
    import django
    django.setup()
    import django_ratelimit.core
    from django.test import RequestFactory, override_settings
    from icc.ratelimits import check_limit

    config = json.loads(os.environ["LIMITS_CONFIG"])
    django_ratelimit.core.time = SimpleNamespace(time=lambda: config["now"])
    with override_settings(**config["settings"]):
        request = RequestFactory().get(
            "/en/search/", REMOTE_ADDR=config["balancer"], HTTP_X_FORWARDED_FOR=config["client"]
        )
        print(json.dumps([check_limit(request, "search") for _ in range(config["requests"])]))
    """
)


def test_limits_hold_across_app_processes(settings):
    """Three requests counted in another process, the fourth here: the limit is shared."""
    import json

    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379: the shared-counter test needs a shared cache")
    import redis

    prefix = f"icc-test-limits-{uuid.uuid4().hex}"
    shared = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": prefix,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
    limit_settings = {
        "CACHES": {**settings.CACHES, "limits": shared},
        "RATELIMIT_USE_CACHE": "limits",
        "RATELIMIT_ENABLE": True,
        "TRUSTED_PROXY_COUNT": 1,
        "RATE_LIMITS": {**settings.RATE_LIMITS, "search": "3/d"},
    }
    config = {
        "now": FIXED_NOW,
        "settings": limit_settings,
        "balancer": LOAD_BALANCER,
        "client": ATTACKER,
        "requests": 3,
    }
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "icc.settings.test",
        "LIMITS_CONFIG": json.dumps(config),
        "PYTHONPATH": str(django_settings.BASE_DIR),
    }
    try:
        other = subprocess.run(
            [sys.executable, "-c", OTHER_PROCESS],
            cwd=django_settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert other.returncode == 0, other.stderr[-3000:]
        assert json.loads(other.stdout.strip().splitlines()[-1]) == [0, 0, 0]
        with override_settings(**limit_settings):
            response = behind_load_balancer(ATTACKER).get(url("search:search"), {"q": "x"})
            assert_too_many_requests(response)
            response = behind_load_balancer(VICTIM).get(url("search:search"), {"q": "x"})
            assert response.status_code == 200
    finally:
        client = redis.Redis.from_url(shared["LOCATION"])
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)


@pytest.mark.parametrize(
    ("seconds", "retry_after", "wait"),
    [(0.2, "1", "1 second"), (30, "30", "30 seconds"), (90, "90", "2 minutes")],
)
def test_the_429_page_says_how_long_to_wait(seconds, retry_after, wait):
    """Rendered alone (no request context, no database, no cache), in the active language."""
    from icc.ratelimits import too_many_requests

    response = too_many_requests(RequestFactory().get("/"), seconds)
    assert response["Retry-After"] == retry_after
    assert_too_many_requests(response)
    assert f"try again in {wait}." in text(response)
