"""Settings shared by every environment.

Every value that differs between a laptop and production is read from the environment
(see README.md, "Configuration"); without any environment the site runs on SQLite with
safe development defaults.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# --- Core -----------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env(
    "SECRET_KEY", default="django-insecure-development-only-key-do-not-use-in-production"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    "import_export",
    "reversion",
    "reversion_compare",
    "axes",
    # Background tasks (django-tasks): results in the database, the Redis queue's dashboard.
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "icc",
    "cities",
    "events",
    "news",
    "practices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads cookies: one with a control character (a NUL) is ignored.
    "icc.middleware.DropMalformedCookiesMiddleware",
    # Compresses what the page cache does not (the cache keeps pages already compressed).
    "icc.caching.middleware.CompressionMiddleware",
    # Before sessions and auth: a hit is one cache round trip and no SQL (icc/caching/).
    "icc.caching.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must be last: it reads the result of the authentication middleware.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "icc.urls"
WSGI_APPLICATION = "icc.wsgi.application"
AUTH_USER_MODEL = "icc.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "icc.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))

# --- Cache ----------------------------------------------------------------------------------
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", default="icc")

# Anonymous pages in the shared cache, invalidated by every content change (icc/caching/).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=60 * 60)
# Pages cached by another release are never served: set RELEASE to the commit deployed
# (default: a digest of templates/ and locale/).
CACHE_RELEASE = env("RELEASE", default="")

# --- Background tasks -----------------------------------------------------------------------
# Image renditions, e-mails and re-indexing after bulk changes run outside the request
# (icc/tasks/). TASKS_BACKEND chooses where: "database" (the default without Redis: run
# `manage.py db_worker`), "rq" (the default with REDIS_URL: run `manage.py rqworker
# --with-scheduler`), or "immediate" (at once, in the process that asks: tests, or a laptop
# without a worker). See docs/operations.md, "Task workers".
TASKS_BACKEND = env("TASKS_BACKEND", default="rq" if env("REDIS_URL", default="") else "database")
_TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASKS_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[TASKS_BACKEND]}}
RQ_QUEUES = {
    "default": {
        "URL": env("REDIS_URL", default="redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": 600,
    }
}
# Seconds to wait before the 2nd and the 3rd attempt of a failed task; then it stays failed.
TASKS_RETRY_DELAYS = (60, 600)

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Axes first, so that a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:practice_list"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 7  # a coordinator's welcome link is valid for a week

# django-axes: lock out an account/IP pair after repeated failures, admin included.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Usernames as sent, cut to the length axes can store (an over-long one was a 500).
AXES_USERNAME_CALLABLE = "icc.lockout.lockout_username"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# --- Languages ------------------------------------------------------------------------------
# Adding a language: append it here, then `makemigrations` + `migrate` (modeltranslation adds
# the columns) and add its catalogue under locale/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Upload limits, enforced by icc.validators (and by Django for the request body).
MAX_IMAGE_UPLOAD_BYTES = env.int("MAX_IMAGE_UPLOAD_BYTES", default=5 * 1024 * 1024)
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)
MAX_DOCUMENT_UPLOAD_BYTES = env.int("MAX_DOCUMENT_UPLOAD_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Intercultural Cities <noreply@icc.example.org>"
)
SECRETARIAT_EMAILS = env.list("SECRETARIAT_EMAILS", default=[])

# --- Security (development defaults; production.py hardens them) ----------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Third-party apps -----------------------------------------------------------------------
COUNTRIES_FIRST = []
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
ADD_REVERSION_ADMIN = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Languages a document file may be written in (wider than the site's own languages).
LANGUAGES_OF_DOCUMENTS = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("de", _("German")),
    ("el", _("Greek")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("nl", _("Dutch")),
    ("no", _("Norwegian")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("other", _("Other")),
]
