"""Settings from the environment, with safe defaults for the laptop demo (docs/design.md §3).

DATABASE_URL    sqlite:///var/comeback.sqlite3 (default) or postgres://user@host:5432/db
SECRET_KEY      required when DEBUG is off outside the demo; a dev key otherwise
DEBUG           "1" to enable
ALLOWED_HOSTS   comma-separated
REDIS_URL       cache and rate limits when set; local memory and the database otherwise
COMEBACK_NODES  app nodes serving (1); `comeback check --deploy` (core/checks.py) refuses local state when > 1
DB_PREPARE_THRESHOLD  PostgreSQL: runs of a checkout statement before it is prepared (5); "off" for
                PgBouncer in transaction mode before 1.21
DB_PGBOUNCER, DB_POOL, DB_STATEMENT_TIMEOUT, DATABASE_REPLICA_URL   PostgreSQL at scale (postgres_at_scale)
METRICS_TOKEN, LOG_FORMAT, ACCESS_LOG, SENTRY_DSN, OTEL_*, EMAIL_URL   health, metrics, logs (docs/deploy.md)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from comeback.core import queues as task_queues

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("COMEBACK_HOME", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("COMEBACK_VAR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [x.strip() for x in os.environ.get(name, default).split(",") if x.strip()]


DEBUG = env_bool("DEBUG", False)
DEMO = env_bool("COMEBACK_DEMO", False)
# A laptop demo needs no key; production sets SECRET_KEY (`comeback check --deploy` refuses the default).
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-dev-only-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The site's public address for links, QR codes and credentials; unset, each request's own host answers
# (comeback.core.site). Production sets it: mails and tasks have no request to ask.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

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
    "ninja",  # its Swagger UI assets are served as our static files: /api/v1/docs works offline
    "comeback.core",
    "comeback.accounts",
    "comeback.catalog",
    "comeback.sellers",
    "comeback.devices",
    "comeback.offers",
    "comeback.orders",
    "comeback.payouts",
    "comeback.invoices",
    "comeback.webhooks",
    "comeback.tradein",
    "comeback.passports",
    "comeback.aftersales",
    "comeback.repair",
    "comeback.recovery",
    "comeback.editions",  # upcycled limited editions, sold through offers (docs/fashion.md)
    "comeback.trust",
    "comeback.insights",
    "comeback.help",
    "comeback.storefront",  # home, catalogue pages, page cache, search snapshot (docs/design.md §3 "Layers")
    "comeback.web",
    "comeback.demo",  # seed-demo and demo-logins: above every app (docs/design.md §3 "Layers")
]

MIDDLEWARE = [
    # Request id, metrics and the access log see every request, the page cache's answers included.
    "comeback.core.observe.RequestMiddleware",
    # With DATABASE_REPLICA_URL: which reads may go to the replica, and the primary's position after writes.
    "comeback.core.replica.ReplicaMiddleware",
    # /healthz, /readyz, /metrics: answered here, whatever Host the prober sends (web/ops.py).
    "comeback.web.ops.OpsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "comeback.core.site.SiteUrlMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "comeback.web.middleware.SecurityHeadersMiddleware",
    "comeback.web.middleware.ApiProblemMiddleware",
    # Anonymous catalogue pages are answered here, before sessions, locale, CSRF and auth (0004).
    "comeback.storefront.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A page's guards run before CSRF reads a POST body (web/access.py).
    "comeback.web.middleware.RightsBeforeBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "comeback.web.middleware.MarketMiddleware",
    "comeback.web.middleware.ProblemPageMiddleware",
    "comeback.web.middleware.TextRuleStatusMiddleware",
]

ROOT_URLCONF = "comeback.urls"
WSGI_APPLICATION = "comeback.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "storefront:home"
LOGOUT_REDIRECT_URL = "storefront:home"
# Called with (request, user) after every login and sign-up (accounts/login.py).
LOGIN_HOOKS = ["comeback.orders.guest_cart.merge_after_login"]
# Apps holding a person's data: export(user), check_erasable(user), erase(user, at=) (accounts/profile.py).
PERSONAL_DATA = ["comeback.orders.privacy"]

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
                "comeback.storefront.context_processors.cached_csrf",
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


def postgres_at_scale(environ) -> dict:
    """Connection settings for PostgreSQL behind PgBouncer or with a pool (docs/deploy.md "PostgreSQL at scale").

    DB_PGBOUNCER=1     PgBouncer in transaction mode: no server-side cursors (a cursor would outlive the
                       transaction's server connection); set DB_PREPARE_THRESHOLD=off too before PgBouncer
                       1.21 (or without max_prepared_statements).
    DB_POOL=1          psycopg's connection pool in each process (DB_POOL_MIN 2, DB_POOL_MAX 10,
                       DB_POOL_TIMEOUT 10 s to wait for a connection); persistent connections are then off.
    DB_STATEMENT_TIMEOUT  milliseconds before PostgreSQL cancels a statement (0: none). Behind PgBouncer set
                       it on the role instead: ALTER ROLE comeback SET statement_timeout = '30s'.
    Connections are checked before reuse (CONN_HEALTH_CHECKS): a restarted server costs no failed request.
    """
    extra: dict = {"CONN_HEALTH_CHECKS": True}
    options: dict = {}
    if environ.get("DB_PGBOUNCER", "0").strip().lower() in ("1", "true", "yes", "on"):
        extra["DISABLE_SERVER_SIDE_CURSORS"] = True
    if environ.get("DB_POOL", "0").strip().lower() in ("1", "true", "yes", "on"):
        options["pool"] = {
            "min_size": int(environ.get("DB_POOL_MIN", "2")),
            "max_size": int(environ.get("DB_POOL_MAX", "10")),
            "timeout": float(environ.get("DB_POOL_TIMEOUT", "10")),
        }
        extra["CONN_MAX_AGE"] = 0  # Django refuses persistent connections beside a pool
    timeout = int(environ.get("DB_STATEMENT_TIMEOUT", "0") or 0)
    if timeout:
        options["options"] = f"-c statement_timeout={timeout}"
    if options:
        extra["OPTIONS"] = options
    return extra


VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'comeback.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = (
        0 if os.environ.get("PYTEST_VERSION") else DATABASES["default"]["CONN_MAX_AGE"]
    )
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
    _scale = postgres_at_scale(os.environ)
    for _key, _value in _scale.pop("OPTIONS", {}).items():
        _before = DATABASES["default"]["OPTIONS"].get(_key)
        DATABASES["default"]["OPTIONS"][_key] = (
            f"{_before} {_value}" if _key == "options" and _before else _value
        )
    DATABASES["default"].update(_scale)
    if os.environ.get("DATABASE_REPLICA_URL"):
        # Catalogue and insights reads (core/replica.py); tests mirror it onto the primary.
        DATABASES["replica"] = {
            **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"]),
            "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": dict(DATABASES["default"]["OPTIONS"]),
            "DISABLE_SERVER_SIDE_CURSORS": DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS", False),
            "TEST": {"MIRROR": "default"},
        }
        DATABASE_ROUTERS = ["comeback.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Replica reads: the apps whose models it serves, on GET/HEAD of these paths (core/replica.py).
REPLICA_APPS = env_list("REPLICA_APPS", "catalog,offers,sellers,insights")
REPLICA_ROUTES = [
    r"^/$",
    r"^/search/$",
    r"^/c/[-\w]+/$",
    r"^/p/[-\w]+/$",
    r"^/api/v1/(products|categories|markets)\b",
    r"^/staff/insights/",
    r"^/trust/",
]

# Cache and rate limits ------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "comeback.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is away answers "down" within a second instead of holding a request (pages fail open).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "comeback"}}
# The anonymous page cache (storefront/pagecache.py, docs/decisions/0004-page-cache.md) has its own alias so a
# flood of page entries can never evict rate-limit counters. Its generations (what makes pages stale) must
# be seen by every process, the task worker that handles events included: Redis, or files under var/.
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
    PAGE_CACHE_GENERATIONS = "pages"  # one round trip reads a page and its generations
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "4000"))},
    }
    CACHES["pagegen"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "pagegen"),
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
    PAGE_CACHE_GENERATIONS = "pagegen"
# Events make pages stale at once (quality scores too) and no page outlives the next probation deadline;
# this spreads renders and bounds how long a page is kept (0 turns the page cache off).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "900"))
# Search in large markets reads a snapshot shared by every node (storefront/snapshot_share.py): markets with at least
# SEARCH_SNAPSHOT_MIN_OFFERS active offers (5000), rebuilt within SEARCH_SNAPSHOT_SECONDS (5) of a listing change.
if os.environ.get("SEARCH_SNAPSHOT_MIN_OFFERS"):
    COMEBACK_SEARCH_SNAPSHOT_MIN_OFFERS = int(os.environ["SEARCH_SNAPSHOT_MIN_OFFERS"])
if os.environ.get("SEARCH_SNAPSHOT_SECONDS"):
    COMEBACK_SEARCH_SNAPSHOT_SECONDS = float(os.environ["SEARCH_SNAPSHOT_SECONDS"])
PAGE_CACHE_ROUTES = [
    r"^/$",
    r"^/search/$",
    r"^/c/[-\w]+/$",
    r"^/p/(?P<product>[-\w]+)/$",
    r"^/api/v1/products$",
    r"^/api/v1/products/(?P<product>\d+)$",
]
# Per-process copies of shared configuration (markets, the signing keyring) compare their version with the
# database's at most this often (core/versioned.py): an edit reaches every process within it. Tests, one
# process that drops its own copies on each edit, check once an hour so query budgets stay exact.
CONFIG_CHECK_SECONDS = float(
    os.environ.get("CONFIG_CHECK_SECONDS") or ("3600" if os.environ.get("PYTEST_VERSION") else "1")
)
# core/ratelimit.py: defaults there (login 10/5m per IP+email, signup 10/h per IP, token 10/5m…), each
# overridable as RATELIMIT_<SCOPE>="COUNT/PERIOD" ("off" disables one); RATELIMIT_ENABLED=0 disables all.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
RATELIMIT_PROXY_COUNT = int(os.environ.get("RATELIMIT_PROXY_COUNT", "0"))  # trusted proxies in front
# Counters every process shares: Redis when the default cache is Redis, the database otherwise.
RATELIMIT_STORE = os.environ.get("RATELIMIT_STORE", "")
# Webhooks may target private/loopback addresses only on a laptop (webhooks/delivery.py SSRF guard).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", DEBUG or DEMO)

# Background work -------------------------------------------------------------
# One queue per kind of work, a worker each (`comeback worker --queue NAME`, core/queues.py); `comeback scheduler`
# runs the periodic jobs on one node at a time (docs/deploy.md "Freshness and healing").
TASK_QUEUES = list(task_queues.ALL)
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    }
}
# Outbox delivery (core/outbox.py): a drain's claim on a batch, the first retry delay (doubled per attempt, at
# most an hour) and the attempts before an event is dead and waits for staff.
OUTBOX_CLAIM_SECONDS = int(os.environ.get("OUTBOX_CLAIM_SECONDS", "30"))
OUTBOX_RETRY_SECONDS = int(os.environ.get("OUTBOX_RETRY_SECONDS", "5"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "10"))
# Workers (core/worker.py): a heartbeat every few seconds; a RUNNING task whose worker has been silent this
# long runs again, and one from a worker that never beat (plain db_worker) after TASK_RUNNING_TIMEOUT.
WORKER_DEAD_AFTER_SECONDS = int(os.environ.get("WORKER_DEAD_AFTER_SECONDS", "20"))
TASK_RUNNING_TIMEOUT_SECONDS = int(os.environ.get("TASK_RUNNING_TIMEOUT_SECONDS", "900"))
# Retention (the scheduler's `prune` job): processed outbox events, finished task results, webhook deliveries.
OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "7"))
TASK_RESULT_RETENTION_DAYS = int(os.environ.get("TASK_RESULT_RETENTION_DAYS", "7"))
WEBHOOK_DELIVERY_RETENTION_DAYS = int(os.environ.get("WEBHOOK_DELIVERY_RETENTION_DAYS", "30"))

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
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or VAR_DIR / "static")  # an image builds them in
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
# Uploads (claim photos, trade-in evidence…) go through STORAGES["default"]: the node's disk by default (one
# machine), S3-compatible object storage shared by every node when AWS_STORAGE_BUCKET_NAME is set
# (django-storages' AWS_* settings; AWS_S3_ENDPOINT_URL for MinIO, Garage or Ceph). Files stay private: the
# app serves them behind its own checks, so the bucket needs no public access (docs/deploy.md).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    for _name in (
        "AWS_S3_ENDPOINT_URL",
        "AWS_S3_REGION_NAME",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LOCATION",
        "AWS_S3_ADDRESSING_STYLE",
        "AWS_S3_SIGNATURE_VERSION",
        "AWS_S3_CUSTOM_DOMAIN",
    ):
        if os.environ.get(_name):
            globals()[_name] = os.environ[_name]
    if os.environ.get("AWS_S3_ENDPOINT_URL") and not os.environ.get("AWS_S3_ADDRESSING_STYLE"):
        AWS_S3_ADDRESSING_STYLE = "path"  # MinIO, Garage, Ceph: the bucket in the path, not in a host name
    AWS_DEFAULT_ACL = None  # the bucket's own policy: private
    AWS_S3_FILE_OVERWRITE = False  # two uploads named alike keep both files, as on the file system
    AWS_QUERYSTRING_AUTH = True  # any URL handed out is signed and expires
    AWS_S3_VERIFY = env_bool("AWS_S3_VERIFY", True)

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
# The API docs page: Swagger UI sets inline styles; everything still comes from this site.
API_DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)

# Behind a load balancer that terminates TLS: SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto,https" (the header the
# proxy sets, and the value meaning https); USE_X_FORWARDED_HOST=1 when it rewrites Host. Only set these when
# every request comes through that proxy; RATELIMIT_PROXY_COUNT says how many proxies to trust for client IPs.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _header, _, _value = os.environ["SECURE_PROXY_SSL_HEADER"].partition(",")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.strip().upper().replace("-", "_"), _value.strip() or "https")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)

# Email: EMAIL_URL (smtp://user:password@host:587?tls=1, smtps://… for implicit TLS, or
# anymail://mailgun?api_key=…&sender_domain=… for a provider through django-anymail); else EMAIL_BACKEND.
from comeback.core.email_url import email_settings  # noqa: E402

globals().update(email_settings(os.environ.get("EMAIL_URL", "")))
EMAIL_BACKEND = globals().get("EMAIL_BACKEND") or os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Comeback <no-reply@comeback.example>")

# Health, metrics, logs (docs/deploy.md) ----------------------------------------
# /metrics answers a bearer token equal to METRICS_TOKEN, or a caller on this machine that no proxy forwarded.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# /readyz fails `outbox` and `tasks` past these waits (seconds) of the oldest due event or task.
READYZ_OUTBOX_LAG_SECONDS = int(os.environ.get("READYZ_OUTBOX_LAG_SECONDS", "300"))
READYZ_TASK_WAIT_SECONDS = int(os.environ.get("READYZ_TASK_WAIT_SECONDS", "300"))

# Domain settings --------------------------------------------------------------
COMEBACK_GS1_COMPANY_PREFIX = os.environ.get("GS1_COMPANY_PREFIX", "0614141")
# Passports (docs/passports.md): the Ed25519 key signing chain heads and credentials, as PEM text or a file
# path (required outside the demo); empty = the keyring's own key, generated into the database on first use
# and encrypted there with KEYRING_SECRET (comma-separated, the first encrypts), SECRET_KEY by default. Every
# key the keyring ever used stays published (core/keyring.py). PASSPORT_BASE_URL: host printed in QR codes
# when it differs from the site's (default: SITE_URL, else the request's host).
PASSPORT_SIGNING_KEY = os.environ.get("PASSPORT_SIGNING_KEY", "")
PASSPORT_BASE_URL = os.environ.get("PASSPORT_BASE_URL", "")
KEYRING_SECRET = os.environ.get("KEYRING_SECRET", "")

# Logs go to stderr, one JSON object a line with the request id (core/logs.py); LOG_FORMAT=text for people.
# ACCESS_LOG=1 adds a line per request (method, route, status, duration) from the logger comeback.access.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "comeback.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "comeback.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "text" if LOG_FORMAT == "text" else "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "comeback.access": {"level": "INFO" if env_bool("ACCESS_LOG", False) else "WARNING"},
    },
}
