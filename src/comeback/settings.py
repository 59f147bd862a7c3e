"""Settings from the environment, with safe defaults for the laptop demo (DESIGN.md §3).

DATABASE_URL    sqlite:///var/comeback.sqlite3 (default) or postgres://user@host:5432/db
SECRET_KEY      required when DEBUG is off outside the demo; a dev key otherwise
DEBUG           "1" to enable
ALLOWED_HOSTS   comma-separated
REDIS_URL       cache and rate limits when set; local memory otherwise
DB_PREPARE_THRESHOLD  PostgreSQL: runs of a checkout statement before it is prepared (5); "off" for
                PgBouncer in transaction mode before 1.21
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("COMEBACK_HOME", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("COMEBACK_VAR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [x.strip() for x in os.environ.get(name, default).split(",") if x.strip()]


DEBUG = env_bool("DEBUG", False)
DEMO = env_bool("COMEBACK_DEMO", False)
# A laptop demo needs no key; production sets SECRET_KEY (`manage.py check --deploy` flags the default).
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-dev-only-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "comeback.core",
    "comeback.accounts",
    "comeback.catalog",
    "comeback.sellers",
    "comeback.offers",
    "comeback.orders",
    "comeback.webhooks",
    "comeback.tradein",
    "comeback.passports",
    "comeback.aftersales",
    "comeback.repair",
    "comeback.recovery",
    "comeback.insights",
    "comeback.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "comeback.web.middleware.SecurityHeadersMiddleware",
    "comeback.web.middleware.ApiProblemMiddleware",
    # Anonymous catalogue pages are answered here, before sessions, locale, CSRF and auth (0004).
    "comeback.web.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "comeback.web.middleware.MarketMiddleware",
]

ROOT_URLCONF = "comeback.urls"
WSGI_APPLICATION = "comeback.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "comeback.web.context_processors.market",
                "comeback.web.context_processors.cached_csrf",
            ],
        },
    }
]

# Database -------------------------------------------------------------------
def prepare_threshold(value: str) -> int | None:
    """psycopg's prepare_threshold from DB_PREPARE_THRESHOLD: a count of runs, or off (None)."""
    if value.strip().lower() in ("", "off", "none", "no", "false"):
        return None
    count = int(value)
    if count < 0:
        raise ValueError(f"DB_PREPARE_THRESHOLD must be 0 or more, or 'off'; got {value!r}")
    return count


VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'comeback.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if os.environ.get("PYTEST_VERSION") else DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on busy_timeout instead of failing on a lock upgrade.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    # Only the checkout's hot path binds server-side, so only its statements are ever prepared (once per
    # connection instead of parsed and planned per checkout); the ORM binds client-side and never prepares.
    DATABASES["default"]["OPTIONS"].setdefault(
        "prepare_threshold", prepare_threshold(os.environ.get("DB_PREPARE_THRESHOLD", "5"))
    )
    if os.environ.get("PYTEST_VERSION"):
        # Test databases are thrown away: their commits need not wait for the disk.
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c synchronous_commit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and rate limits ------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "comeback.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "comeback"}}
# The anonymous page cache (web/pagecache.py, docs/decisions/0004-page-cache.md) has its own alias so a
# flood of page entries can never evict rate-limit counters. Its generations (what makes pages stale) must
# be seen by every process, the task worker that handles events included: Redis, or files under var/.
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
    PAGE_CACHE_GENERATIONS = "pages"  # one round trip reads a page and its generations
else:
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages",
                       "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "4000"))}}
    CACHES["pagegen"] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                         "LOCATION": str(VAR_DIR / "cache" / "pagegen"), "OPTIONS": {"MAX_ENTRIES": 1_000_000}}
    PAGE_CACHE_GENERATIONS = "pagegen"
# Events make pages stale at once (quality scores too) and no page outlives the next probation deadline;
# this spreads renders and bounds how long a page is kept (0 turns the page cache off).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "900"))
PAGE_CACHE_ROUTES = [
    r"^/$",
    r"^/search/$",
    r"^/c/[-\w]+/$",
    r"^/p/(?P<product>[-\w]+)/$",
    r"^/api/v1/products$",
    r"^/api/v1/products/(?P<product>\d+)$",
]
# core/ratelimit.py: defaults there (login 10/5m per IP+email, signup 10/h per IP, token 10/5m…), each
# overridable as RATELIMIT_<SCOPE>="COUNT/PERIOD" ("off" disables one); RATELIMIT_ENABLED=0 disables all.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
RATELIMIT_PROXY_COUNT = int(os.environ.get("RATELIMIT_PROXY_COUNT", "0"))  # trusted proxies in front
# Webhooks may target private/loopback addresses only on a laptop (webhooks/delivery.py SSRF guard).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", DEBUG or DEMO)

# Background work -------------------------------------------------------------
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend")}}

# Auth -----------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# i18n -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("Français")), ("de", _("Deutsch")), ("ja", _("日本語"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start-up when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or os.environ.get("PYTEST_VERSION")
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Security -------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_COOKIES = env_bool("SECURE_COOKIES", not (DEBUG or DEMO))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if env_bool("HSTS", not (DEBUG or DEMO)):
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = "Comeback <no-reply@comeback.example>"

# Domain settings --------------------------------------------------------------
COMEBACK_GS1_COMPANY_PREFIX = os.environ.get("GS1_COMPANY_PREFIX", "0614141")
# Passports (docs/passports.md): the Ed25519 key signing chain heads and credentials, as PEM text or a file
# path; empty = a key generated into VAR_DIR on first use. PASSPORT_BASE_URL: host printed in QR codes.
PASSPORT_SIGNING_KEY = os.environ.get("PASSPORT_SIGNING_KEY", "")
PASSPORT_BASE_URL = os.environ.get("PASSPORT_BASE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
