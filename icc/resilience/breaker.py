"""A circuit breaker: after a failure, stop calling a service for a while, then try once.

One breaker per service and per process (``breaker_for``), shared by its threads: Django makes
a cache backend per thread, and the point is that *no* request of the process waits for a
service known to be down. States:

- closed: calls go through; a failure opens the breaker.
- open: calls are refused at once (the caller treats them as misses) for ``open_seconds``;
  then one call is let through as a trial (the others are still refused), and its success
  closes the breaker, its failure opens it for another ``open_seconds``.

Log lines go through a ``ThrottledLog``: one a minute at most while the service stays down.
"""

import logging
import threading
import time

from .throttle import ThrottledLog

logger = logging.getLogger("icc.resilience")

OPEN_SECONDS = 30

CLOSED = "closed"
OPEN = "open"


class CircuitBreaker:
    def __init__(self, name, open_seconds=OPEN_SECONDS, clock=time.monotonic):
        self.name = name
        self.open_seconds = open_seconds
        self.clock = clock
        self.state = CLOSED
        self.opened_at = None
        # Counters for the operations guide and the tests: calls let through and refused,
        # failures seen, and times the breaker opened.
        self.calls = 0
        self.refused = 0
        self.failures = 0
        self.openings = 0
        self.log = ThrottledLog(logger, clock=lambda: self.clock())
        self._lock = threading.Lock()

    def allow(self):
        """Whether to call the service now (False: treat the call as a miss, at once)."""
        with self._lock:
            if self.state == CLOSED:
                self.calls += 1
                return True
            if self.clock() - self.opened_at >= self.open_seconds:
                # The trial: the clock restarts, so the other threads keep being refused.
                self.opened_at = self.clock()
                self.calls += 1
                return True
            self.refused += 1
            return False

    def record_success(self):
        if self.state == CLOSED:  # the usual case, without taking the lock
            return
        with self._lock:
            was_open, self.state, self.opened_at = self.state == OPEN, CLOSED, None
        if was_open:
            logger.warning("%s answers again: using it again.", self.name)

    def record_failure(self, error):
        with self._lock:
            self.failures += 1
            if self.state == CLOSED:
                self.openings += 1
            self.state = OPEN
            self.opened_at = self.clock()
        self.log.warning(
            "%s unreachable (%s: %s): not called for %d s, then tried again.",
            self.name,
            type(error).__name__,
            error,
            self.open_seconds,
        )

    @property
    def is_open(self):
        return self.state == OPEN

    def reset(self):
        """Closed, counters at zero (tests)."""
        with self._lock:
            self.state, self.opened_at = CLOSED, None
            self.calls = self.refused = self.failures = self.openings = 0
        self.log.reset()


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(name, **options):
    """The process's breaker for the service called ``name`` (made on first use)."""
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(name, **options)
        return _breakers[name]


def all_breakers():
    with _breakers_lock:
        return list(_breakers.values())
