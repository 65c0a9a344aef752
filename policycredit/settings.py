"""Settings, read from the environment.

Two modes. `POLICYCREDIT_MODE=demo` (what `make run` and the tests use) runs on this machine with
a fixed, public secret key and debug off unless DJANGO_DEBUG=1. Any other value is production:
the secret key and the allowed hosts must come from the environment, debug is off, and nothing
creates users for you.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_HASHES, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
MODE = os.environ.get("POLICYCREDIT_MODE", "production")
DEMO = MODE == "demo"

if DEMO:
    SECRET_KEY = "demo-only-not-secret-policycredit"
    # Off, as users will see it: with debug on, a 404 is Django's English page listing the
    # site's routes. DJANGO_DEBUG=1 turns it on for a developer.
    DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or run with POLICYCREDIT_MODE=demo on a "
            "development machine."
        )
    DEBUG = False
    ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
    CSRF_TRUSTED_ORIGINS = [
        o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
    ]
    SESSION_COOKIE_SECURE = os.environ.get("DJANGO_INSECURE_COOKIES") != "1"
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Behind a reverse proxy that ends TLS (deploy/nginx-policycredit.conf) and says so.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SSL_REDIRECT", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # a monitor on the machine itself asks over HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("DJANGO_HSTS_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("DJANGO_HSTS_PRELOAD", "1") == "1"
    X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    # The project's templates first: they override unfold's and the admin's.
    "policycredit.web",
    "unfold.apps.BasicAppConfig",  # the site is ours (web.admin_app), not unfold's default
    "unfold.contrib.filters",
    "policycredit.web.admin_app.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Before the accounts: their sign-in receivers run after axes has counted the failure.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "policycredit.common",
    "policycredit.accounts",
    "policycredit.audit",
    "policycredit.jobs",
    "policycredit.geo",
    "policycredit.network",
    "policycredit.borrowers",
    "policycredit.programmes",
    "policycredit.capital",
    "policycredit.loans",
    "policycredit.restructuring",
    "policycredit.inspections",
    "policycredit.ledger",
    "policycredit.savings",
    "policycredit.fees",
    "policycredit.calendar",
    "policycredit.transactiondays",
    "policycredit.closing",
    "policycredit.reporting",
    "policycredit.boards",
    "policycredit.budgets",
    "policycredit.creditplans",
    "policycredit.supervision",
    "policycredit.reviews",
    "policycredit.demo",
    "policycredit.registers",
    "policycredit.notices",
    "policycredit.api",
    "policycredit.field",
    "policycredit.selfservice",
]

MIDDLEWARE = [
    "policycredit.web.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that answers a signed-in user, so every answer, a file too, is marked.
    "policycredit.web.middleware.NoStoreForSignedInMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "policycredit.web.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL byte, a control character or an oversized body is refused with a 400/413 page
    # before any form reads it (web/hostile.py).
    "policycredit.web.hostile.HostileInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "policycredit.web.middleware.SessionLimitsMiddleware",
    "policycredit.web.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# WhiteNoise serves the static files: production's collected ones; the demo's straight from
# the apps (runserver serves none itself once debug is off).
MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")
WHITENOISE_USE_FINDERS = DEMO
# The demo looks each file up as it is asked for: no collected folder to scan (or warn about)
# at start, and a stylesheet edited while the server runs is served as it now is.
WHITENOISE_AUTOREFRESH = DEMO

ROOT_URLCONF = "policycredit.urls"
WSGI_APPLICATION = "policycredit.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# A refused form's token: the Vietnamese page in the site's shell (web/errors.py).
CSRF_FAILURE_VIEW = "policycredit.web.errors.csrf_failure"
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out name or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sessions (web.middleware.SessionLimitsMiddleware): a session left idle ends, and none outlives
# a working day however busy; the cookie dies with the browser on a shared office PC.
POLICYCREDIT_IDLE_MINUTES = int(os.environ.get("POLICYCREDIT_IDLE_MINUTES", "30"))
POLICYCREDIT_SESSION_HOURS = int(os.environ.get("POLICYCREDIT_SESSION_HOURS", "12"))
SESSION_COOKIE_AGE = POLICYCREDIT_SESSION_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The bank's staff (tellers, controllers, credit officers, accountants, directors and
# administrators) pass a one-time code from an authenticator app after their password
# (accounts.signin). Off by default in the demo, so its users sign in with "demo" alone.
POLICYCREDIT_OTP_REQUIRED = os.environ.get("POLICYCREDIT_OTP_REQUIRED", "0" if DEMO else "1") == "1"
OTP_TOTP_ISSUER = "PolicyCredit"

# Sign-in throttling (django-axes, accounts.signin_lockout): a name is locked after a few
# failures, an address after more (one office's PCs share an address), for a cool-off counted
# from the last failure; a right password during the lock is refused too.
AXES_FAILURE_LIMIT = int(os.environ.get("POLICYCREDIT_SIGNIN_FAILURES", "5"))
POLICYCREDIT_SIGNIN_FAILURES_PER_ADDRESS = int(
    os.environ.get("POLICYCREDIT_SIGNIN_FAILURES_PER_ADDRESS", "30")
)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("POLICYCREDIT_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "policycredit.accounts.signin_lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "policycredit.accounts.signin_lockout.client_address"
AXES_LOCKOUT_CALLABLE = "policycredit.accounts.signin_views.locked_out"
AXES_ENABLE_ADMIN = False  # the audit log is where sign-ins are read
AXES_VERBOSE = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Two roles on PostgreSQL (common/dbroles.py). The application connects as DATABASE_URL's, which
# owns nothing, so it can neither disable nor skip the triggers that keep the audit log, the books
# and the money logs append-only, nor truncate them. The commands that change the schema connect
# as its owner, DATABASE_OWNER_URL's, and a migrate then grants the application's role what it
# needs. Without DATABASE_OWNER_URL (SQLite, the demo, the tests) one role does everything.
SCHEMA_COMMANDS = {"migrate", "restore"}
_database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path.cwd() / 'policycredit.sqlite3'}"
DATABASE_APP_ROLE = None
if os.environ.get("DATABASE_OWNER_URL") and sys.argv[1:2] and sys.argv[1] in SCHEMA_COMMANDS:
    DATABASE_APP_ROLE = dj_database_url.parse(_database_url)["USER"]
    if DATABASE_APP_ROLE == dj_database_url.parse(os.environ["DATABASE_OWNER_URL"])["USER"]:
        raise ImproperlyConfigured(
            "DATABASE_URL and DATABASE_OWNER_URL name the same role: the application would own "
            "its tables. Give the application a role of its own (docs/operations.md)."
        )
    _database_url = os.environ["DATABASE_OWNER_URL"]
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the browser tests' server thread read while the test writes. SQLite's own page
    # cache is 2 MB by default: the demo district's books alone are a hundred times that, and
    # every insert walks several indexes. 64 MB, taken only as pages are read.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA cache_size=-65536;"
    )
if os.environ.get("DATABASE_REPLICA_URL"):
    # Reports and dashboards read from a PostgreSQL streaming replica of the default database;
    # writes and every other read stay on the primary (common/replica.py, docs/operations.md).
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=0)
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # A replica gone silent falls back to the primary after this, not after minutes.
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # Tests create their database on the primary only; a real replica receives it by streaming
    # under the same name, which the mirror gives the replica's connection.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["policycredit.common.replica.ReplicaRouter"]
    # After a successful write a browser reads from the primary this long: more than the
    # replica's usual lag (well under a second on one network), so people see what they did.
    DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "10"))
    MIDDLEWARE.append("policycredit.web.middleware.PinAfterWriteMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "policycredit.accounts.signin_passwords.LettersAndDigitsValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our own strings, then django-unfold's, which ships no Vietnamese of its own.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_unfold"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["policycredit.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", Path.cwd() / ".static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production: compressed files with their hash in the name, cached for ever by browsers.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEMO
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Background work (a register's check and import) runs in a worker that takes its jobs from
# the project's own database (`policycredit db_worker`, deploy/policycredit-worker.service).
# The demo and the tests run them at once, in the request, so `make run` needs no worker;
# POLICYCREDIT_TASKS=database|immediate chooses.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("POLICYCREDIT_TASKS", "immediate" if DEMO else "database") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}
# Files people upload, until their job is done: only this process's user may read them.
STAGING_ROOT = Path(os.environ.get("POLICYCREDIT_STAGING", Path.cwd() / ".staging"))
# Scans of risk dossiers: never served as static or media files, only streamed by the
# dossier's scoped view (restructuring.views.ScanView).
POLICYCREDIT_MEDIA_ROOT = Path(os.environ.get("POLICYCREDIT_MEDIA_ROOT", Path.cwd() / ".media"))

# Text messages to households (policycredit/notices; docs/notices.md). The backend is a dotted
# path: the demo and the tests write each message to a file; production names the HTTP
# gateway's adapter, and sends nothing (messages wait, queued) until it does.
POLICYCREDIT_SMS_BACKEND = os.environ.get(
    "POLICYCREDIT_SMS_BACKEND", "policycredit.notices.backends.FileBackend" if DEMO else ""
)
POLICYCREDIT_SMS_FILE_DIR = os.environ.get("POLICYCREDIT_SMS_FILE_DIR", "")
POLICYCREDIT_SMS_URL = os.environ.get("POLICYCREDIT_SMS_URL", "")
POLICYCREDIT_SMS_API_KEY = os.environ.get("POLICYCREDIT_SMS_API_KEY", "")
POLICYCREDIT_SMS_API_SECRET = os.environ.get("POLICYCREDIT_SMS_API_SECRET", "")
POLICYCREDIT_SMS_SENDER = os.environ.get("POLICYCREDIT_SMS_SENDER", "NHCSXH")
POLICYCREDIT_SMS_TIMEOUT = float(os.environ.get("POLICYCREDIT_SMS_TIMEOUT", "10"))
POLICYCREDIT_SMS_CALLBACK_SECRET = os.environ.get("POLICYCREDIT_SMS_CALLBACK_SECRET", "")
POLICYCREDIT_SMS_MAX_ATTEMPTS = int(os.environ.get("POLICYCREDIT_SMS_MAX_ATTEMPTS", "3"))
POLICYCREDIT_SMS_BACKOFF_SECONDS = int(os.environ.get("POLICYCREDIT_SMS_BACKOFF_SECONDS", "60"))
POLICYCREDIT_NOTICES_DAYS_BEFORE = int(os.environ.get("POLICYCREDIT_NOTICES_DAYS_BEFORE", "2"))
POLICYCREDIT_NOTICES_OVERDUE_WITHIN = int(
    os.environ.get("POLICYCREDIT_NOTICES_OVERDUE_WITHIN", "3")
)

# The borrower's own look-up at /tra-cuu/ (selfservice; docs: the self-service section). The
# last digits of the CCCD asked for; failed look-ups allowed per contract number and per client
# address within the window (an address is often shared: a carrier's NAT, a ward office's PC),
# and per contract number in a day, before every look-up is refused for a while; how long the
# log keeps a look-up (`policycredit purge-lookups`); how long a passbook link opens.
POLICYCREDIT_LOOKUP_CCCD_DIGITS = int(os.environ.get("POLICYCREDIT_LOOKUP_CCCD_DIGITS", "4"))
POLICYCREDIT_LOOKUP_FAILURES = int(os.environ.get("POLICYCREDIT_LOOKUP_FAILURES", "5"))
POLICYCREDIT_LOOKUP_FAILURES_PER_ADDRESS = int(
    os.environ.get("POLICYCREDIT_LOOKUP_FAILURES_PER_ADDRESS", "10")
)
POLICYCREDIT_LOOKUP_WINDOW_MINUTES = int(os.environ.get("POLICYCREDIT_LOOKUP_WINDOW_MINUTES", "15"))
POLICYCREDIT_LOOKUP_FAILURES_PER_DAY = int(
    os.environ.get("POLICYCREDIT_LOOKUP_FAILURES_PER_DAY", "20")
)
POLICYCREDIT_LOOKUP_RETENTION_DAYS = int(os.environ.get("POLICYCREDIT_LOOKUP_RETENTION_DAYS", "90"))
POLICYCREDIT_PASSBOOK_LINK_MINUTES = int(os.environ.get("POLICYCREDIT_PASSBOOK_LINK_MINUTES", "30"))

# Logs a machine reads: one JSON line per request (`web.middleware.RequestLogMiddleware`) and
# per business event (`audit.services`), on standard error for systemd's journal. Neither
# carries personal data. The demo writes the same lines as plain text, and only warnings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "journal": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",  # the journal takes both; a command's output stays clean
            **({} if DEMO else {"formatter": "json"}),
        },
    },
    "loggers": {
        "policycredit": {
            "handlers": ["journal"],
            "level": os.environ.get("POLICYCREDIT_LOG_LEVEL", "WARNING" if DEMO else "INFO"),
            "propagate": False,
        },
        "django": {"handlers": ["journal"], "level": "WARNING"},
    },
}

# The REST API (policycredit/api, docs/domain/api.md). Two ways in: the browser's session
# (the web pages and the field app, same origin, CSRF checked on writes) and a token that
# expires, made by a signed-in person on the tokens page after the second factor. HTTP Basic
# stays off: it would take a password past the lock-out's page and the second factor.
POLICYCREDIT_API_TOKEN_DAYS = int(os.environ.get("POLICYCREDIT_API_TOKEN_DAYS", "30"))
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The token first: a stranger is answered 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "policycredit.api.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in, and the role may take the view's `required_action` (api/permissions.py: the
    # role table's action or view right, as the matching web page asks).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "policycredit.api.permissions.RoleAction",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "policycredit.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "policycredit.api.throttling.PerUser",
        "policycredit.api.throttling.PerAddress",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("POLICYCREDIT_API_RATE_USER", "3000/hour"),
        "anon": os.environ.get("POLICYCREDIT_API_RATE_ANON", "100/hour"),
    },
    "EXCEPTION_HANDLER": "policycredit.api.errors.handle",
    "NON_FIELD_ERRORS_KEY": "__all__",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=POLICYCREDIT_API_TOKEN_DAYS),
    "AUTO_REFRESH": False,  # a token ends on its date however busy: the person makes a new one
    "TOKEN_LIMIT_PER_USER": int(os.environ.get("POLICYCREDIT_API_TOKENS_PER_USER", "5")),
    "AUTH_HEADER_PREFIX": "Token",
}
# Knox's token table with what a person needs to tell tokens apart: a name, when last used.
KNOX_TOKEN_MODEL = "api.ApiToken"
# Knox's own migration creates its default token table although the model above replaces it;
# a table nothing uses, whose key to the users stops the tests' flush (PostgreSQL refuses to
# truncate the users under it). Without its migrations knox creates nothing: its one model
# is swapped out.
MIGRATION_MODULES = {"knox": None}
# The throttles count in the database (api.ThrottleEntry's table), so every gunicorn worker
# and every server counts the same requests; the default cache stays per process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "api_throttle",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PolicyCredit API",
    "DESCRIPTION": _(
        "The social-policy credit back office's programming interface: households and "
        "persons, groups and memberships, loans with their state and explanation, the "
        "transaction-day calendar, members' savings and the reports, each scoped to what the "
        "signed-in user may see. Amounts are whole đồng; rates are percent per month. Sign "
        "in on the web and send the session cookie, or make a token on the tokens page and "
        "send `Authorization: Token <token>`. Every error body is {code, message, fields}."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI and Redoc from the sidecar package's files, served by WhiteNoise: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several "status" choices: each named, or drf-spectacular numbers them (and warns, which
    # fails `check --deploy`).
    "ENUM_NAME_OVERRIDES": {
        "LoanStatusEnum": "policycredit.loans.models.LoanStatus",
        "DayStatusEnum": "policycredit.transactiondays.models.DayStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "policycredit.api.schema.error_responses",
    ],
}

# Headers. Django's SecurityMiddleware sends nosniff and this referrer policy on every answer
# (HSTS in production, above); the Content-Security-Policy is django-csp's.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The inline event handlers the project's templates carry, allowed by their hash alone
# (tests/test_headers.py finds every one and fails on a handler missing here).
INLINE_HANDLER_HASHES = [
    "'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='",  # window.print()
    "'sha256-JJOaWjE3bIiBepI/OV4tMbQWLHArjW5Hpnfc+zedQBU='",  # the import's busy note
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Scripts are files of our own, or inline with this answer's nonce. 'unsafe-eval':
        # unfold ships Alpine.js's standard build, which evaluates every x-data, x-on and
        # x-show expression with new Function(); its CSP build would need every template
        # rewritten. The event handlers are allowed by hash only.
        "script-src": [SELF, NONCE, UNSAFE_EVAL, UNSAFE_HASHES, *INLINE_HANDLER_HASHES],
        # 'unsafe-inline' for styles: unfold's templates write style="" attributes and
        # <style> blocks with values of the request (theme colours, widths), Alpine binds
        # x-bind:style, and htmx adds its indicator style; a nonce cannot reach attributes.
        # Styles cannot run code; scripts stay strict.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

from policycredit.web.unfold_config import UNFOLD  # noqa: E402,F401
