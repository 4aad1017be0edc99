"""The content generation and the release: the two values a cached page must match.

The generation is one value in the shared cache (Redis in production), the time in nanoseconds
of the last change to public content. Every app process reads it, so one bump makes every
cached page of every process invalid at once. It is never a per-process counter.
"""

import functools
import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "icc:content-generation"
NANOSECONDS = 1_000_000_000

# The generation a public request read when it started (``generation_scope``): its memos use
# it without asking Redis again, and all of them agree on one generation.
_request_generation = ContextVar("icc_request_generation", default=None)


def current_generation():
    """The current content generation; starts one if the shared cache has none."""
    scoped = _request_generation.get()
    if scoped is not None:
        return scoped
    generation = cache.get(GENERATION_KEY)
    return generation if generation is not None else start_generation()


@contextmanager
def generation_scope(generation):
    """Within it, ``current_generation()`` is ``generation`` (or a later one bumped here)."""
    token = _request_generation.set(generation)
    try:
        yield
    finally:
        _request_generation.reset(token)


def start_generation():
    """Start the first generation (a new or emptied cache) and return the current one."""
    now = time.time_ns()
    # Several processes may start it at once: add() keeps the first one.
    if cache.add(GENERATION_KEY, now, timeout=None):
        return now
    generation = cache.get(GENERATION_KEY)
    # With the cache unreachable, a new value per request: nothing cached is ever valid.
    return generation if generation is not None else now


def bump_generation():
    """Start a new generation: now, and in any case later than the current one."""
    old = cache.get(GENERATION_KEY) or 0
    new = max(time.time_ns(), old + 1)
    cache.set(GENERATION_KEY, new, timeout=None)
    if _request_generation.get() is not None:
        # A change made while serving a request: what it reads next is of the new generation.
        _request_generation.set(new)
    return new


def generation_seconds(generation):
    """The time of a generation, in whole seconds since the epoch."""
    return generation // NANOSECONDS


def _files_digest(folders):
    digest = hashlib.blake2b(digest_size=8)
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def release():
    """A short digest of the release: pages cached by another release are never served.

    ``settings.CACHE_RELEASE`` (env ``RELEASE``, e.g. the commit deployed) when set; otherwise
    the contents of the project's templates and translation catalogues (a few ms, once).
    """
    name = settings.CACHE_RELEASE
    if not name:
        folders = [*settings.TEMPLATES[0]["DIRS"], *settings.LOCALE_PATHS]
        name = _files_digest(folder for folder in folders if Path(folder).is_dir())
    return hashlib.blake2b(str(name).encode(), digest_size=5).hexdigest()
