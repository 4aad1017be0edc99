"""Production: PostgreSQL, Redis, S3-compatible media, several app processes behind a proxy.

Everything comes from the environment; a missing SECRET_KEY or DATABASE_URL stops the start.
"""

from django.core.exceptions import ImproperlyConfigured

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

# Redis is a cache, not a store: if it is down, pages are slower, not broken (sessions fall
# back to the database), and short timeouts keep a stalled Redis from blocking every worker.
if env("REDIS_URL", default=""):
    CACHES["default"]["OPTIONS"].update(  # noqa: F405
        {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    )
    CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", default="icc")  # noqa: F405
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

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

# Compressed, fingerprinted static files served by WhiteNoise.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
# Media on S3-compatible storage when a bucket is configured (django-storages).
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
