"""Settings: safe defaults with no environment, everything from the environment in production.

Each case runs in a fresh interpreter with a controlled environment, since settings are read
once at import.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DB_NAME": str(settings.DATABASES["default"]["NAME"]),
    "DB_HOST": settings.DATABASES["default"].get("HOST", ""),
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION", ""),
    "MEDIA_STORAGE": settings.STORAGES["default"]["BACKEND"],
    "MEDIA_OPTIONS": settings.STORAGES["default"].get("OPTIONS", {}),
    "STATIC_STORAGE": settings.STORAGES["staticfiles"]["BACKEND"],
    "SESSION_ENGINE": settings.SESSION_ENGINE,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
}))
"""


def run_settings(module, **environment):
    """Import ``module`` in a clean interpreter; returns (returncode, settings dict or output)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": module}
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        return result.returncode, result.stdout + result.stderr
    return 0, json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "icc.example.org,www.icc.example.org",
    "DATABASE_URL": "postgres://icc:secret@db.internal:5432/icc",
}


def test_base_settings_without_environment_run_on_sqlite_in_debug():
    code, values = run_settings("icc.settings.base")
    assert code == 0, values
    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB_NAME"].endswith("db.sqlite3")
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["MEDIA_STORAGE"] == "django.core.files.storage.FileSystemStorage"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_production_reads_database_cache_and_storage_from_the_environment():
    code, values = run_settings(
        "icc.settings.production",
        **PRODUCTION,
        REDIS_URL="redis://cache.internal:6379/1",
        AWS_STORAGE_BUCKET_NAME="icc-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_REGION_NAME="eu-west-3",
    )
    assert code == 0, values
    assert values["DEBUG"] is False
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert (values["DB_NAME"], values["DB_HOST"]) == ("icc", "db.internal")
    assert values["CACHE"] == "django_redis.cache.RedisCache"
    assert values["CACHE_LOCATION"] == "redis://cache.internal:6379/1"
    # Private objects, signed URLs outliving a cached page (icc/storage.py).
    assert values["MEDIA_STORAGE"] == "icc.storage.MediaStorage"
    assert values["MEDIA_OPTIONS"]["default_acl"] == "private"
    assert values["MEDIA_OPTIONS"]["querystring_auth"] is True
    assert values["MEDIA_OPTIONS"]["querystring_expire"] > 3600
    assert values["MEDIA_OPTIONS"]["bucket_name"] == "icc-media"
    assert values["MEDIA_OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert values["MEDIA_OPTIONS"]["region_name"] == "eu-west-3"
    assert values["STATIC_STORAGE"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["ALLOWED_HOSTS"] == ["icc.example.org", "www.icc.example.org"]
    assert values["SECURE_SSL_REDIRECT"] is True


def test_production_without_bucket_keeps_media_on_disk():
    code, values = run_settings("icc.settings.production", **PRODUCTION)
    assert code == 0, values
    assert values["MEDIA_STORAGE"] == "django.core.files.storage.FileSystemStorage"


def test_production_refuses_to_start_without_secret_key():
    environment = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    code, output = run_settings("icc.settings.production", **environment)
    assert code != 0
    assert "SECRET_KEY" in output


def test_production_refuses_the_development_or_a_short_secret_key():
    for weak in ("django-insecure-" + "x" * 60, "short-key"):
        code, output = run_settings("icc.settings.production", **{**PRODUCTION, "SECRET_KEY": weak})
        assert code != 0, f"{weak!r} was accepted"
        assert "SECRET_KEY" in output


def test_production_refuses_to_start_without_database_url_or_allowed_hosts():
    for missing in ("DATABASE_URL", "ALLOWED_HOSTS"):
        environment = {key: value for key, value in PRODUCTION.items() if key != missing}
        code, output = run_settings("icc.settings.production", **environment)
        assert code != 0, f"production started without {missing}"
        assert missing in output
