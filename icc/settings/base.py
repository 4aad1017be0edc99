"""Settings shared by every environment.

Every value that differs between a laptop and production is read from the environment
(see README.md, "Configuration"); without any environment the site runs on SQLite with
safe development defaults.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from icc.security_headers import add_static_headers

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
# The domain in the UID of every event in the iCalendar files (events/calendars.py); empty:
# SITE_URL's host. Calendar apps know an event by its UID: set it once, never change it.
CALENDAR_UID_DOMAIN = env("CALENDAR_UID_DOMAIN", default="")

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
    # Only for its sitemap templates: the sitemaps themselves are in icc/crawling/.
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    # The public read-only API (icc/api/): DRF, its OpenAPI schema, CORS for /api/ only.
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "import_export",
    "reversion",
    "reversion_compare",
    "axes",
    # `manage.py backup` / `restore` (icc/backups.py) are built on its connectors and commands.
    "dbbackup",
    # Background tasks (django-tasks): results in the database, the Redis queue's dashboard.
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "icc",
    "cities",
    "events",
    "news",
    "practices",
    # The programme's own pages (About, How to join, Legal notice...) and the network in figures.
    "icc.pages",
    "icc.figures",
    # When each language of each translated field was written; what is missing or out of date.
    "icc.translation_status",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads cookies: one with a control character (a NUL) is ignored.
    "icc.middleware.DropMalformedCookiesMiddleware",
    # CSP, Permissions-Policy, CORP on every answer: before the page cache, so on hits too.
    "icc.security_headers.SecurityHeadersMiddleware",
    # CORS headers for /api/ (GET only, no credentials), on every answer there, preflights too.
    "corsheaders.middleware.CorsMiddleware",
    # Before anything that may query the database, after the headers (its 503 page gets them
    # too): a failed connection gives one retry (GET, HEAD), then a 503, never a 500.
    "icc.resilience.middleware.DatabaseUnavailableMiddleware",
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
# Seconds a client is asked to wait (Retry-After of the 503 page) while the database is down.
SERVICE_UNAVAILABLE_RETRY_AFTER = env.int("SERVICE_UNAVAILABLE_RETRY_AFTER", default=10)

# --- Cache ----------------------------------------------------------------------------------
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "OPTIONS": {
                # Behind a circuit breaker (icc/resilience/cache.py): with Redis down or stalled,
                # the cache is empty for BREAKER_SECONDS at no cost, then tried again.
                "CLIENT_CLASS": "icc.resilience.cache.ResilientClient",
                # A stalled Redis costs one timeout per process every BREAKER_SECONDS.
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_TIMEOUT", default=0.25),
                "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=0.25),
                "BREAKER_SECONDS": env.int("REDIS_BREAKER_SECONDS", default=30),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHES["default"]["KEY_PREFIX"] = env("CACHE_KEY_PREFIX", default="icc")
# Parts of the page frame that only the language and the content generation change (the
# footer, the head's links): each app process keeps them in its own memory ({% cache ...
# using="fragments" %} in base.html), a dictionary lookup instead of a render or a round trip.
# A new release starts new processes, so an entry never outlives the templates it came from.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "icc-fragments",
    "TIMEOUT": 60 * 60 * 24,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

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
_RQ_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
RQ_QUEUES = {
    "default": {
        # A stalled Redis must not hold a request that enqueues a task: 1 s at most (rq's
        # workers raise the read timeout above their blocking wait by themselves).
        "URL": f"{_RQ_URL}{'&' if '?' in _RQ_URL else '?'}socket_connect_timeout=1&socket_timeout=1",
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
# Lockouts and rate limits count the real client behind the load balancer (icc/ratelimits/;
# docs/operations.md, "Behind a load balancer"). AXES_PROXY_COUNT: the proxies in front of the
# app, each appending the address it received from to X-Forwarded-For; 0: reached directly.
TRUSTED_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "icc.ratelimits.client_address"
AXES_LOCKOUT_CALLABLE = "icc.ratelimits.responses.lockout_response"  # adds Retry-After
# What client_address passes to django-ipware (icc.ratelimits.addresses.ipware_arguments): the
# last proxy is REMOTE_ADDR, so the header holds one proxy fewer; the client is right-most.
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT > 0 else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR",) if TRUSTED_PROXY_COUNT > 0 else ("REMOTE_ADDR",)
)

# Rate limits (django-ratelimit, counted in the shared cache; a cache outage fails open):
# requests per client address (per e-mail address for "password-reset-email"), per period.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
RATELIMIT_IP_META_KEY = "icc.ratelimits.client_address"
RATE_LIMITS = {
    "sign-in": "20/10m",  # sign-in forms sent, site and admin together; axes locks earlier
    "password-reset": "10/h",
    "password-reset-email": "3/h",
    "search": "60/m",
    "downloads": "30/m",  # data downloads (icc.ratelimits.download_limit)
    "api": env("API_RATE_LIMIT", default="120/m"),  # the public API, /api/ (icc/api/)
    "contact": "5/h",  # messages sent to practices' contacts, per address (practices/contact.py)
    "contact-practice": "20/d",  # messages to one practice's contact, from everyone
}

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
# Local media are served by the app itself, each file only to those who may see it
# (icc/media_views.py); never let the proxy serve MEDIA_ROOT directly. Off with a bucket.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Backups --------------------------------------------------------------------------------
# `manage.py backup` writes the database and the media as one set of timestamped files to the
# "dbbackup" storage: BACKUP_DIR on this machine (production.py: or a private bucket), and keeps
# the newest BACKUP_KEEP sets. See docs/operations.md, "Backups and restore".
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_NAME = env("BACKUP_NAME", default="icc")  # first part of every file name of a set
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
BACKUP_COMPRESS = env.bool("BACKUP_COMPRESS", default=True)
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(BACKUP_DIR)},
}
DBBACKUP_HOSTNAME = BACKUP_NAME
DBBACKUP_CLEANUP_KEEP = BACKUP_KEEP
# A failed backup ends the command with an error (cron mails it); no second e-mail to ADMINS.
DBBACKUP_SEND_EMAIL = False

# Upload limits, enforced by icc.validators (and by Django for the request body).
MAX_IMAGE_UPLOAD_BYTES = env.int("MAX_IMAGE_UPLOAD_BYTES", default=5 * 1024 * 1024)
# An image is decoded whole to be re-encoded (icc.uploads): 4 bytes a pixel, twice that when it
# must be turned upright, so 25 Mpx is up to 200 MB in the worker for the time of the request.
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=25_000_000)
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
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"  # the admin's "+" popups are same-origin
# Content-Security-Policy (django-csp), the same for every answer: no nonce, since the page
# cache replays anonymous pages whole; no inline script or style anywhere (icc/security_headers.py,
# docs/operations.md "Security headers"). production.py adds media hosts and upgrade-insecure-requests.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Static files get the same headers from WhiteNoise itself, which answers before middleware.
WHITENOISE_ADD_HEADERS_FUNCTION = add_static_headers

# --- Third-party apps -----------------------------------------------------------------------
COUNTRIES_FIRST = []
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
ADD_REVERSION_ADMIN = True

# The programme's accounts, linked from the footer of every page ({% social_links %}, https only).
ICC_SOCIAL_LINKS = [
    ("Facebook", "https://www.facebook.com/InterculturalCities"),
    ("X (Twitter)", "https://x.com/ICCities"),
    ("LinkedIn", "https://www.linkedin.com/company/council-of-europe/"),
    ("YouTube", "https://www.youtube.com/user/CouncilofEurope"),
]

# --- Public API (icc/api/, docs/api.md) -----------------------------------------------------
REST_FRAMEWORK = {
    # Read-only and public: no session, no password, no CSRF; everyone gets the same data.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "icc.api.schema.ApiAutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "icc.api.negotiation.LenientContentNegotiation",
    "EXCEPTION_HANDLER": "icc.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Intercultural Cities open data API",
    "DESCRIPTION": (
        "Read-only access to the published cities, networks, events, news, good practices, "
        "topics and documents of the Intercultural Cities programme (Council of Europe). "
        f"Human-readable guide: /{LANGUAGE_CODE}/api/ (in each language of the site)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "icc.api.schema.add_common_responses",
    ],
}
# CORS on /api/ only: any origin may read it from a browser, without cookies or credentials.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match")
CORS_EXPOSE_HEADERS = ("Content-Language", "ETag", "Retry-After", "X-Ignored-Filters")
CORS_PREFLIGHT_MAX_AGE = 24 * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    # With the database down, every request fails the same way (answered 503): one traceback a
    # minute, not one per request (icc/resilience/).
    "filters": {"database_failures": {"()": "icc.resilience.throttle.DatabaseFailureThrottle"}},
    "loggers": {"django.request": {"filters": ["database_failures"]}},
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
