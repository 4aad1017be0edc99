"""Production settings for a local benchmark run over plain HTTP on 127.0.0.1.

Everything else is icc.settings.production, unchanged: the bench sets SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, CACHE_KEY_PREFIX, MEDIA_ROOT and
SECURE_SSL_REDIRECT=False in the environment, as a user would. Only two values are not
environment-driven in production and must change here: the URLconf (the site plus the bare
Django ceiling pages) and the folder collectstatic writes to (a temporary one).
"""

from icc.settings.production import *  # noqa: F403
from icc.settings.production import env

ROOT_URLCONF = "icc.benchmark.urls"
STATIC_ROOT = env.path("BENCH_STATIC_ROOT")
