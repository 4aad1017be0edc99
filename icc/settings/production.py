"""Production: PostgreSQL, Redis, S3-compatible media, several app processes behind a proxy.

Everything comes from the environment; a missing SECRET_KEY or DATABASE_URL stops the start.
"""

import copy

from django.core.exceptions import ImproperlyConfigured

from icc.security_headers import media_origins

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
# A short or development key makes sessions and password-reset links forgeable: refuse it.
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a long random value (50+ characters), not the development key."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Redis is a cache, not a store: if it is down or stalled, pages are served as with an empty
# cache (sessions fall back to the database). base.py puts it behind a circuit breaker with
# 0.25 s timeouts, which logs once a minute (docs/operations.md, "When PostgreSQL or Redis fails").
if env("REDIS_URL", default=""):
    CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", default="icc")  # noqa: F405

# Sessions live in the cache (Redis) with a database fallback, so no app server keeps state.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Behind a load balancer that terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The CSP of base.py, with media from the bucket (img-src) and any http: link upgraded.
CONTENT_SECURITY_POLICY = copy.deepcopy(CONTENT_SECURITY_POLICY)  # noqa: F405
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += media_origins(
    custom_domain=env("AWS_S3_CUSTOM_DOMAIN", default=""),
    endpoint_url=env("AWS_S3_ENDPOINT_URL", default=""),
    bucket_name=env("AWS_STORAGE_BUCKET_NAME", default=""),
    region_name=env("AWS_S3_REGION_NAME", default=""),
)
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Compressed, fingerprinted static files served by WhiteNoise.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
# Media on S3-compatible storage when a bucket is configured (django-storages): a private
# bucket, every URL signed (icc/storage.py; docs/operations.md, "Uploaded files"). A signed URL
# must outlive the page that carries it: a card memo (MEMO_TIMEOUT) inside a cached page
# (PAGE_CACHE_TIMEOUT), then read for up to a day.
AWS_QUERYSTRING_EXPIRE = env.int(
    "AWS_QUERYSTRING_EXPIRE",
    default=globals().get("MEMO_TIMEOUT", 6 * 3600) + PAGE_CACHE_TIMEOUT + 24 * 3600,  # noqa: F405
)
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    if AWS_QUERYSTRING_EXPIRE <= PAGE_CACHE_TIMEOUT or AWS_QUERYSTRING_EXPIRE > 7 * 24 * 3600:  # noqa: F405
        raise ImproperlyConfigured(
            "AWS_QUERYSTRING_EXPIRE must be longer than PAGE_CACHE_TIMEOUT and at most 7 days."
        )
    SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "icc.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": AWS_QUERYSTRING_EXPIRE,
            "file_overwrite": False,
        },
    }

# Backups (`manage.py backup`) in a private bucket when one is configured, otherwise BACKUP_DIR.
# Use a bucket other than the media's, so that a mistake in one cannot delete both.
if env("BACKUP_BUCKET", default=""):
    STORAGES["dbbackup"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("BACKUP_BUCKET"),
            "location": env("BACKUP_BUCKET_PREFIX", default="backups"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
