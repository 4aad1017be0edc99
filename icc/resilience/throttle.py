"""Log lines about a failure at most once per interval, counting the ones left out.

A failure seen by every request (Redis down) would otherwise write one line per request:
thousands a minute that hide everything else. ``ThrottledLog`` writes the first line, then at
most one per interval saying how many were left out; ``ThrottleFilter`` does the same for the
records of a logger configured in ``LOGGING``.
"""

import logging
import threading
import time

LOG_INTERVAL = 60  # seconds


class ThrottledLog:
    """One log line per ``interval`` seconds at most; the next says how many were left out."""

    def __init__(self, logger, interval=LOG_INTERVAL, clock=time.monotonic):
        self.logger = logger
        self.interval = interval
        self.clock = clock
        self.last_written = None
        self.left_out = 0
        self._lock = threading.Lock()

    def log(self, level, message, *args):
        """Write the line if the interval has passed since the last one; return whether it did."""
        with self._lock:
            now = self.clock()
            if self.last_written is not None and now - self.last_written < self.interval:
                self.left_out += 1
                return False
            left_out, self.left_out, self.last_written = self.left_out, 0, now
        if left_out:
            message += " (%d similar messages left out in the last %d s)"
            args = (*args, left_out, self.interval)
        self.logger.log(level, message, *args)
        return True

    def warning(self, message, *args):
        return self.log(logging.WARNING, message, *args)

    def reset(self):
        with self._lock:
            self.last_written = None
            self.left_out = 0


class ThrottleFilter(logging.Filter):
    """A logging filter: a record passes if no record of the same logger, level and message
    template passed in the last ``interval`` seconds (``LOGGING['filters']``)."""

    def __init__(self, name="", interval=LOG_INTERVAL, clock=time.monotonic):
        super().__init__(name)
        self.interval = interval
        self.clock = clock
        self.last_passed = {}
        self.left_out = {}
        self._lock = threading.Lock()

    def filter(self, record):
        if not super().filter(record):
            return False
        key = (record.name, record.levelno, str(record.msg)[:200])
        with self._lock:
            now = self.clock()
            last = self.last_passed.get(key)
            if last is not None and now - last < self.interval:
                self.left_out[key] = self.left_out.get(key, 0) + 1
                return False
            self.last_passed[key] = now
            left_out = self.left_out.pop(key, 0)
        if left_out:
            record.msg = f"{record.msg} ({left_out} similar messages left out)"
        return True


class DatabaseFailureThrottle(ThrottleFilter):
    """For ``django.request``: a 500 caused by the database being unavailable (answered as a
    503 by ``icc.resilience.middleware``) is logged, traceback included, once a minute; every
    other record passes."""

    def filter(self, record):
        from django.db import InterfaceError, OperationalError

        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, (OperationalError, InterfaceError)):
            return True
        return super().filter(record)
