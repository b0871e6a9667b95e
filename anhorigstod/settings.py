"""Settings for Anhörigstöd, read from the environment with safe laptop defaults.

With DEBUG off the process refuses to start without DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS, so a production deployment cannot fall back on a
development key or accept any Host header.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "audit",
    "guidance",
    "referrals",
    "anhorigstod",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that touches the database: a clear 503 when it is down.
    "anhorigstod.middleware.DatabaseUnavailableMiddleware",
    "anhorigstod.input_checks.RejectUnreadableInputMiddleware",
    "anhorigstod.security.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Swedish always: LocaleMiddleware's negotiation has one language to choose from.
    "anhorigstod.middleware.SwedishInterfaceMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail reads the request's user, address and session from here on.
    "audit.trail.AuditContextMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "anhorigstod.security.AbsoluteSessionTimeoutMiddleware",
    "anhorigstod.security.SessionRenewalMiddleware",
    "anhorigstod.security.SignInStepsMiddleware",
    "anhorigstod.security.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "anhorigstod.urls"
WSGI_APPLICATION = "anhorigstod.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Dates as the portal writes them, in every template (anhorigstod.templatetags.dates).
            "builtins": ["anhorigstod.templatetags.dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anhorigstod.context_processors.roles",
                "anhorigstod.durations.durations",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, keeping the audit trail's triggers through a flush.
    DATABASES["default"]["ENGINE"] = "anhorigstod.sqlite_backend"
    # The embedded default serves several writers at once: WAL lets readers go on
    # while one writes; IMMEDIATE takes the write lock when a transaction begins, so
    # a writer waits its turn (up to ``timeout`` seconds) instead of failing at once
    # with "database is locked" when a read lock would have to be upgraded.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Every select box (ModelChoiceField) reads its choices with QuerySet.iterator(),
    # which would open a server-side cursor WITH HOLD: extra round trips and a
    # materialised result per box. Client-side cursors also keep PgBouncer's
    # transaction pooling safe (docs/deployment.md).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    if env_bool("DJANGO_DB_PREPARE", default=True):
        # Parameters sent apart from the query, and a query prepared on its connection
        # once it has run DJANGO_DB_PREPARE_AFTER times: PostgreSQL plans it once per
        # connection, not once per request. Planning the pages' joins took as long as
        # running them (BENCHMARKS.md). PgBouncer in transaction mode needs 1.21 or
        # newer with max_prepared_statements set, or DJANGO_DB_PREPARE=0
        # (docs/deployment.md, section 3).
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {
                "server_side_binding": True,
                "prepare_threshold": int(os.environ.get("DJANGO_DB_PREPARE_AFTER", "5")),
            }
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DJANGO_DB_POOL"):
    # psycopg's pool replaces persistent connections (Django forbids both).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # ``check`` tests a pooled connection before lending it, so a database restart
    # costs no request a 503.
    from psycopg_pool import ConnectionPool

    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": 10,
        "check": ConnectionPool.check_connection,
    }

# PostgreSQL: the role the portal itself connects as, which migrate (run as the
# tables' owner) grants its privileges to: no TRUNCATE, and only INSERT and
# SELECT on the audit trail (anhorigstod/database_roles.py).
DATABASE_APP_ROLE = os.environ.get("DJANGO_DB_APP_ROLE", "")

# Each server's own memory. It holds only rendered directory cards, which are the
# same for everyone and hold no personal data (templates/guidance/directory.html);
# sessions, drafts and everything personal stay in the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "anhorigstod.backends.WorkplaceBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "guidance:start"
LOGOUT_REDIRECT_URL = "login"

# Failed logins lock the pair of username and address, never a whole office
# behind one NAT address, and unlock by themselves after the cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address as the audit trail sees it (audit.trail.client_address).
AXES_CLIENT_IP_CALLABLE = "audit.trail.client_address"

# How many proxies of our own stand in front of the portal, each appending the
# address it saw to X-Forwarded-For (0: clients connect directly; REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

LANGUAGE_CODE = "sv"
# The interface is Swedish only, whatever the browser's Accept-Language
# (anhorigstod.middleware.SwedishInterfaceMiddleware), so LANGUAGES holds Swedish alone.
LANGUAGES = [("sv", "Svenska")]
# The languages the relative's handout can be printed in, each named in itself
# (referrals/handout.py, docs/adr/0010-handout-languages.md). "sv-x-easy" is
# easy-to-read Swedish: a private-use tag whose catalogue is locale/sv_X-easy and
# which falls back to Swedish for any string it lacks.
HANDOUT_LANGUAGES = [
    ("sv", "Svenska"),
    ("sv-x-easy", "Lättläst svenska"),
    ("en", "English"),
]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# locale_overrides: Swedish for Django's and third-party strings their catalogues
# lack. Second, so that makemessages (which writes to the first) leaves it alone;
# every LOCALE_PATHS catalogue still wins over the packages' own.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# No inline script or style anywhere: everything comes from our own origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Sessions end after 15 minutes idle (the cookie is renewed on every request)
# and 8 hours in all (AbsoluteSessionTimeoutMiddleware); the page warns before.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(15 * 60)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(8 * 60 * 60)))
SESSION_IDLE_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
# The idle limit is renewed on use, at most once a minute (SessionRenewalMiddleware).
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

OTP_TOTP_ISSUER = "Anhörigstöd Stockholms stad"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Directory entries older than this are listed for re-verification.
DIRECTORY_VERIFY_AFTER_DAYS = int(os.environ.get("DIRECTORY_VERIFY_AFTER_DAYS", "365"))

# Unfinished guided-path drafts are deleted after this many days (purge_drafts).
DRAFT_RETENTION_DAYS = int(os.environ.get("DRAFT_RETENTION_DAYS", "14"))

# A referral without a first talk this many days after it was sent is overdue.
FIRST_TALK_WITHIN_DAYS = int(os.environ.get("FIRST_TALK_WITHIN_DAYS", "14"))

# Contacts are anonymised this many days after their last referral finished
# (apply_retention, run daily). See README, "Retention", for the legal basis.
CONTACT_RETENTION_DAYS = int(os.environ.get("CONTACT_RETENTION_DAYS", str(5 * 365)))

# Closed incidents are anonymised after a year (apply_retention): the year's report is made.
INCIDENT_RETENTION_DAYS = int(os.environ.get("INCIDENT_RETENTION_DAYS", "365"))

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-losen")

# One JSON object per line, personal identity numbers masked (anhorigstod/logging.py).
# The request log ("anhorigstod.request") names URLs and user ids, never paths or
# names; it replaces runserver's access log, which prints raw paths.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "url_name": {"()": "anhorigstod.logging.RequestByUrlName"},
        "mask_pnr": {"()": "anhorigstod.logging.MaskPersonalIdentityNumbers"},
        "skip_db_down": {"()": "anhorigstod.logging.DropDatabaseUnavailableTracebacks"},
    },
    "formatters": {"json": {"()": "anhorigstod.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["url_name", "mask_pnr"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["skip_db_down"]},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
