"""Base settings. Every value that differs between machines comes from the environment (12-factor).

Environment variables (documented in docs/settings.md; a test checks that every one is):
CCHC_SECRET_KEY, CCHC_DEBUG, CCHC_ALLOWED_HOSTS, DATABASE_URL, CCHC_DATA_DIR, CCHC_EMAIL_URL,
CCHC_DEFAULT_FROM_EMAIL, CCHC_REDIS_URL, CCHC_TIME_ZONE, CCHC_SECURE_COOKIES, CCHC_MAX_UPLOAD_MB,
CCHC_ANALYTICS_PATH, CCHC_DOSSIERS_STORE_WAIT_SECONDS, CCHC_DOSSIERS_IMPORT_CHUNK_ROWS,
CCHC_DOSSIERS_FEEDS_DIR, CCHC_DOSSIERS_FEED_SCAN_SECONDS,
CCHC_DIRECTIVES_JOB_RETRY_DELAYS, CCHC_DIRECTIVES_REMINDER_DAYS, CCHC_DIRECTIVES_ESCALATE_LEADER_AFTER, CCHC_SITE_URL, CCHC_SESSION_IDLE_MINUTES, CCHC_SESSION_MAX_HOURS, CCHC_OTP_REQUIRED_ROLES, CCHC_TRUSTED_PROXIES, CCHC_REPORTS_CACHE_SECONDS.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cchc import config
from cchc.domain.documents.trust import REVOCATION_MODES, split_paths

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = config.PROJECT_DIR


def _django(read, *args):  # type: ignore[no-untyped-def]
    try:
        return read(*args)
    except config.ConfigError as exc:
        raise ImproperlyConfigured(str(exc)) from None


# Every variable is read through cchc.config, which the CLI and analytics use too.
def env(name: str, default: str | None = None) -> str:
    return _django(config.env, name, default)  # type: ignore[no-any-return]


def env_bool(name: str, default: bool) -> bool:
    return _django(config.env_bool, name, default)  # type: ignore[no-any-return]


def env_int(name: str, default: int) -> int:
    return _django(config.env_int, name, default)  # type: ignore[no-any-return]


def env_float(name: str, default: float) -> float:
    return _django(config.env_float, name, default)  # type: ignore[no-any-return]


def env_ints(name: str, default: str) -> list[int]:
    return _django(config.env_ints, name, default)  # type: ignore[no-any-return]


DATA_DIR = config.data_dir()
DEBUG = env_bool("CCHC_DEBUG", False)
SECRET_KEY = env("CCHC_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in env("CCHC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "cchc.apps.org",
    "cchc.apps.core",
    "cchc.apps.directives",
    "cchc.apps.procedures",
    "cchc.apps.dossiers",
    "cchc.apps.documents",
    "cchc.apps.people",
    "cchc.apps.institutions",
    "cchc.apps.assessment",
    "cchc.apps.finance",
    "cchc.apps.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cchc.apps.core.clientip.ClientIPMiddleware",  # the client's address for everything below (axes, audit)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.apps.core.middleware.VietnameseByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    "cchc.apps.core.middleware.RequireOTPVerifiedMiddleware",
    "cchc.apps.core.security.RequireOTPDeviceMiddleware",
    "cchc.apps.core.security.SessionTimeoutMiddleware",
    "cchc.apps.core.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cchc.apps.core.context_processors.navigation",
            ],
            # intcomma everywhere without {% load humanize %}: 50.000 in Vietnamese locale.
            "builtins": [
                "django.contrib.humanize.templatetags.humanize",
                "cchc.apps.core.templatetags.vn_numbers",
                "cchc.apps.core.templatetags.actions",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(_django(config.database_url), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for concurrent requests: a write transaction takes the write lock when it begins (IMMEDIATE),
    # so two requests never both read and then both try to upgrade (SQLite answers that at once with
    # "database is locked", whatever the timeout); WAL lets readers run beside the writer; a waiting
    # writer waits CCHC_SQLITE_BUSY_TIMEOUT seconds instead of failing (issuing holds the lock while it
    # seals and verifies, ~0.3 s a document).
    _busy_s = float(env("CCHC_SQLITE_BUSY_TIMEOUT", "30"))
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": _busy_s,
            "init_command": (
                f"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={int(_busy_s * 1000)}; PRAGMA synchronous=NORMAL"
            ),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Django's validators with Vietnamese messages (cchc.apps.org.passwords); every form that sets a password runs them.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "cchc.apps.org.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "cchc.apps.org.passwords.MinimumLengthValidator"},
    {"NAME": "cchc.apps.org.passwords.CommonPasswordValidator"},
    {"NAME": "cchc.apps.org.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+IP pair after 5 failures for one hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For names the client; empty: the
# direct peer is the client. Without it behind nginx every request would come from the proxy and 5 wrong
# passwords would lock the account for everyone (cchc.apps.core.clientip).
TRUSTED_PROXIES = [p.strip() for p in env("CCHC_TRUSTED_PROXIES", "").split(",") if p.strip()]
AXES_CLIENT_IP_CALLABLE = "cchc.apps.core.clientip.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("CCHC_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
# Numbers are grouped ("16.000.000") only where a template asks for it (intcomma, vnd, num filters):
# automatic grouping would also turn years and ids in links into "2.026" and "/nhiem-vu/1.037/".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
MEDIA_ROOT = config.media_dir(DATA_DIR)
# Letters confirmed on the review screen, kept as gold files (``cchc directives eval --confirmed``).
DIRECTIVES_CONFIRMED_DIR = config.confirmed_directives_dir(DATA_DIR)
# The dossier store (DuckDB file) of the 766 indicators (cchc.config.analytics_path: the CLI's default too).
CCHC_ANALYTICS_PATH = env("CCHC_ANALYTICS_PATH", "")  # empty: DATA_DIR/analytics.duckdb
# Seconds a page or job waits for the store while another process (an import) holds its lock.
DOSSIERS_STORE_WAIT_SECONDS = env_float("CCHC_DOSSIERS_STORE_WAIT_SECONDS", 5.0)
# Rows per chunk of an import started from the web (each chunk is one transaction, resumable).
DOSSIERS_IMPORT_CHUNK_ROWS = env_int("CCHC_DOSSIERS_IMPORT_CHUNK_ROWS", 20_000)
# Continuous feeds (apps.dossiers.feeds): the root of the drop folders (empty: DATA_DIR/feeds) and the
# seconds between two scans of `cchc worker` (a file is taken when two scans saw it unchanged).
DOSSIERS_FEEDS_DIR = env("CCHC_DOSSIERS_FEEDS_DIR", "")
DOSSIERS_FEED_SCAN_SECONDS = env_float("CCHC_DOSSIERS_FEED_SCAN_SECONDS", 30.0)
# Directive jobs: seconds between the retries of a failed extraction/notification job.
DIRECTIVES_JOB_RETRY_DELAYS = env_ints("CCHC_DIRECTIVES_JOB_RETRY_DELAYS", "60,300,1800")
# Reminders: working days before a task's due date; working days overdue before coordinator and leader hear.
DIRECTIVES_REMINDER_DAYS = tuple(env_ints("CCHC_DIRECTIVES_REMINDER_DAYS", "5,1"))
DIRECTIVES_ESCALATE_LEADER_AFTER = env_int("CCHC_DIRECTIVES_ESCALATE_LEADER_AFTER", 3)
# Evaluation of công chức (NĐ 335/2025): the criteria set of src/cchc/domain/data/evaluation_schemes.toml
# and the period ("quarter" or "month"); what counts as trained in digital skills ("course" or "certificate").
PEOPLE_EVALUATION_SCHEME = env("CCHC_PEOPLE_EVALUATION_SCHEME", "nd335")
PEOPLE_EVALUATION_PERIOD = env("CCHC_PEOPLE_EVALUATION_PERIOD", "quarter")
PEOPLE_DIGITAL_SKILLS_RULE = env("CCHC_PEOPLE_DIGITAL_SKILLS_RULE", "course")
# The outline of the periodic CCHC reports (a TOML file, docs/reports.md); "" = the bundled one.
REPORT_OUTLINE = env("CCHC_REPORT_OUTLINE", "")
MEDIA_URL = "/media/"  # never routed: stored files leave only through cchc.apps.core.downloads
# Who sends a download's bytes after the checks: "" (Django streams), "nginx" (X-Accel-Redirect to
# CCHC_DOWNLOADS_ACCEL_PREFIX + stored name, an internal location aliased to MEDIA_ROOT) or "sendfile"
# (X-Sendfile with the absolute path: Apache mod_xsendfile, lighttpd).
DOWNLOADS_ACCEL = env("CCHC_DOWNLOADS_ACCEL", "")
if DOWNLOADS_ACCEL not in ("", "nginx", "sendfile"):
    raise ImproperlyConfigured("CCHC_DOWNLOADS_ACCEL phải để trống, là nginx hoặc sendfile")
DOWNLOADS_ACCEL_PREFIX = env("CCHC_DOWNLOADS_ACCEL_PREFIX", "/protected-media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

MAX_UPLOAD_MB = int(env("CCHC_MAX_UPLOAD_MB", "20"))

# Verification of signed PDFs (web page, API, signing and issuing): roots of trust and revocation lists
# (paths separated by "," or ":"); the CLI `cchc documents verify` reads the same variables.
CCHC_DOCUMENTS_TRUST_ROOTS = [str(p) for p in split_paths(env("CCHC_DOCUMENTS_TRUST_ROOTS", ""))]
CCHC_DOCUMENTS_CRLS = [str(p) for p in split_paths(env("CCHC_DOCUMENTS_CRLS", ""))]
CCHC_DOCUMENTS_REVOCATION_MODE = env("CCHC_DOCUMENTS_REVOCATION_MODE", "soft-fail")
if CCHC_DOCUMENTS_REVOCATION_MODE not in REVOCATION_MODES:
    raise ImproperlyConfigured("CCHC_DOCUMENTS_REVOCATION_MODE phải là soft-fail, hard-fail hoặc require")
CCHC_DOCUMENTS_REVOCATION_FETCH = env_bool("CCHC_DOCUMENTS_REVOCATION_FETCH", False)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SECURE_COOKIES = env_bool("CCHC_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_FAILURE_VIEW = (
    "cchc.apps.core.views.errors.csrf_failure"  # Vietnamese page instead of Django's English one
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Sessions end after CCHC_SESSION_IDLE_MINUTES without a request and CCHC_SESSION_MAX_HOURS after sign-in
# (cchc.apps.core.security.SessionTimeoutMiddleware); 0 switches a limit off. The cookie lasts as long
# as the absolute lifetime.
SESSION_IDLE_SECONDS = int(env("CCHC_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_MAX_SECONDS = int(env("CCHC_SESSION_MAX_HOURS", "10")) * 3600
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS or 14 * 24 * 3600
# Roles that must have a confirmed TOTP device (sent to its set-up page first). Optional by default so
# that the demo's printed accounts work; production lists the administrator and the leader.
OTP_REQUIRED_ROLES = [r.strip() for r in env("CCHC_OTP_REQUIRED_ROLES", "").split(",") if r.strip()]

# Content-Security-Policy (cchc.apps.core.security): no inline script, no inline event handler, nothing
# from another origin. ECharts draws on canvas and may export images as data: URLs.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

_email_url = env("CCHC_EMAIL_URL", "console://")
if _email_url.startswith("console://"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif _email_url.startswith("locmem://"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif _email_url.startswith(("smtp://", "smtps://")):
    from urllib.parse import unquote, urlparse

    _u = urlparse(_email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _u.hostname or "localhost"
    EMAIL_PORT = _u.port or (465 if _u.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_u.username or "")
    EMAIL_HOST_PASSWORD = unquote(_u.password or "")
    EMAIL_USE_SSL = _u.scheme == "smtps"
    EMAIL_USE_TLS = _u.scheme == "smtp" and EMAIL_PORT == 587
else:
    raise ImproperlyConfigured(
        "CCHC_EMAIL_URL phải bắt đầu bằng console://, locmem://, smtp:// hoặc smtps://"
    )
DEFAULT_FROM_EMAIL = env("CCHC_DEFAULT_FROM_EMAIL", "cchc@localhost")
# Absolute address of the site, for links in e-mails (reminders, escalations).
SITE_URL = env("CCHC_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background jobs: Django's Tasks API (django-tasks backport) with the database backend, so the
# embedded default needs no extra server. `cchc worker` runs the worker process.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job's worker refreshes its lease every quarter of JOB_LEASE_SECONDS; a job silent for longer
# was abandoned by a dead worker and is queued again, at most JOB_MAX_ATTEMPTS runs (cchc.apps.core.jobs).
JOB_LEASE_SECONDS = env_float("CCHC_JOB_LEASE_SECONDS", 120)
JOB_MAX_ATTEMPTS = env_int("CCHC_JOB_MAX_ATTEMPTS", 3)

REDIS_URL = env("CCHC_REDIS_URL", "")
# How long the director's overview keeps a measured figure at most (apps.reports.measure_cache); a write
# through the models renews it at once, a write it cannot see (another process without the shared Redis
# cache, a bulk update) shows after this many seconds. 0: measure on every request.
REPORTS_CACHE_SECONDS = env_int("CCHC_REPORTS_CACHE_SECONDS", 300)
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"cchc": {"level": "INFO"}},
}
FORMAT_MODULE_PATH = ["cchc.formats"]
