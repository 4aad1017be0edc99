"""Faults survived (icc/resilience): PostgreSQL failing, Redis unreachable or stalled.

The database tests make queries fail with a query wrapper (as a restarting PostgreSQL does) and,
on PostgreSQL, cut the real connection with ``pg_terminate_backend``. The Redis tests point the
cache at a port where nothing listens and at a server that accepts connections and never
answers, and count the connection attempts and the log lines (with a fake clock), not times.
"""

import logging
import socket
import sys
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse
from django_redis.cache import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError

from icc.resilience import middleware as resilience_middleware
from icc.resilience.breaker import CircuitBreaker, breaker_for
from icc.resilience.cache import server_name
from icc.resilience.throttle import DatabaseFailureThrottle, ThrottledLog, ThrottleFilter
from tests.factories import CoordinatorFactory, PracticeFactory

pytestmark = pytest.mark.django_db

RETRY_AFTER = "10"


class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture(autouse=True)
def fresh_throttles():
    for throttle in (resilience_middleware.failure_log, resilience_middleware.retry_log):
        throttle.reset()
    yield


# --- PostgreSQL fails ------------------------------------------------------------------------


class FailingQueries:
    """A query wrapper: the next ``times`` queries (all if None) fail as with a dead server.

    Savepoints pass: the test's own transaction must survive the view's failed one.
    """

    def __init__(self, times=None):
        self.times = times
        self.failed = 0
        self.passed = 0

    def __call__(self, execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            if self.times is None or self.failed < self.times:
                self.failed += 1
                raise OperationalError("server closed the connection unexpectedly")
            self.passed += 1
        return execute(sql, params, many, context)


def test_a_get_whose_database_connection_fails_is_run_again_once(client):
    practice = PracticeFactory(published=True)
    failing = FailingQueries(times=1)
    with connection.execute_wrapper(failing):
        response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    assert failing.failed == 1 and failing.passed > 0
    assert practice.title_en in response.text


def test_database_down_gives_a_bilingual_503_with_retry_after(client):
    failing = FailingQueries()
    with connection.execute_wrapper(failing):
        response = client.get("/fr/practices/")
    assert response.status_code == 503
    assert response["Retry-After"] == RETRY_AFTER
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Language"] == "fr"
    # The template, not the static fallback: rendered with no database (every query fails).
    assert '<html lang="fr">' in response.text
    assert "site-name" in response.text
    assert '<div lang="en">' in response.text
    assert "Service temporarily unavailable" in response.text
    assert f"{RETRY_AFTER} seconds" in response.text
    # It passes through the security headers middleware like every answer.
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    # One attempt, one retry: the second failure is not retried.
    attempts_per_request = failing.failed
    with connection.execute_wrapper(failing):
        client.get("/fr/practices/")
    assert failing.failed == 2 * attempts_per_request


def test_the_503_page_is_in_the_language_of_the_url(client):
    with connection.execute_wrapper(FailingQueries()):
        response = client.get("/en/events/")
    assert response.status_code == 503
    assert '<html lang="en">' in response.text
    assert '<div lang="fr">' in response.text
    assert response["Content-Language"] == "en"


def test_head_is_retried_like_get(client):
    failing = FailingQueries(times=1)
    with connection.execute_wrapper(failing):
        response = client.head("/en/")
    assert response.status_code == 200
    assert failing.failed == 1


def passes_through_the_middleware():
    """Count the passes of requests through the middleware stack (a retry is a second pass)."""
    return mock.patch.object(
        SessionMiddleware,
        "process_request",
        autospec=True,
        side_effect=SessionMiddleware.process_request,
    )


def test_a_post_is_not_run_twice(client):
    with connection.execute_wrapper(FailingQueries()), passes_through_the_middleware() as passes:
        response = client.post(
            reverse("accounts:login"), {"username": "someone", "password": "wrong"}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == RETRY_AFTER
    assert passes.call_count == 1
    with connection.execute_wrapper(FailingQueries()), passes_through_the_middleware() as passes:
        response = client.get("/en/practices/")
    assert response.status_code == 503
    assert passes.call_count == 2


def test_a_database_failure_in_a_middleware_gives_503_not_500(caplog):
    client = Client(raise_request_exception=False)

    def failing_save(self, request, response):
        raise OperationalError("terminating connection due to administrator command")

    with mock.patch.object(SessionMiddleware, "process_response", failing_save):
        response = client.get("/en/")
    assert response.status_code == 503
    assert response["Retry-After"] == RETRY_AFTER


def test_a_signed_in_request_fails_once_not_again_in_every_middleware(client):
    # The test client raises any exception Django turns into a 500 (got_request_exception):
    # after the view's failure, no middleware on the way out queries the database again.
    client.force_login(CoordinatorFactory())
    failing = FailingQueries()
    with connection.execute_wrapper(failing), passes_through_the_middleware() as passes:
        response = client.get(reverse("workspace:practice_list"))
    assert response.status_code == 503
    assert passes.call_count == 2
    assert failing.failed == 2  # the session's query, once per pass


def test_other_errors_are_not_turned_into_503():
    client = Client(raise_request_exception=False)
    with mock.patch.object(
        SessionMiddleware, "process_response", side_effect=RuntimeError("a bug")
    ):
        response = client.get("/en/")
    assert response.status_code == 500


def test_failed_database_requests_are_logged_once_a_minute(client, caplog):
    clock = FakeClock()
    with (
        mock.patch.object(resilience_middleware.failure_log, "clock", clock),
        caplog.at_level(logging.WARNING, logger="icc.resilience"),
        connection.execute_wrapper(FailingQueries()),
    ):
        for _ in range(5):
            assert client.get("/en/news/").status_code == 503
        clock.advance(61)
        assert client.get("/en/news/").status_code == 503
    lines = [r.getMessage() for r in caplog.records if r.name == "icc.resilience"]
    assert len(lines) == 2
    assert "Database unavailable" in lines[0]
    assert "4 similar messages left out" in lines[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_connection_terminated_between_two_requests(caplog):
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL: set DATABASE_URL to a postgres:// URL")
    import psycopg

    practice = PracticeFactory(published=True)
    client = Client(raise_request_exception=False)
    assert client.get(practice.get_absolute_url()).status_code == 200
    own_pid = connection.connection.info.backend_pid
    settings_dict = connection.settings_dict
    with psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    ) as other:
        others = other.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        terminated = [
            pid
            for (pid,) in others
            if other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
        ]
    assert own_pid in terminated

    cache.clear()  # memos would spare the page its queries
    try:
        with caplog.at_level(logging.WARNING, logger="icc.resilience"):
            response = client.get(practice.get_absolute_url())
        assert response.status_code != 500
        assert response.status_code in (200, 503)
        assert response.status_code == 200  # retried once on a new connection
        assert practice.title_en in response.text
        assert connection.connection.info.backend_pid != own_pid
        assert any("answered on a new one" in line for line in resilience_lines(caplog))
    finally:
        if not connection.is_usable():
            connection.close()  # so that the end of the test can flush the database


# --- Redis unreachable or stalled -------------------------------------------------------------


class StalledRedis:
    """A TCP server on 127.0.0.1 that accepts connections and never answers."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(50)
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                accepted, _address = self.listener.accept()
            except OSError:
                return
            self.connections.append(accepted)

    def close(self):
        self.listener.close()
        for accepted in self.connections:
            accepted.close()


@pytest.fixture
def stalled_redis():
    server = StalledRedis()
    yield server
    server.close()


@pytest.fixture
def closed_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def redis_settings(port, database=0):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/{database}",
            "KEY_PREFIX": "icc-test-faults",
            "OPTIONS": {
                "CLIENT_CLASS": "icc.resilience.cache.ResilientClient",
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                "BREAKER_SECONDS": 30,
            },
        },
        # Each process's own fragments (base.html) stay in its memory, Redis or not.
        "fragments": settings.CACHES["fragments"],
    }


@pytest.fixture
def redis_at():
    """Point the cache (page cache on, ``cached_db`` sessions) at a port; its breaker, fake clock."""
    overrides = []
    breakers = []

    def point(port, database=0):
        override = override_settings(
            CACHES=redis_settings(port, database),
            PAGE_CACHE=True,
            SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        )
        override.enable()
        overrides.append(override)
        breaker = breaker_for(server_name(f"redis://127.0.0.1:{port}/{database}"))
        breaker.reset()
        breaker.clock = FakeClock()
        breakers.append(breaker)
        return breaker

    yield point
    for breaker in breakers:
        breaker.reset()
    for override in reversed(overrides):
        override.disable()


def resilience_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "icc.resilience"]


def test_stalled_redis_costs_one_attempt_per_breaker_period(
    client, stalled_redis, redis_at, caplog
):
    PracticeFactory(published=True)
    breaker = redis_at(stalled_redis.port)
    with caplog.at_level(logging.WARNING, logger="icc.resilience"):
        for path in ["/en/", "/en/practices/", "/fr/practices/", "/en/news/"] * 5:
            assert client.get(path).status_code == 200
        # One connection, one timeout; every other cache call of the 20 pages was refused at once.
        assert len(stalled_redis.connections) == 1
        assert breaker.is_open and breaker.failures == 1 and breaker.refused > 20
        assert len(resilience_lines(caplog)) == 1
        assert "Redis at 127.0.0.1" in resilience_lines(caplog)[0]
        assert "TimeoutError" in resilience_lines(caplog)[0]

        # 30 s later one call tries again (and times out again); the log waits for the minute.
        breaker.clock.advance(31)
        for _ in range(5):
            assert client.get("/en/").status_code == 200
        assert len(stalled_redis.connections) == 2
        assert breaker.failures == 2
        assert len(resilience_lines(caplog)) == 1

        breaker.clock.advance(31)
        for _ in range(5):
            assert client.get("/en/").status_code == 200
        assert len(stalled_redis.connections) == 3
    lines = resilience_lines(caplog)
    assert len(lines) == 2  # two minutes, two lines
    assert "1 similar messages left out" in lines[1]


def test_unreachable_redis_costs_one_attempt_per_breaker_period(
    client, closed_port, redis_at, caplog
):
    breaker = redis_at(closed_port)
    with caplog.at_level(logging.WARNING, logger="icc.resilience"):
        for _ in range(20):
            assert client.get("/en/practices/").status_code == 200
    assert breaker.is_open
    assert breaker.failures == 1
    assert breaker.calls == 1
    assert breaker.refused > 20
    lines = resilience_lines(caplog)
    assert len(lines) == 1 and "ConnectionError" in lines[0]


def test_signed_in_pages_with_redis_stalled_read_sessions_from_the_database(
    stalled_redis, redis_at
):
    breaker = redis_at(stalled_redis.port)
    coordinator = CoordinatorFactory()
    client = Client()
    client.force_login(coordinator)  # the session's write to the cache is the one that times out
    for _ in range(10):
        response = client.get(reverse("workspace:practice_list"))
        assert response.status_code == 200
        assert response.wsgi_request.user == coordinator
    assert len(stalled_redis.connections) == 1
    assert breaker.failures == 1


def real_redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_the_breaker_closes_again_when_redis_answers(redis_at, caplog):
    if not real_redis_reachable():
        pytest.skip("needs a Redis server on 127.0.0.1:6379")
    breaker = redis_at(6379, database=15)
    cache.delete("probe")
    breaker.record_failure(RedisConnectionError("Redis went away"))
    with caplog.at_level(logging.WARNING, logger="icc.resilience"):
        # Open: nothing reaches Redis, reads miss and writes are dropped.
        cache.set("probe", "while open")
        assert cache.get("probe", "missed") == "missed"
        assert breaker.is_open and breaker.refused == 2
        # After the breaker period, the trial succeeds and the breaker closes.
        breaker.clock.advance(31)
        assert cache.add("probe", "after")  # add() calls set(): one trial, not two
        assert not breaker.is_open
        assert cache.get("probe") == "after"
    assert any("answers again" in line for line in resilience_lines(caplog))
    cache.delete("probe")


def test_the_cache_backend_never_logs_a_password():
    assert (
        server_name("redis://:secret@cache.example.org:6380/0") == "Redis at cache.example.org:6380"
    )
    assert "secret" not in server_name(["redis://user:secret@cache.example.org/1"])


def test_the_backend_takes_the_breaker_period_from_its_options(closed_port):
    backend = RedisCache(
        f"redis://127.0.0.1:{closed_port}/3",
        {"OPTIONS": {"CLIENT_CLASS": "icc.resilience.cache.ResilientClient", "BREAKER_SECONDS": 7}},
    )
    assert backend.client.breaker.open_seconds == 7
    backend.client.breaker.reset()


# --- The breaker and the log throttle, alone ------------------------------------------------


def test_breaker_refuses_for_its_period_then_lets_one_trial_through():
    clock = FakeClock()
    breaker = CircuitBreaker("service", open_seconds=30, clock=clock)
    assert breaker.allow()
    breaker.record_failure(OSError("down"))
    assert not breaker.allow()
    clock.advance(29)
    assert not breaker.allow()
    clock.advance(1)
    assert breaker.allow()  # the trial
    assert not breaker.allow()  # the others wait for its result
    breaker.record_success()
    assert breaker.allow() and breaker.allow()
    assert (breaker.calls, breaker.refused, breaker.failures, breaker.openings) == (4, 3, 1, 1)


def test_throttled_log_writes_one_line_a_minute(caplog):
    clock = FakeClock()
    log = ThrottledLog(logging.getLogger("icc.test"), clock=clock)
    with caplog.at_level(logging.WARNING, logger="icc.test"):
        for _second in range(180):
            log.warning("Something is down")
            clock.advance(1)
    lines = [r.getMessage() for r in caplog.records if r.name == "icc.test"]
    assert lines == [
        "Something is down",
        "Something is down (59 similar messages left out in the last 60 s)",
        "Something is down (59 similar messages left out in the last 60 s)",
    ]


def test_database_failure_tracebacks_of_django_request_are_throttled():
    clock = FakeClock()
    throttle = DatabaseFailureThrottle(clock=clock)

    def record(error):
        try:
            raise error
        except Exception:
            exc_info = sys.exc_info()
        return logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "%s: %s", ("Error", "/"), exc_info
        )

    database = [throttle.filter(record(OperationalError("down"))) for _ in range(10)]
    others = [throttle.filter(record(RuntimeError("a bug"))) for _ in range(10)]
    assert database == [True] + [False] * 9
    assert all(others)
    clock.advance(60)
    assert throttle.filter(record(OperationalError("down")))


def test_throttle_filter_lets_one_record_a_minute_through():
    clock = FakeClock()
    throttle = ThrottleFilter(clock=clock)

    def record(message):
        return logging.LogRecord("django_redis", logging.ERROR, __file__, 1, message, (), None)

    passed = []
    for _ in range(120):
        for message in ("Exception ignored", "Other"):
            item = record(message)
            if throttle.filter(item):
                passed.append(item.getMessage())
        clock.advance(1)
    assert passed == [
        "Exception ignored",
        "Other",
        "Exception ignored (59 similar messages left out)",
        "Other (59 similar messages left out)",
    ]
