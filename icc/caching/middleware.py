"""The page cache, HTTP validators and compression.

``PageCacheMiddleware`` serves anonymous GET/HEAD pages from the shared cache and stores them;
every public answer carries ``ETag``, ``Last-Modified`` and
``Cache-Control: public, max-age=0, must-revalidate`` and gets a 304 when the client's copy is
current; every answer to a signed-in user is ``Cache-Control: private``.
``CompressionMiddleware`` compresses the rest: gzip, and Brotli for pages that carry no secret.
What is cached, for whom and what invalidates it: docs/architecture.md, "Caching".
"""

import datetime
import gzip
import hashlib
import re
import time
from urllib.parse import parse_qsl, urlencode

import brotli
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from django.utils.text import compress_string

from . import versions

PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
# Directives of a response that must not be kept in a shared cache (previews, the workspace).
NOT_SHARED = {"private", "no-store", "no-cache"}
# The cache key holds the path and the query string, and the answer varies by these two only.
VARY_HANDLED = {"cookie", "accept-encoding"}
# Headers worked out again for each answer, never stored.
NOT_STORED = {
    "content-length", "content-encoding", "date", "set-cookie", "x-cache", "etag", "last-modified",
}  # fmt: skip
# A longer query string is nobody's bookmark: answered, never stored (bounds the key space).
MAX_QUERY_STRING = 2048
# Brotli level 5 for what the page cache keeps (compressed once per page and generation): a
# 30 KB listing in 0.5 ms, 10% smaller than gzip. Levels 6-9 gain under 1% for ten times the
# time; 11 gains 15% for eighty times (40 ms), too slow even once a page.
BROTLI_QUALITY = 5
# Level 3 for what is compressed on every request (the page cache off, or a page it does not
# keep): the 73 KB of a city page in 0.23 ms instead of 0.74 ms, for 13% more bytes.
BROTLI_QUALITY_PER_REQUEST = 3


# --- Requests ---------------------------------------------------------------------------------


def accepted_encodings(request):
    """The content codings the client accepts (``q=0`` means refused), in lower case."""
    accepted = set()
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "")[:200].split(","):
        coding, _semicolon, parameters = part.partition(";")
        weight = parameters.strip().lower()
        if weight.startswith("q="):
            try:
                if float(weight[2:]) <= 0:
                    continue
            except ValueError:
                continue
        accepted.add(coding.strip().lower())
    return accepted


def is_signed_in(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def carries_secret(request, response):
    """Whether the page may hold a secret (a CSRF token, a signed-in user's data): see BREACH.

    A page that used its CSRF token sends the CSRF cookie (Django renews it with every use).
    """
    return settings.CSRF_COOKIE_NAME in response.cookies or is_signed_in(request)


def normalised_query(query_string):
    """The query string with its parameters sorted and blank values dropped."""
    return urlencode(sorted(parse_qsl(query_string, keep_blank_values=False)))


def page_key(request, query):
    """The cache key of a page: release, day, scheme, host, path (hence language), query."""
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    # The day is in the key: at midnight events become past and dated news appear.
    return f"icc:page:{versions.release()}:{timezone.localdate().isoformat()}:{digest}"


def last_modified(generation, read_at):
    """Seconds since the epoch of the generation or of midnight today, whichever is later.

    ``Last-Modified`` has whole seconds: two generations within one second would look alike to
    a client that sends only ``If-Modified-Since``. So it is None (the ETag alone decides) unless
    that second had ended well before the generation was read (``read_at``): any later
    generation starts after that read, hence in a later second.
    """
    midnight = datetime.datetime.combine(
        timezone.localdate(), datetime.time.min, tzinfo=timezone.get_default_timezone()
    )
    seconds = max(versions.generation_seconds(generation), int(midnight.timestamp()))
    return seconds if seconds < int(read_at) - 1 else None


# --- Responses --------------------------------------------------------------------------------


def mark_private(response):
    """A signed-in user's answer: no shared cache may keep it, and it varies by the cookie."""
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ("Cookie",))


def header_values(response, name):
    return {
        value.split("=", 1)[0].strip().lower()
        for value in cc_delim_re.split(response.get(name, ""))
        if value.strip()
    }


def has_messages(request):
    # The messages storage's own flags: a message added, or one loaded and shown.
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return bool(
        storage.added_new or storage._queued_messages or (storage.used and storage._loaded_messages)
    )


def brotli_compress(content, quality=BROTLI_QUALITY):
    return brotli.compress(content, mode=brotli.MODE_TEXT, quality=quality)


def strong_etag(content):
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def weak(etag):
    return etag if etag.startswith("W/") else f"W/{etag}"


class PageEntry(tuple):
    """What the cache keeps of a page: generation, headers, ETag, gzip and Brotli bodies.

    A tuple pickles small and fast. The body is kept compressed only: a client that accepts
    neither coding (rare) gets the gzip body decompressed.
    """

    __slots__ = ()

    @classmethod
    def from_response(cls, response, generation):
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
        )
        content = response.content
        return cls(
            (
                generation,
                headers,
                response["ETag"],
                compress_string(content),
                brotli_compress(content),
            )
        )

    generation = property(lambda self: self[0])
    headers = property(lambda self: self[1])
    etag = property(lambda self: self[2])
    gzip_body = property(lambda self: self[3])
    brotli_body = property(lambda self: self[4])


# --- Middleware -------------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve and store anonymous pages in the shared cache; HTTP validators and 304s.

    It comes before the session and authentication middleware so that a hit costs one cache
    round trip and no SQL query: anonymity is decided from the cookies alone (no session cookie,
    no messages cookie). A page is stored only when the view's answer proves it is public: 200,
    anonymous user, no cookie set, no private/no-store/no-cache, no message.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
        never = ["admin/", "i18n/", f"(?:{languages})/accounts/", f"(?:{languages})/my-practices/"]
        # The API answers in the language of Accept-Language (not in the key) and counts each
        # request against its rate limit: it sets its own ETag instead (icc/api/).
        never.append("api/")
        for url in (settings.STATIC_URL, settings.MEDIA_URL):
            if url and url.startswith("/") and url != "/":
                never.append(re.escape(url.lstrip("/")))
        self.never_cached = re.compile(rf"^/(?:{'|'.join(never)})")

    def __call__(self, request):
        query = self.public_query(request)
        if query is None:
            response = self.get_response(request)
            if is_signed_in(request):
                mark_private(response)
            return response

        # The generation is read before the view runs: a change committed while the view renders
        # makes the page stored below invalid at once, whichever content the view read.
        enabled = settings.PAGE_CACHE
        read_at = time.time()
        if enabled:
            key = page_key(request, query)
            # One round trip answers a hit: the generation and the page together.
            found = cache.get_many([versions.GENERATION_KEY, key])
            generation = found.get(versions.GENERATION_KEY)
            if generation is None:
                generation = versions.start_generation()
            entry = found.get(key)
            if entry is not None and entry.generation == generation:
                return self.answer(request, entry, read_at, hit=True)
        else:
            generation = versions.current_generation()

        with versions.generation_scope(generation):
            response = self.get_response(request)
        if not self.is_storable(request, response):
            if is_signed_in(request):
                mark_private(response)
            elif enabled:
                response.headers["X-Cache"] = "miss"
            return response

        self.add_public_headers(response)
        if not enabled:
            modified = last_modified(generation, read_at)
            if modified:
                response.headers["Last-Modified"] = http_date(modified)
            return get_conditional_response(
                request, etag=response["ETag"], last_modified=modified, response=response
            )
        entry = PageEntry.from_response(response, generation)
        cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
        return self.answer(request, entry, read_at, response=response, hit=False)

    def public_query(self, request):
        """The normalised query string if the request may be answered from the cache, else None."""
        if request.method not in ("GET", "HEAD"):
            return None
        if self.never_cached.match(request.path_info):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        query_string = request.META.get("QUERY_STRING", "")
        if len(query_string) > MAX_QUERY_STRING:
            return None
        query = normalised_query(query_string)
        # Previews are a staff session's (so never here), but a preview link must never be
        # answered from, or stored in, the shared cache.
        if query.startswith("preview=") or "&preview=" in query:
            return None
        return query

    def is_storable(self, request, response):
        """Whether the view's answer is a public page that any anonymous visitor may get."""
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Content-Encoding")
            and not (header_values(response, "Cache-Control") & NOT_SHARED)
            and header_values(response, "Vary") <= VARY_HANDLED
            and not is_signed_in(request)
            and not has_messages(request)
        )

    def add_public_headers(self, response):
        if not response.has_header("ETag"):
            response.headers["ETag"] = strong_etag(response.content)
        # Browsers and proxies may keep the page, but ask each time: invalidation stays exact.
        response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
        patch_vary_headers(response, ("Cookie",))

    def answer(self, request, entry, read_at, response=None, hit=False):
        """The entry's page in the coding the client prefers, or a 304."""
        if response is None:
            response = HttpResponse()
            for name, value in entry.headers:
                response.headers[name] = value
        encodings = accepted_encodings(request)
        if "br" in encodings:
            body, coding = entry.brotli_body, "br"
        elif "gzip" in encodings:
            body, coding = entry.gzip_body, "gzip"
        else:
            body, coding = gzip.decompress(entry.gzip_body), None
        response.content = body
        response.headers["Content-Length"] = str(len(body))
        if coding:
            response.headers["Content-Encoding"] = coding
            # The ETag is the uncompressed body's: weak once compressed (RFC 9110, 8.8.1).
            response.headers["ETag"] = weak(entry.etag)
        else:
            response.headers["ETag"] = entry.etag
        patch_vary_headers(response, ("Accept-Encoding",))
        modified = last_modified(entry.generation, read_at)
        if modified:
            response.headers["Last-Modified"] = http_date(modified)
        response = get_conditional_response(
            request, etag=response["ETag"], last_modified=modified, response=response
        )
        response.headers["X-Cache"] = "hit" if hit else "miss"
        return response


class CompressionMiddleware(GZipMiddleware):
    """gzip for every client that accepts it; Brotli when accepted and the page holds no secret.

    BREACH guesses a secret in a compressed page that also reflects the attacker's input. Pages
    that hold one (a CSRF token, a signed-in user's page) get Django's gzip only, which pads each
    response with random bytes ("Heal the Breach"); Brotli, which has no such padding, is used
    only for pages without a secret. Pages from the page cache arrive here already compressed.
    """

    def process_response(self, request, response):
        if (
            response.streaming
            or response.has_header("Content-Encoding")
            or len(response.content) < 200
            or "br" not in accepted_encodings(request)
            or carries_secret(request, response)
        ):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = brotli_compress(response.content, quality=BROTLI_QUALITY_PER_REQUEST)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        if response.has_header("ETag"):
            response.headers["ETag"] = weak(response["ETag"])
        response.headers["Content-Encoding"] = "br"
        return response
