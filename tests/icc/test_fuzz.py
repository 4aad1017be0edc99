"""Property-based fuzzing: whatever a client sends, the site answers below 500 and escapes it.

Hypothesis generates paths built from every pattern of the URLconf (path converters filled with
real slugs and ids, made-up ones and garbage), query strings, headers and cookies, and form posts
(sign-in, the admin's sign-in, the language switch, password reset, the coordinators' practice
form with uploads), some also on production-like settings (page cache, sessions in the cache,
HTTPS behind a proxy). Every answer must be below 500, and a marker hidden in the payloads (``<fz-x``) must never
appear unescaped in an HTML or XML body.

The examples are derandomized: every run, the lead's and CI's, tries the same ones, so a failure
is never the luck of a seed and always reproduces. To look further, ``ICC_FUZZ_RANDOM=1`` draws
new examples (a failure prints a ``@reproduce_failure`` line to replay it) and ``ICC_FUZZ_EXAMPLES=2000`` runs more.
"""

import os
import re
import types
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter, SlugConverter
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from practices.models import Practice, Topic
from tests.factories import (
    EventFactory,
    MembershipFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
    SecretariatUserFactory,
    pdf_upload,
    png_bytes,
)

pytestmark = pytest.mark.django_db

MARKER = "<fz-x"
UNESCAPED_MARKER = re.compile(re.escape(MARKER), re.IGNORECASE)


ALL_PHASES = tuple(Phase)
NO_SHRINKING = tuple(phase for phase in Phase if phase != Phase.shrink)


def fuzz_settings(examples):
    """Hypothesis settings of one fuzz test: ``examples`` requests unless ICC_FUZZ_EXAMPLES."""
    return settings(
        max_examples=int(os.environ.get("ICC_FUZZ_EXAMPLES") or examples),
        derandomize=not os.environ.get("ICC_FUZZ_RANDOM"),
        database=None,  # no .hypothesis/ folder in the work tree
        print_blob=True,
        deadline=None,  # timings are never asserted
        # No shrinking: it can take minutes, and each failure message already says what
        # request was sent. ICC_FUZZ_SHRINK=1 shrinks a failure to its simplest form.
        phases=ALL_PHASES if os.environ.get("ICC_FUZZ_SHRINK") else NO_SHRINKING,
        # The site's content is made once per test, not once per example, on purpose.
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# --- What a hostile or unlucky client sends ------------------------------------------------

HOSTILE_TEXTS = [
    '"><fz-x onmouseover="alert(1)">',
    f"'{MARKER}>",
    f"</textarea></script>{MARKER}>",
    f"javascript:alert(1)//{MARKER}>",
    "%3Cfz-x%3E",
    "{{ request }}{% debug %}",
    "\x00",
    "a\x00b",
    "\ufeff\u202e\u200b",
    "%00",
    "%ff%fe",
    "%",
    "9" * 5000,
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "１２３",
    "²",
    "99999999999999999999999999",
    "-99999999999999999999",
    "2015",
    "PT",
    "meeting",
    "upcoming",
    "../../etc/passwd",
    "a" * 3000,
    "😀" * 40,
    "\r\nSet-Cookie: fz=1",
    " ",
    "",
]
QUERY_KEYS = [
    "page", "q", "type", "year", "topic", "country", "city", "network", "kind", "when",
    "joined", "status", "preview", "next", "sort", "o", "format", "language", "lang", "p",
]  # fmt: skip

hostile_text = st.sampled_from(HOSTILE_TEXTS)
values = st.one_of(
    hostile_text,
    st.text(max_size=30),
    st.integers().map(str),
    st.from_regex(r"-?[0-9]{1,30}", fullmatch=True),
    st.text(max_size=10).map(lambda text: f"{MARKER}>{text}"),
)
keys = st.one_of(st.sampled_from(QUERY_KEYS), st.text(min_size=1, max_size=12), hostile_text)
RAW_QUERY_TAILS = [
    "", "&", "=", "%", "%zz", "%ff", "%00", "page=%C0%AF", "a%5B%5D=1&a%5B%5D=2", ";;",
    "page=1&page=2&page=3", "q=%FF%FE%00", "&".join(f"f{n}=1" for n in range(1100)),
]  # fmt: skip


@st.composite
def query_strings(draw):
    """A query string: fields with hostile names and values, repeated keys, broken escapes."""
    pairs = draw(st.lists(st.tuples(keys, values), max_size=6))
    tail = draw(st.sampled_from(RAW_QUERY_TAILS))
    return "&".join(part for part in (urlencode(pairs), tail) if part)


def route_parts(pattern):
    """A URL pattern as parts: literal text, a language prefix, or a converter to fill."""
    if isinstance(pattern, LocalePrefixPattern):
        return [("language", None)]
    if isinstance(pattern, RoutePattern):
        route, parts, position = str(pattern._route), [], 0
        for match in re.finditer(r"<(?:[^>:]+:)?(?P<name>[^>]+)>", route):
            parts.append(route[position : match.start()])
            parts.append(("converter", pattern.converters[match["name"]]))
            position = match.end()
        parts.append(route[position:])
        return [part for part in parts if part != ""]
    # A regular expression (the admin's app index): strings are generated from it.
    return [("regex", pattern.regex.pattern)]


def url_shapes():
    """Every pattern of the URLconf, as the list of its parts from the root."""
    shapes = []

    def walk(patterns, prefix):
        for entry in patterns:
            parts = prefix + route_parts(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, parts)
            else:
                shapes.append(parts)

    walk(get_resolver().url_patterns, [])
    return shapes


@st.composite
def paths(draw, known, under=""):
    """A path of the site: one URL pattern, its converters filled, sometimes broken."""
    shapes = [shape for shape in url_shapes() if isinstance(shape[0], str)] if under else []
    shape = draw(st.sampled_from([s for s in shapes if s[0].startswith(under)] or url_shapes()))
    path = "/"
    for part in shape:
        if isinstance(part, str):
            path += part
        elif part[0] == "language":
            path += (
                draw(st.sampled_from(["en/", "fr/", "de/", "EN/"]))
                if draw(st.integers(0, 9)) == 0
                else draw(st.sampled_from(["en/", "fr/"]))
            )
        elif part[0] == "regex":
            generated = draw(st.from_regex(part[1], fullmatch=True))
            path += quote(generated, safe="/")
        else:
            path += quote(draw(converter_values(part[1], known)), safe="")
    garbage = draw(st.integers(0, 9))
    if garbage == 0:
        path += draw(
            st.sampled_from(["%00", "%ff", "x" * 5000, "//", "/../", "%2e%2e/", "%C0%AF", "%"])
        )
    elif garbage == 1:
        path = path.rstrip("/")  # CommonMiddleware's redirect to the slash
    return path


def converter_values(converter, known):
    """Values for a path converter: real ones (pages that exist) and made-up ones."""
    if isinstance(converter, IntConverter):
        made_up = st.integers(min_value=0, max_value=10**30).map(str)
        real = st.sampled_from(known.pks).map(str)
    elif isinstance(converter, SlugConverter):
        made_up = st.from_regex(r"[-a-zA-Z0-9_]{1,300}", fullmatch=True)
        real = st.sampled_from(known.slugs)
    else:
        made_up = st.one_of(st.text(min_size=1, max_size=40), hostile_text.filter(bool))
        real = st.sampled_from(known.slugs + [str(pk) for pk in known.pks])
    return st.one_of(real, real, made_up, hostile_text.filter(bool))


# What gunicorn lets through in a header value: latin-1 without control characters but tab.
header_text = st.text(
    st.characters(codec="latin-1", exclude_categories=["Cc"], include_characters="\t"),
    max_size=60,
)
cookie_values = st.one_of(
    header_text.map(lambda text: text.replace(";", "")),
    st.sampled_from(['"abcdefgh\\000"', '"\\377\\376"', "x" * 5000, "fr", "xx", "en-us", '"']),
)
cookies = st.lists(
    st.tuples(
        st.sampled_from(["django_language", "csrftoken", "sessionid", "messages", "fz"]),
        cookie_values,
    ),
    max_size=4,
).map(lambda pairs: "; ".join(f"{name}={value}" for name, value in pairs))
HEADER_SAMPLES = {
    "HTTP_ACCEPT_LANGUAGE": [
        "fr", "fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5", "xx", "*", "fr;q=2", "en;q=nan",
        ",,,;;", "a" * 500, "zh-Hant-TW-x-private", "fr;q=-1", "en;q=1e999",
    ],
    "HTTP_ACCEPT_ENCODING": ["gzip, br", "*", "identity;q=0", "br;q=nan", "x" * 300],
    "HTTP_X_FORWARDED_FOR": [
        "203.0.113.7", "203.0.113.7, 10.0.0.1", "::1", "999.1.1.1", "unknown", "",
        ", ,", "1.2.3.4, " * 200, "[::1]:80", f"{MARKER}>",
    ],
    "HTTP_X_FORWARDED_PROTO": ["https", "http", "https, http", "gopher"],
    "HTTP_X_FORWARDED_HOST": ["example.org", "evil.example", "x" * 300, f"{MARKER}>"],
    "HTTP_REFERER": ["https://example.org/", "javascript:alert(1)", f"/{MARKER}>", "%ff"],
    "HTTP_IF_NONE_MATCH": ["*", '"abc"', 'W/"abc"', '"', ",,", "x" * 1000],
    "HTTP_IF_MODIFIED_SINCE": ["Sat, 29 Oct 1994 19:43:31 GMT", "yesterday", "99999999999"],
    "HTTP_RANGE": ["bytes=0-10", "bytes=-1", "bytes=99999999999999999999-", "bytes=5-1", "x"],
    "HTTP_USER_AGENT": ["", "x" * 2000, f"{MARKER}>", "Mozilla/5.0"],
    "HTTP_HOST": ["testserver", "example.org:99999", "[::1]", "a..b", "x" * 300, f"{MARKER}>"],
}  # fmt: skip


@st.composite
def headers(draw):
    """A few request headers, each a known tricky value or generated text."""
    names = draw(st.lists(st.sampled_from(sorted(HEADER_SAMPLES)), unique=True, max_size=5))
    chosen = {
        name: draw(st.one_of(st.sampled_from(HEADER_SAMPLES[name]), header_text)) for name in names
    }
    if draw(st.booleans()):
        chosen["HTTP_COOKIE"] = draw(cookies)
    return chosen


# --- The site as the fuzzer sees it ----------------------------------------------------------


@pytest.fixture
def known(coordinator, city):
    """A little published and draft content, so that detail pages exist; its slugs and ids."""
    topic = Topic.objects.get(slug="education")
    network = NetworkFactory()
    MembershipFactory(network=network, city=city)
    event = EventFactory(host_cities=[city], network=network)
    news = NewsItemFactory(cities=[city], topics=[topic])
    published = PracticeFactory(published=True, cities=[city], topics=[topic])
    draft = PracticeFactory(cities=[city], topics=[topic], created_by=coordinator)
    items = [city, network, event, news, published, draft, topic]
    return types.SimpleNamespace(
        slugs=[item.slug for item in items],
        pks=sorted({item.pk for item in items}),
        city=city,
        topic=topic,
        draft=draft,
        secretariat_client=fuzz_client(SecretariatUserFactory(username="fuzz-secretariat")),
    )


def fuzz_client(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def clients(coordinator):
    return {"anonymous": fuzz_client(), "coordinator": fuzz_client(coordinator)}


def with_own_cookies(client, extra):
    """``extra`` headers; a generated Cookie header is added to the client's own cookies."""
    extra = dict(extra)
    if "HTTP_COOKIE" in extra:
        own = "; ".join(f"{morsel.key}={morsel.coded_value}" for morsel in client.cookies.values())
        extra["HTTP_COOKIE"] = "; ".join(part for part in (own, extra["HTTP_COOKIE"]) if part)
    return extra


def assert_safe(response, request_description):
    """Below 500, and no payload marker unescaped in an HTML or XML body."""
    detail = ""
    if getattr(response, "exc_info", None):
        detail = f"\n{response.exc_info[0].__name__}: {response.exc_info[1]}"
    assert response.status_code < 500, f"{response.status_code} for {request_description}{detail}"
    content_type = response.get("Content-Type", "")
    if response.streaming or not ("html" in content_type or "xml" in content_type):
        return
    body = response.content.decode("utf-8", errors="replace")
    found = UNESCAPED_MARKER.search(body)
    assert found is None, (
        f"payload reflected unescaped for {request_description}: "
        f"...{body[max(found.start() - 120, 0) : found.end() + 60]}..."
    )


# --- The fuzz tests --------------------------------------------------------------------------


METHODS = ["GET"] * 6 + ["HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE"]
BODY_TYPES = [
    "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=",
    "application/json", "text/plain", "x/\x00",
]  # fmt: skip


@fuzz_settings(examples=100)
@given(data=st.data())
def test_any_path_and_query_string_of_any_url_pattern(known, clients, data):
    path = data.draw(paths(known), label="path")
    query = data.draw(query_strings(), label="query")
    who = data.draw(st.sampled_from(sorted(clients)), label="who")
    method = data.draw(st.sampled_from(METHODS), label="method")
    url = f"{path}?{query}" if query else path
    body, content_type = "", "application/octet-stream"
    if method in ("POST", "PUT", "PATCH"):
        body = data.draw(query_strings(), label="body")
        content_type = data.draw(st.sampled_from(BODY_TYPES), label="content type")
    response = clients[who].generic(method, url, body, content_type=content_type)
    assert_safe(response, f"{method} {url[:300]!r} as {who} ({content_type}: {body[:200]!r})")


@fuzz_settings(examples=60)
@given(data=st.data())
def test_any_headers_and_cookies(known, clients, data):
    path = data.draw(paths(known), label="path")
    extra = data.draw(headers(), label="headers")
    who = data.draw(st.sampled_from(sorted(clients)), label="who")
    response = clients[who].get(path, **with_own_cookies(clients[who], extra))
    assert_safe(response, f"GET {path[:300]!r} as {who} with {extra!r:.600}")


form_values = st.one_of(values, st.lists(values, min_size=2, max_size=3))


@st.composite
def form_posts(draw, fields):
    """POST data for ``fields`` (some missing, some lists), plus unexpected fields."""
    data = {}
    for name in fields:
        if draw(st.integers(0, 5)):
            data[name] = draw(form_values)
    for name, value in draw(st.lists(st.tuples(keys, values), max_size=3)):
        data.setdefault(name, value)
    return data


# The forms anyone may send, with the fields each expects.
PUBLIC_FORMS = {
    "/en/accounts/login/": ["username", "password", "next"],
    "/fr/accounts/login/": ["username", "password", "next"],
    "/admin/login/": ["username", "password", "next"],
    "/i18n/setlang/": ["language", "next"],
    "/fr/accounts/logout/": ["next"],
    "/en/accounts/reset/MQ/set-password/": ["new_password1", "new_password2"],
    "/en/accounts/reset/%00/x-y/": ["new_password1", "new_password2"],
}


@fuzz_settings(examples=40)
@given(data=st.data())
def test_sign_in_and_other_public_forms(known, data):
    url = data.draw(st.sampled_from(sorted(PUBLIC_FORMS)), label="url")
    post = data.draw(form_posts(PUBLIC_FORMS[url]), label="post")
    extra = data.draw(headers(), label="headers")
    response = fuzz_client().post(url, post, **extra)
    assert_safe(response, f"POST {url} {post!r:.600} with {extra!r:.300}")


@fuzz_settings(examples=25)
@given(data=st.data())
def test_password_reset_form(known, data):
    language = data.draw(st.sampled_from(["en", "fr"]), label="language")
    post = data.draw(form_posts(["email"]), label="post")
    response = fuzz_client().post(f"/{language}/accounts/password-reset/", post)
    assert_safe(response, f"POST password reset {post!r:.600}")


def file_names():
    return st.one_of(
        st.text(min_size=1, max_size=300).map(lambda name: f"{name}.png"),
        st.sampled_from(
            [
                "é" * 250 + ".png",
                "𠀀" * 120 + ".pdf",
                "a" * 400 + ".pdf",
                "../../evil.png",
                "...",
                ".png",
                'quote"name.png',
                f"{MARKER}>.png",
                "no-extension",
                "x." + "y" * 100,
            ]
        ),
    )


@st.composite
def uploads(draw):
    content = draw(
        st.sampled_from(
            [png_bytes(), pdf_upload().read(), b"", b"GIF89a<script>", b"\x00" * 100, b"%PDF-"]
        )
    )
    return SimpleUploadedFile(draw(file_names()), content)


PRACTICE_FIELDS = [
    "title_en", "title_fr", "period_en", "first_year", "last_year", "is_ongoing", "purpose_en",
    "purpose_fr", "results_en", "cities", "topics", "action", "kept_upload", "loaded_at",
    "loaded_revision", "image-alt_text_en", "image-credit", "image-kept_upload",
    "document-title_en", "document-language", "document-kept_upload", "remove_images",
]  # fmt: skip


@fuzz_settings(examples=30)
@given(data=st.data())
def test_workspace_practice_form(known, clients, data):
    client = clients["coordinator"]
    draft = known.draft
    url = data.draw(
        st.sampled_from(["/en/my-practices/new/", f"/fr/my-practices/{draft.pk}/edit/"]),
        label="url",
    )
    post = {
        "title_en": "A practice",
        "cities": [known.city.pk],
        "topics": [known.topic.pk],
        "action": "save",
    }
    post.update(data.draw(form_posts(PRACTICE_FIELDS), label="post"))
    post["cities"] = data.draw(
        st.one_of(st.just(post["cities"]), form_values, st.just([known.city.pk, 10**20])),
        label="cities",
    )
    if data.draw(st.booleans(), label="with image"):
        post["image-file"] = data.draw(uploads(), label="image")
        post.setdefault("image-alt_text_en", "A picture")
    if data.draw(st.booleans(), label="with document"):
        post["document-file"] = data.draw(uploads(), label="document")
        post.setdefault("document-title_en", "A document")
    described = {name: getattr(value, "name", value) for name, value in post.items()}
    response = client.post(url, post)
    assert_safe(response, f"POST {url} {described!r:.800}")
    if response.status_code == 302 and "/my-practices/" in response["Location"]:
        # What was saved is shown escaped on the coordinator's pages too.
        practice = Practice.objects.filter(created_by=known.draft.created_by).latest("updated_at")
        for page in (f"/en/my-practices/{practice.pk}/", f"/en/my-practices/{practice.pk}/edit/"):
            assert_safe(client.get(page), f"GET {page} after POST {url} {described!r:.800}")


@fuzz_settings(examples=30)
@given(data=st.data())
def test_admin_pages_with_any_query_string(known, data):
    """The secretariat's admin: change lists and forms with made-up filters, orders, pages."""
    path = data.draw(paths(known, under="admin/"), label="path")
    query = data.draw(query_strings(), label="query")
    url = f"{path}?{query}" if query else path
    assert_safe(known.secretariat_client.get(url), f"GET {url[:300]!r} as the secretariat")


@pytest.fixture
def production_like(settings):
    """What production changes for a request: the page cache, sessions in the cache, HTTPS."""
    from django.core.cache import cache

    settings.PAGE_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    yield
    cache.clear()  # no page cached here is seen by another test


@fuzz_settings(examples=60)
@given(data=st.data())
def test_any_request_on_production_settings(known, production_like, data):
    path = data.draw(paths(known), label="path")
    query = data.draw(query_strings(), label="query")
    extra = {"HTTP_X_FORWARDED_PROTO": "https", **data.draw(headers(), label="headers")}
    client = fuzz_client()
    url = f"{path}?{query}" if query else path
    # Twice: the second answer may come from the page cache.
    for _attempt in range(2):
        response = client.get(url, secure=True, **extra)
        assert_safe(response, f"GET {url[:300]!r} with {extra!r:.600} (production settings)")


def test_every_url_pattern_is_fuzzed():
    """The URLconf walk reaches the public site, the workspace, the accounts and the admin."""
    flattened = [
        "".join(part if isinstance(part, str) else "<>" for part in shape) for shape in url_shapes()
    ]
    for expected in ("practices/<>/", "my-practices/<>/edit/", "accounts/login/", "admin/"):
        assert any(shape.endswith(expected) for shape in flattened), expected
