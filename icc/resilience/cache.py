"""The Redis cache behind a circuit breaker: with Redis down or stalled, an empty cache.

``ResilientClient`` is django-redis's ``DefaultClient`` (``CLIENT_CLASS`` in ``CACHES``) whose
every operation goes through the process's breaker for that Redis server
(``icc.resilience.breaker``). A connection error or a timeout (``SOCKET_CONNECT_TIMEOUT``/
``SOCKET_TIMEOUT``, a quarter of a second in production) opens the breaker: for
``BREAKER_SECONDS`` (30 s) no operation calls Redis, reads are misses and writes are dropped, so
every user of the cache (the page cache and memos, ``cached_db`` sessions, which then read the
database, django-axes, the rate limits) carries on at the speed of an empty cache instead of
waiting for the timeout on every call. Then one call tries Redis again. The log says so once a
minute at most; django-redis itself logs nothing (its ``IGNORE_EXCEPTIONS`` never sees an error).

Options, besides django-redis's own: ``BREAKER_SECONDS`` (default 30).
"""

import functools
import socket
import threading
from urllib.parse import urlsplit

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .breaker import OPEN_SECONDS, breaker_for

# What says "Redis cannot be reached or does not answer" (not a wrong command, for instance).
UNREACHABLE = (
    ConnectionInterrupted,
    RedisConnectionError,
    RedisTimeoutError,
    socket.timeout,
    OSError,
)

BREAKER_OPTIONS = ("BREAKER_SECONDS",)


def _missing_counter(*args, **kwargs):
    # As for a key that is not there: incr() and decr() of Django's API raise ValueError.
    raise ValueError("The cache is unavailable: the key is treated as missing.")


def _constant(value):
    return lambda *args, **kwargs: value


def _default_of_get(key, default=None, *args, **kwargs):
    return default


# Operation -> what it returns while Redis is unavailable (as an empty cache would).
FALLBACKS = {
    "get": _default_of_get,
    "get_many": lambda *args, **kwargs: {},
    "has_key": _constant(False),
    "add": _constant(False),
    "set": _constant(False),
    "set_many": lambda *args, **kwargs: [],
    "touch": _constant(False),
    "delete": _constant(False),
    "delete_many": _constant(None),
    "delete_pattern": _constant(0),
    "clear": _constant(None),
    "incr": _missing_counter,
    "decr": _missing_counter,
    "incr_version": _missing_counter,
    "ttl": _constant(0),
    "pttl": _constant(0),
    "expire": _constant(False),
    "persist": _constant(False),
    "keys": lambda *args, **kwargs: [],
    "iter_keys": lambda *args, **kwargs: iter(()),
}


def server_name(location):
    """``Redis at host:port`` for the log: never the password a URL may hold."""
    first = location[0] if isinstance(location, (list, tuple)) else str(location).split(",")[0]
    parts = urlsplit(first)
    if parts.hostname:
        return f"Redis at {parts.hostname}:{parts.port or 6379}"
    return f"Redis at {parts.path or first}"


# Operations of the client may call one another (add() calls set()): only the outermost call
# of a thread asks the breaker and reports to it.
_inside = threading.local()


def _guarded(name, fallback):
    operation = getattr(DefaultClient, name)

    @functools.wraps(operation)
    def guarded(self, *args, **kwargs):
        if getattr(_inside, "active", False):
            return operation(self, *args, **kwargs)
        if not self.breaker.allow():
            return fallback(*args, **kwargs)
        _inside.active = True
        try:
            result = operation(self, *args, **kwargs)
        except UNREACHABLE as error:
            self.breaker.record_failure(error.__cause__ or error)
            return fallback(*args, **kwargs)
        finally:
            _inside.active = False
        self.breaker.record_success()
        return result

    return guarded


class ResilientClient(DefaultClient):
    def __init__(self, server, params, backend):
        options = dict(params.get("OPTIONS", {}))
        open_seconds = options.pop("BREAKER_SECONDS", OPEN_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options}, backend)
        self.breaker = breaker_for(server_name(server), open_seconds=open_seconds)


for _name, _fallback in FALLBACKS.items():
    setattr(ResilientClient, _name, _guarded(_name, _fallback))
