"""The throwaway pieces of a bench run: database, environment, gunicorn, Redis keys.

Everything here is created by the runner and removed by it, even on Ctrl-C or failure.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
CACHE_KEY_PREFIX = "icc-bench"
BENCH_SETTINGS = "icc.benchmark.settings"


class BenchError(Exception):
    """A run that cannot go on; the message says why and what to do."""


# --- The throwaway database ---------------------------------------------------------------


def database_urls(database_url, name):
    """(maintenance URL, bench database URL) on the PostgreSQL server of ``database_url``.

    Refuses anything but PostgreSQL, and refuses to use the configured database itself as the
    throwaway one (it is dropped at the end).
    """
    database_url = database_url or DEFAULT_SERVER
    config = environ.Env.db_url_config(database_url)
    if "postgresql" not in config["ENGINE"]:
        raise BenchError("--database-url must be a PostgreSQL URL (or leave it out).")
    if config.get("NAME") == name:
        raise BenchError(
            f"The database of --database-url/DATABASE_URL is '{name}', the name the bench drops "
            "at the end: use another --database-name."
        )
    parts = urlsplit(database_url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    return maintenance, urlunsplit(parts._replace(path=f"/{name}"))


def create_database(maintenance_url, name):
    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(maintenance_url, name):
    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def check_database_server(maintenance_url):
    try:
        with psycopg.connect(maintenance_url, connect_timeout=5) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error as error:
        raise BenchError(f"Cannot reach PostgreSQL at {maintenance_url}: {error}") from error


# --- Redis ------------------------------------------------------------------------------------


def flush_cache(redis_url):
    """Delete the bench's keys (its own prefix) and nothing else; returns how many."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    try:
        keys = list(client.scan_iter(match=f"{CACHE_KEY_PREFIX}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
    except redis.RedisError as error:
        raise BenchError(f"Cannot use Redis at {redis_url}: {error}") from error
    finally:
        client.close()
    return len(keys)


# --- Environment ------------------------------------------------------------------------------


def site_environment(*, database_url, redis_url, scratch, page_cache):
    """The environment of every process serving the site, as docs/operations.md lists it."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "AWS_", "PAGE_CACHE"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=BENCH_SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL="http://127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=CACHE_KEY_PREFIX,
        # Plain HTTP on the loopback: no load balancer in front to terminate TLS.
        SECURE_SSL_REDIRECT="False",
        MEDIA_ROOT=str(Path(scratch) / "media"),
        BENCH_STATIC_ROOT=str(Path(scratch) / "static"),
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
        PAGE_CACHE="1" if page_cache else "0",
        # Every bench request comes from one address: the per-address limits would answer
        # 429 to the load generator, not measure the pages.
        RATELIMIT_ENABLE="0",
        PYTHONUNBUFFERED="1",
    )
    return environment


# --- gunicorn -----------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn as docs/operations.md runs it, on the loopback, in its own process group."""

    def __init__(self, environment, scratch, *, workers, max_requests, python=sys.executable):
        self.environment = environment
        self.python = python
        self.scratch = Path(scratch)
        self.workers = workers
        self.max_requests = max_requests
        self.port = free_port()
        self.process = None
        self.log = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        command = [
            str(Path(self.python).with_name("gunicorn")),
            "icc.wsgi",
            "--preload",
            "--workers", str(self.workers),
            "--bind", f"127.0.0.1:{self.port}",
            "--timeout", "30",
            "--access-logfile", str(self.scratch / "access.log"),
            "--error-logfile", "-",
        ]  # fmt: skip
        if self.max_requests:
            jitter = max(1, self.max_requests // 10)
            command += ["--max-requests", str(self.max_requests)]
            command += ["--max-requests-jitter", str(jitter)]
        return command

    def start(self, timeout=60):
        self.log = open(self.scratch / "gunicorn.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped at start; see {self.scratch / 'gunicorn.log'}")
            if len(self.worker_pids()) == self.workers and self._answers():
                return
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer in {timeout} s")

    def _answers(self):
        try:
            with urllib.request.urlopen(f"{self.url}/bench/ceiling/constant/", timeout=5) as reply:
                return reply.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def worker_pids(self):
        if self.process is None:
            return []
        return child_pids(self.process.pid)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self.process = None
        if self.log is not None:
            self.log.close()
            self.log = None


def child_pids(pid):
    """The direct children of ``pid``, read from /proc."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        return [int(value) for value in children.read_text().split()]
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_mib(pid):
    """Resident memory of a process in MiB (VmRSS from /proc), or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def workers_memory(server):
    return {str(pid): rss_mib(pid) for pid in server.worker_pids()}
