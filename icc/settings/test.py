"""Settings for the test suite: fast hashing, in-memory e-mail, local media."""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="icc-test-media-")
# Never into the repository's backups/ folder (tests/icc/test_backup.py uses its own folders).
BACKUP_DIR = tempfile.mkdtemp(prefix="icc-test-backups-")
STORAGES["dbbackup"]["OPTIONS"]["location"] = BACKUP_DIR  # noqa: F405
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": CACHES["fragments"],  # noqa: F405
}
# Most tests change content inside a transaction that never commits (so nothing bumps the
# generation): the page cache is off, and tests/icc/test_caching.py switches it on.
PAGE_CACHE = env.bool("PAGE_CACHE", default=False)
# Every test client comes from 127.0.0.1 and the fuzz tests send thousands of forms: the rate
# limits are off, and tests/icc/test_abuse_limits.py switches them on.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=False)
SECRETARIAT_EMAILS = ["secretariat@icc.example.org"]
ALLOWED_HOSTS = ["*"]
# Tasks run at once, in the test's transaction; tests of the queue itself choose the database.
TASKS_BACKEND = "immediate"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True

# Transactional tests (the browser tests) restore the database from a serialization after each
# test. Translation stamps are written again by the items' own loading (their post_save), so
# they are left out of it: restoring them too would collide with those just written.
TEST_NON_SERIALIZED_APPS = ["icc.translation_status"]
