"""Security headers: a strict CSP, Permissions-Policy, CORP, COOP, nosniff, Referrer-Policy and
HSTS on pages, the admin, error pages, static files and page-cache hits; and the grade the
Mozilla HTTP Observatory gives them, computed with its published algorithm on production settings.

The scorer below follows mdn/mdn-http-observatory, algorithm version 6 (``src/analyzer/tests/*.js``,
``src/grader/charts.js``, ``src/scanner/index.js``): the score starts at 100, every test adds its
modifier, bonuses count only when the score without them is at least 90, and 100 or more is A+.
"""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import reversion
from django.test import Client, override_settings
from django.urls import reverse

from icc import security_headers
from tests.factories import CityFactory, PracticeFactory, SecretariatUserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}  # what the load balancer sends (production.py)
STRICT_DIRECTIVES = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


# --- The Observatory's algorithm ---------------------------------------------------------------

MODIFIERS = {
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 5,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    "cross-origin-resource-policy-implemented-with-same-origin": 10,
    "cross-origin-resource-policy-implemented-with-same-site": 10,
    "cross-origin-resource-policy-implemented-with-cross-origin": 0,
    "cross-origin-resource-policy-not-implemented": 0,
    "cross-origin-resource-policy-header-invalid": -5,
    "coop-implemented-with-same-origin": 10,
    "coop-implemented-with-same-origin-allow-popups": 10,
    "coop-implemented-with-unsafe-none": 0,
    "coop-not-implemented": 0,
    "coop-header-invalid": -5,
    "coep-implemented-with-require-corp": 10,
    "coep-implemented-with-credentialless": 10,
    "coep-implemented-with-unsafe-none": 0,
    "coep-not-implemented": 0,
    "coep-header-invalid": -5,
}
GRADES = [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+")]
GRADES += [(50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F")]
DANGEROUSLY_BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*"}
DANGEROUSLY_BROAD |= {"https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
SIX_MONTHS = 15_768_000


def parse_csp(header):
    """Directive -> set of sources (lower case); raises ValueError when it cannot be parsed."""
    policy = {}
    for part in header.split(";"):
        words = part.strip().split()
        if not words:
            continue
        directive = words[0].lower()
        if directive in policy:
            raise ValueError(f"duplicate directive {directive}")
        policy[directive] = {word.lower() for word in words[1:]} or {"'none'"}
    if not policy:
        raise ValueError("empty policy")
    return policy


def csp_result(headers):
    header = headers.get("content-security-policy")
    if not header:
        return "csp-not-implemented", None
    try:
        policy = parse_csp(header)
    except ValueError:
        return "csp-header-invalid", None
    default = policy.get("default-src")
    script_src = policy.get("script-src") or default or {"*"}
    style_src = policy.get("style-src") or default or {"*"}
    object_src = policy.get("object-src") or default or {"*"}
    active = [
        source
        for directive, sources in policy.items()
        if directive not in {"img-src", "media-src", "script-src"}
        for source in sources
    ] + list(script_src)
    passive = [
        source
        for directive in ("img-src", "media-src")
        for source in (policy.get(directive) or default or set())
    ]
    if script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or object_src & DANGEROUSLY_BROAD:
        return "csp-implemented-with-unsafe-inline", policy
    if any(source.startswith(("http:", "ftp:")) for source in active):
        return "csp-implemented-with-insecure-scheme", policy
    if "'unsafe-eval'" in script_src | style_src:
        return "csp-implemented-with-unsafe-eval", policy
    if any(source.startswith(("http:", "ftp:")) for source in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", policy
    if style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", policy
    if default == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none", policy
    return "csp-implemented-with-no-unsafe", policy


def hsts_result(headers):
    header = headers.get("strict-transport-security")
    if not header:
        return "hsts-not-implemented"
    if "," in header:
        return "hsts-header-invalid"
    max_age = None
    for parameter in header.lower().split(";"):
        if parameter.strip().startswith("max-age="):
            max_age = int(parameter.strip()[8:])
    if max_age is None:
        return "hsts-header-invalid"
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months"
    return "hsts-implemented-max-age-at-least-six-months"


def cookies_result(response, hsts_passes):
    cookies = list(response.cookies.values())
    if not cookies:
        return "cookies-not-found"
    order = [
        "cookies-without-secure-flag-but-protected-by-hsts",
        "cookies-without-secure-flag",
        "cookies-session-without-secure-flag-but-protected-by-hsts",
        "cookies-samesite-flag-invalid",
        "cookies-anticsrf-without-samesite-flag",
        "cookies-session-without-httponly-flag",
        "cookies-session-without-secure-flag",
    ]
    found = []
    for cookie in cookies:
        name = cookie.key.lower()
        session = "login" in name or "sess" in name
        samesite = cookie["samesite"]
        if samesite and samesite.lower() not in {"lax", "strict", "none"}:
            found.append("cookies-samesite-flag-invalid")
        if not cookie["secure"]:
            found.append(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts_passes
                else "cookies-without-secure-flag"
            )
            if session:
                found.append(
                    "cookies-session-without-secure-flag-but-protected-by-hsts"
                    if hsts_passes
                    else "cookies-session-without-secure-flag"
                )
        if "csrf" in name and not samesite:
            found.append("cookies-anticsrf-without-samesite-flag")
        if session and not cookie["httponly"]:
            found.append("cookies-session-without-httponly-flag")
    if found:
        return max(found, key=order.index)
    if all(cookie["samesite"] for cookie in cookies):
        return "cookies-secure-with-httponly-sessions-and-samesite"
    return "cookies-secure-with-httponly-sessions"


def referrer_result(headers):
    good = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    bad = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
    header = headers.get("referrer-policy")
    if header is None:
        return "referrer-policy-not-implemented"
    valid = [value.strip().lower() for value in header.split(",")]
    valid = [value for value in valid if value in good | bad]
    if valid and valid[-1] in good:
        return "referrer-policy-private"
    if valid:
        return "referrer-policy-unsafe"
    return "referrer-policy-header-invalid"


def xfo_result(headers, policy):
    if policy and "frame-ancestors" in policy:
        return "x-frame-options-implemented-via-csp"
    header = headers.get("x-frame-options")
    if header is None:
        return "x-frame-options-not-implemented"
    if header.strip().lower() in {"deny", "sameorigin"}:
        return "x-frame-options-sameorigin-or-deny"
    return "x-frame-options-header-invalid"


def token_result(headers, name, prefix, known):
    header = headers.get(name)
    if header is None:
        return f"{prefix}-not-implemented"
    value = header.strip().lower()
    if value in known:
        return f"{prefix}-implemented-with-{value}"
    return f"{prefix}-header-invalid"


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []
        self.count = 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.count += 1
            source = dict(attrs).get("src")
            if source:
                self.sources.append(source)


def sri_result(headers, body):
    if headers.get("content-type", "").split(";")[0].strip() not in {"text/html", ""}:
        return "sri-not-implemented-response-not-html"
    parser = Scripts()
    parser.feed(body.decode("utf-8", "replace"))
    if parser.count == 0:
        return "sri-not-implemented-but-no-scripts-loaded"
    if all(not urlsplit(source).netloc for source in parser.sources):
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
    return "sri-not-implemented-but-external-scripts-loaded-securely"


def redirection_result(route):
    """``route``: the URLs of the plain-HTTP request and each redirection it was sent to."""
    if len(route) == 1:
        return "redirection-missing"
    if urlsplit(route[-1]).scheme != "https":
        return "redirection-not-to-https"
    if urlsplit(route[1]).scheme == "http":
        return "redirection-not-to-https-on-initial-redirection"
    if urlsplit(route[0]).hostname != urlsplit(route[1]).hostname:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


PASSING = {
    "csp-implemented-with-no-unsafe-default-src-none",
    "csp-implemented-with-no-unsafe",
    "csp-implemented-with-unsafe-inline-in-style-src-only",
    "csp-implemented-with-insecure-scheme-in-passive-content-only",
    "cookies-not-found",
    "cookies-secure-with-httponly-sessions-and-samesite",
    "cookies-secure-with-httponly-sessions",
    "cross-origin-resource-sharing-not-implemented",
    "cross-origin-resource-sharing-implemented-with-public-access",
    "cross-origin-resource-sharing-implemented-with-restricted-access",
    "redirection-to-https",
    "referrer-policy-private",
    "referrer-policy-not-implemented",
    "hsts-implemented-max-age-at-least-six-months",
    "sri-not-implemented-response-not-html",
    "sri-not-implemented-but-no-scripts-loaded",
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
    "x-content-type-options-nosniff",
    "x-frame-options-implemented-via-csp",
    "x-frame-options-sameorigin-or-deny",
    "cross-origin-resource-policy-implemented-with-same-origin",
    "cross-origin-resource-policy-implemented-with-same-site",
    "cross-origin-resource-policy-implemented-with-cross-origin",
    "cross-origin-resource-policy-not-implemented",
    "coop-implemented-with-same-origin",
    "coop-implemented-with-same-origin-allow-popups",
    "coop-implemented-with-unsafe-none",
    "coop-not-implemented",
    "coep-implemented-with-require-corp",
    "coep-implemented-with-credentialless",
    "coep-implemented-with-unsafe-none",
    "coep-not-implemented",
}


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def observatory(response, route):
    """The Observatory's (score, grade, results) for an HTTPS ``response`` reached from http://
    through ``route``."""
    headers = {name.lower(): value for name, value in response.items()}
    csp, policy = csp_result(headers)
    hsts = hsts_result(headers)
    xcto = headers.get("x-content-type-options")
    results = {
        "content-security-policy": csp,
        "cookies": cookies_result(response, hsts in PASSING),
        "cross-origin-resource-sharing": (
            "cross-origin-resource-sharing-implemented-with-public-access"
            if headers.get("access-control-allow-origin", "").strip() == "*"
            else "cross-origin-resource-sharing-not-implemented"
            if "access-control-allow-origin" not in headers
            else "cross-origin-resource-sharing-implemented-with-restricted-access"
        ),
        "redirection": redirection_result(route),
        "referrer-policy": referrer_result(headers),
        "strict-transport-security": hsts,
        "subresource-integrity": sri_result(headers, body_of(response)),
        "x-content-type-options": (
            "x-content-type-options-not-implemented"
            if xcto is None
            else "x-content-type-options-nosniff"
            if xcto.strip().lower() == "nosniff"
            else "x-content-type-options-header-invalid"
        ),
        "x-frame-options": xfo_result(headers, policy),
        "cross-origin-resource-policy": token_result(
            headers,
            "cross-origin-resource-policy",
            "cross-origin-resource-policy",
            {"same-origin", "same-site", "cross-origin"},
        ),
        "cross-origin-opener-policy": token_result(
            headers,
            "cross-origin-opener-policy",
            "coop",
            {"same-origin", "same-origin-allow-popups", "unsafe-none"},
        ),
        "cross-origin-embedder-policy": token_result(
            headers,
            "cross-origin-embedder-policy",
            "coep",
            {"require-corp", "credentialless", "unsafe-none"},
        ),
    }
    modifiers = [MODIFIERS[result] for result in results.values()]
    uncurved = 100 + sum(modifier for modifier in modifiers if modifier < 0)
    score = 100 + sum(modifiers) if uncurved >= 90 else uncurved
    grade = next(grade for floor, grade in GRADES if max(score, 0) >= floor)
    return score, grade, results


# --- Production settings ------------------------------------------------------------------------

PRODUCTION_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "MIDDLEWARE",
]


def production_settings(**environment):
    """The security settings of icc.settings.production, read in a clean interpreter."""
    code = (
        "import json, django\nfrom django.conf import settings\ndjango.setup()\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SETTINGS!r}}}))"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "icc.settings.production",
        "SECRET_KEY": "p" * 64,
        "ALLOWED_HOSTS": "icc.example.org",
        "DATABASE_URL": "postgres://icc:secret@db.internal:5432/icc",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture(scope="module")
def production():
    return production_settings()


@pytest.fixture
def on_production(production):
    # Static files from the finders: the suite runs without collectstatic.
    with override_settings(**production, WHITENOISE_USE_FINDERS=True, PAGE_CACHE=True):
        yield


def fetch_over_http_then_https(client, path):
    """Ask for ``path`` over plain HTTP and follow the redirections; the route and last answer."""
    route = [f"http://testserver{path}"]
    response = client.get(path, HTTP_X_FORWARDED_PROTO="http")
    for _hop in range(10):
        if response.status_code not in (301, 302, 307, 308):
            break
        target = urlsplit(response["Location"])
        scheme = target.scheme or urlsplit(route[-1]).scheme
        route.append(f"{scheme}://{target.netloc or 'testserver'}{target.path}")
        location = target.path + (f"?{target.query}" if target.query else "")
        response = client.get(location, HTTP_X_FORWARDED_PROTO=scheme)
    return route, response


def assert_a_plus(response, route, what):
    score, grade, results = observatory(response, route)
    failing = {test: result for test, result in results.items() if result not in PASSING}
    assert (grade, failing) == ("A+", {}), (what, score, results)
    assert score >= 100, (what, score, results)
    return score


# --- Tests --------------------------------------------------------------------------------------


def test_the_scorer_grades_what_the_issue_saw():
    """Before this work pages scored B (75) and static files C (55): the scorer agrees."""

    class Answer(dict):
        """Just what the scorer reads of a response: headers, cookies, body."""

        content = b"<html><script src='/static/js/site.js'></script></html>"
        cookies = {}

    route = ["http://icc.example.org/", "https://icc.example.org/"]
    django_headers = {
        "Content-Type": "text/html; charset=utf-8",
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    page = Answer({**django_headers, "X-Frame-Options": "DENY"})
    assert observatory(page, route)[:2] == (75, "B")
    static = Answer({**django_headers, "Content-Type": "text/css"})
    assert observatory(static, route)[:2] == (55, "C")
    unsafe = Answer({**page, "Content-Security-Policy": "default-src 'self' 'unsafe-inline'"})
    assert observatory(unsafe, route)[2]["content-security-policy"] == (
        "csp-implemented-with-unsafe-inline"
    )


def test_production_policy_is_strict_and_upgrades_insecure_requests(production):
    policy = parse_csp(security_headers.in_fixed_order(_policy_of(production)))
    for directive, sources in STRICT_DIRECTIVES.items():
        assert policy[directive] == sources, directive
    assert policy["img-src"] == {"'self'", "data:"}
    assert "upgrade-insecure-requests" in policy
    for sources in policy.values():
        assert not sources & {"'unsafe-inline'", "'unsafe-eval'"}
        assert not any(source.startswith("'nonce-") for source in sources)


def _policy_of(values):
    from csp.utils import build_policy

    return build_policy(config=values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"])


def test_media_bucket_hosts_are_allowed_as_images():
    values = production_settings(
        AWS_STORAGE_BUCKET_NAME="icc-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_CUSTOM_DOMAIN="media.icc.example.org",
    )
    images = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert images == ["'self'", "data:", "https://media.icc.example.org", "https://s3.example.org"]
    assert security_headers.media_origins(bucket_name="icc-media", region_name="eu-west-3") == [
        "https://icc-media.s3.amazonaws.com",
        "https://icc-media.s3.eu-west-3.amazonaws.com",
    ]


def test_the_security_middleware_runs_before_the_page_cache(production):
    middleware = production["MIDDLEWARE"]
    ours = middleware.index("icc.security_headers.SecurityHeadersMiddleware")
    assert ours < middleware.index("icc.caching.middleware.PageCacheMiddleware")
    assert ours > middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")


EVERY_ANSWER = {
    "Content-Security-Policy",
    "Permissions-Policy",
    "Cross-Origin-Resource-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Strict-Transport-Security",
}


def assert_every_header(response, what):
    missing = {name for name in EVERY_ANSWER if not response.has_header(name)}
    assert not missing, (what, response.status_code, missing)
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_public_page_the_admin_and_a_static_file_grade_a_plus(on_production):
    city = CityFactory(name_en="Lisbon")
    PracticeFactory(published=True, cities=[city])
    client = Client()
    scores = {}
    for what, path in (
        ("home", reverse("home")),
        ("practice list", reverse("practices:practice_list")),
        ("sign-in", reverse("accounts:login")),
        ("admin sign-in", reverse("admin:index")),
        ("static file", "/static/js/site.js"),
        ("static stylesheet", "/static/css/site.css"),
    ):
        route, response = fetch_over_http_then_https(client, path)
        assert response.status_code == 200, (what, response.status_code, route)
        assert_every_header(response, what)
        scores[what] = assert_a_plus(response, route, what)

    # A signed-in admin page (the scanner would only see the sign-in page above).
    admin = SecretariatUserFactory()
    client.force_login(admin)
    path = reverse("admin:practices_practice_changelist")
    route, response = fetch_over_http_then_https(client, path)
    assert response.status_code == 200
    assert_every_header(response, "admin list")
    scores["admin list"] = assert_a_plus(response, route, "admin list")
    assert min(scores.values()) >= 100, scores


def test_a_page_cache_hit_and_a_304_carry_the_headers(on_production):
    PracticeFactory(published=True)
    client = Client()
    path = reverse("practices:practice_list")
    first = client.get(path, **HTTPS)
    assert first["X-Cache"] == "miss"
    hit = client.get(path, **HTTPS)
    assert hit["X-Cache"] == "hit"
    assert_every_header(hit, "cache hit")
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert_a_plus(hit, ["http://testserver/", "https://testserver/"], "cache hit")
    not_modified = client.get(path, HTTP_IF_NONE_MATCH=hit["ETag"], **HTTPS)
    assert not_modified.status_code == 304
    assert_every_header(not_modified, "304")


@pytest.mark.parametrize(
    ("what", "path", "status"),
    [
        ("404", "/en/no-such-page/", 404),
        ("404 outside a language", "/no-such-page/", 404),
        ("400 from a bad page number", "/en/practices/?page=" + "9" * 5000, None),
    ],
)
def test_error_pages_carry_the_headers(on_production, what, path, status):
    response = Client().get(path, **HTTPS)
    if status is not None:
        assert response.status_code == status, what
    assert_every_header(response, what)


def test_a_bad_host_400_and_a_csrf_403_carry_the_headers(on_production, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    bad_host = Client(HTTP_HOST="attacker.example").get("/en/", **HTTPS)
    assert bad_host.status_code == 400
    assert_every_header(bad_host, "400 bad host")
    client = Client(enforce_csrf_checks=True)
    refused = client.post(reverse("accounts:login"), {"username": "x", "password": "y"}, **HTTPS)
    assert refused.status_code == 403
    assert_every_header(refused, "403 CSRF")


def test_a_server_error_page_carries_the_headers(on_production, monkeypatch):
    from icc import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.HomeView, "get", broken, raising=False)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("home"), **HTTPS)
    assert response.status_code == 500
    assert_every_header(response, "500")


def test_pages_use_no_nonce_so_the_cache_replays_the_same_policy(client):
    """A nonce stored in a cached page would be replayed to every visitor: none is used."""
    city = CityFactory()
    PracticeFactory(published=True, cities=[city])
    for path in (reverse("home"), reverse("practices:practice_list"), reverse("accounts:login")):
        response = client.get(path)
        assert "nonce-" not in response["Content-Security-Policy"], path
        assert b"<script>" not in response.content and b"<style" not in response.content, path
        assert b" style=" not in response.content, path


def test_a_nonce_used_by_a_template_never_reaches_the_header(rf):
    """The policy has no nonce source: should a template ever use ``request.csp_nonce``, its
    inline code is blocked (fails closed) rather than trusted, and the cache replays nothing."""
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'>1</script>")

    response = security_headers.SecurityHeadersMiddleware(view)(rf.get("/"))
    assert "nonce" in response.content.decode()
    assert "nonce-" not in response["Content-Security-Policy"]
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_admin_image_previews_are_sized_by_a_class_not_a_style_attribute():
    from icc.admin_utils import image_thumbnail
    from tests.factories import ImageFactory

    html = str(image_thumbnail(ImageFactory(), size=200))
    assert 'class="icc-thumbnail icc-thumbnail-200"' in html
    assert "style=" not in html
    assert ".icc-thumbnail-200 {" in (ROOT / "static/icc_admin/css/admin.css").read_text()


def test_admin_templates_that_replace_inline_code_render_none(admin_client):
    """The overridden third-party admin templates (import-export, reversion-compare)."""
    practice = PracticeFactory(published=True)
    for title in ("First", "Second"):
        practice.title_en = title
        with reversion.create_revision():
            practice.save()
    for name, arguments in (
        ("admin:practices_practice_export", ()),
        ("admin:practices_practice_history", (practice.pk,)),
    ):
        html = admin_client.get(reverse(name, args=arguments)).content.decode()
        assert "icc_admin/css/admin.css" in html, name
        assert " style=" not in html and "<style" not in html and " onchange=" not in html, name
