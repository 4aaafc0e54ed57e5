"""
Settings, read from the environment (see .env.example).

With no environment at all the app runs on the embedded default: SQLite
under var/, Celery tasks in process, console mail, DEBUG on, 127.0.0.1 only.
Setting DATABASE_URL switches to the production shape, where DEBUG is off
and DJANGO_SECRET_KEY is required (the built-in development key is refused
everywhere but the embedded default).
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pqr_portal.env import env

BASE_DIR = Path(__file__).resolve().parent.parent
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(BASE_DIR / ".env")

EMBEDDED = not env.str("DATABASE_URL", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=EMBEDDED)

# The development key signs sessions, CSRF tokens and password-reset links of the embedded
# default only (no DATABASE_URL and DEBUG on). Anywhere else a key of the deployment's own is
# required, and the development key, published in this file, is refused even when set.
DEV_SECRET_KEY_PREFIX = "embedded-only-not-a-secret-"
if EMBEDDED and DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY_PREFIX + "x" * 40)
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    if len(SECRET_KEY) < 40:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required (40+ characters) outside the embedded default "
            "(DATABASE_URL set or DEBUG off)."
        )
    if SECRET_KEY.startswith(DEV_SECRET_KEY_PREFIX):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is the published development key: generate one of your own "
            "(e.g. openssl rand -hex 40)."
        )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("PQR_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "pqr_portal.apps.PQRAdminConfig",  # django.contrib.admin, behind the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "pqr_portal",
    "caserecord",
    "compliance",
    "intake",
    "field_visits",
    "responses",
    "habeas",
    "archive",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in the path or query string is a 400 before any view looks it up.
    "pqr_portal.middleware.NulByteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check and the login check: an oversized body gets its 413 unread.
    "pqr_portal.uploads.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Login is the default; public pages opt out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pqr_portal.middleware.SessionIdleTimeoutMiddleware",
    "pqr_portal.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pqr_portal.urls"
WSGI_APPLICATION = "pqr_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "pqr_portal.context_processors.navigation",
            ],
        },
    },
]

if EMBEDDED:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "pqr.sqlite3",
            # Several requests and the in-process tasks share one file.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
else:
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if "postgresql" in DATABASES["default"]["ENGINE"] and not env.bool("PQR_PG_JIT", default=False):
        # PostgreSQL's JIT compiles any query its planner costs high (a search over a
        # million cases): 30-50 ms of compiling for a query that runs in 100 ms. The pages
        # are short queries on indexes; PQR_PG_JIT=true gives it back (docs/operations.md).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out username+address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed staff logins: PQR_LOGIN_FAILURE_LIMIT per username and client address (IPv6 /64),
# then locked for PQR_LOGIN_COOLOFF_MINUTES. Not per username alone: anybody could then
# lock the coordinator out. Guessing from many addresses meets the second factor.
AXES_FAILURE_LIMIT = env.int("PQR_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PQR_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "pqr_portal.security.axes_client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Second factor (django-otp TOTP): required in the production shape for these roles and
# for the admin site; the embedded default waives it so the demo logins keep working.
PQR_OTP_REQUIRED = env.bool("PQR_OTP_REQUIRED", default=not EMBEDDED)
PQR_OTP_REQUIRED_ROLES = env.list("PQR_OTP_REQUIRED_ROLES", default=["coordinador", "gerente"])
OTP_TOTP_ISSUER = env.str("PQR_COMPANY_NAME", default="PQR Portal")
# Staff sessions: closed after PQR_SESSION_IDLE_MINUTES without a request, and after
# SESSION_COOKIE_AGE in any case (a work day).
PQR_SESSION_IDLE_MINUTES = env.int("PQR_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = env.int("PQR_SESSION_MAX_HOURS", default=12) * 3600
PQR_PASSWORD_RESET_RATE = env.str("PQR_PASSWORD_RESET_RATE", default="5/h")
# The admin site's path (not /admin/, where every scanner looks).
PQR_ADMIN_PATH = env.str("PQR_ADMIN_PATH", default="gestion-interna/").strip("/") + "/"

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", _("Español (Colombia)"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Colombian dates ("2 de diciembre de 2026, 9:00 a. m."): pqr_portal/formats/es_CO.
FORMAT_MODULE_PATH = ["pqr_portal.formats"]
TIME_ZONE = "America/Bogota"  # what "today" and crontab hours mean
USE_I18N = True
USE_TZ = True  # store UTC, convert at the edges

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
PQR_MAX_ATTACHMENT_BYTES = env.int("PQR_MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024)
# The pages that take files, by URL name ("namespace:*" for a whole namespace), and how many
# attachments of PQR_MAX_ATTACHMENT_BYTES their request may carry. A body larger than that
# plus DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 413 before it is read
# (pqr_portal/uploads.py); every other URL takes no file. tests/security/test_upload_size.py
# fails when a view reads request.FILES and is missing here.
PQR_UPLOAD_FILES = {
    "public:file": 5,  # intake.forms_public.MAX_FILES
    "responses_public:recurso": 1,
    "intake:register": 5,
    "intake:attachment-upload": 1,
    "field_visits:acta-form": 5,  # up to 12 photos, reduced by the phone before sending
    "responses:edit": 1,
    "responses:recurso-new": 1,
    "responses:act-completion": 1,
    "responses:act-completion-extension": 1,
    "habeas_public:request": 1,
    "responses:act-desistimiento-expreso": 1,
    "compliance:term-suspend": 1,
    "compliance:term-resume": 1,
    "compliance:action-work": 1,
    "compliance:training-record": 1,
    "compliance:inspection-new": 5,  # one photo per checklist item
    "admin:*": 1,
}

# Cache: Redis in production (rate limits must be shared by every web node).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Mail: Django 6.1 MAILERS. Console in the embedded default, SMTP when SMTP_HOST is set.
DEFAULT_FROM_EMAIL = env.str("PQR_FROM_EMAIL", default="Atención al Cliente <pqr@localhost>")
SMTP_HOST = env.str("SMTP_HOST", default="")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env.int("SMTP_PORT", default=587),
                "username": env.str("SMTP_USER", default=""),
                "password": env.str("SMTP_PASSWORD", default=""),
                "use_tls": env.bool("SMTP_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Celery. With no broker the tasks run in process (embedded default only).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must not hang a request: the outbox retries later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BEAT_SCHEDULE = {
    # Names start with the cadence so the list reads like a timetable.
    "every-5-min-check-terms": {
        "task": "compliance.tasks.check_terms_task",
        "schedule": crontab(minute="*/5"),
    },
    # Receipts first: a receipt issued now puts its e-mail in the outbox retry that follows.
    "every-5-min-retry-receipts": {
        "task": "intake.tasks.retry_pending_receipts_task",
        "schedule": crontab(minute="*/5"),
    },
    # Repetitive failures (the sweep's late non-conformities count too) and reminders to
    # the owners of overdue corrective actions.
    "daily-0630-quality-check": {
        "task": "compliance.tasks.quality_daily_task",
        "schedule": crontab(hour=6, minute=30),
    },
    "every-5-min-retry-outbox": {
        "task": "caserecord.tasks.retry_pending_emails_task",
        "schedule": crontab(minute="*/5"),
    },
    # Citation -> aviso -> completed notification, publication, closing after the recurso window.
    # SSPD expedientes asked for while the broker or the worker was down.
    "every-5-min-retry-expedientes": {
        "task": "responses.tasks.expedientes_retry_task",
        "schedule": crontab(minute="*/5"),
    },
    "every-15-min-notifications-sweep": {
        "task": "responses.tasks.notifications_sweep_task",
        "schedule": crontab(minute="*/15"),
    },
    # The reports' "needs attention now" numbers (bands move at most every 5 minutes).
    "every-2-min-reports-attention": {
        "task": "reports.tasks.attention_refresh_task",
        "schedule": crontab(minute="*/2"),
    },
    # The settled months of the reports' roll-up and the current month's days, rebuilt at
    # night; the days of the current month again every hour (assignments, re-classified
    # and annulled cases show within the hour; today is always counted live).
    "daily-0230-reports-rollup": {
        "task": "reports.tasks.rollup_refresh_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "hourly-reports-rollup-recent": {
        "task": "reports.tasks.rollup_recent_task",
        "schedule": crontab(minute=40),
    },
    # Satisfaction surveys for the cases closed since the last run (reports.surveys).
    "every-15-min-reports-surveys": {
        "task": "reports.tasks.surveys_invite_task",
        "schedule": crontab(minute="*/15"),
    },
    # On the first business day of a month (legal calendar), the management report of the
    # month before is drafted once; other days the task does nothing.
    "daily-0600-reports-management-draft": {
        "task": "reports.tasks.management_report_draft_task",
        "schedule": crontab(hour=6, minute=0),
    },
}

# Reports: a suspended term shows as "near its limit" after this many calendar days.
REPORTS_SUSPENSION_WARN_DAYS = env.int("REPORTS_SUSPENSION_WARN_DAYS", default=10)
# The dashboard reads the attention snapshot while younger than this (seconds); older, it
# computes the numbers at request time (slower, never wrong).
REPORTS_ATTENTION_MAX_AGE = env.int("REPORTS_ATTENTION_MAX_AGE", default=300)
# Who receives the approved monthly management report (comma-separated e-mails).
REPORTS_MANAGEMENT_RECIPIENTS = env.list("REPORTS_MANAGEMENT_RECIPIENTS", default=[])
# Satisfaction surveys: days a survey link stays valid, and how far back the beat looks for
# closed cases not invited yet.
REPORTS_SURVEY_DAYS = env.int("REPORTS_SURVEY_DAYS", default=15)
REPORTS_SURVEY_LOOKBACK_DAYS = env.int("REPORTS_SURVEY_LOOKBACK_DAYS", default=7)
# XLSX exports up to this many rows are written during the request; longer ones (and any
# export asked with fondo=1) run in the background with a download link when ready.
REPORTS_EXPORT_INLINE_ROWS = env.int("REPORTS_EXPORT_INLINE_ROWS", default=20000)

# Security: strict in production shape, relaxed only for the embedded default.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

# Business settings (domain.md): each one a company policy, editable per deployment.
PQR_RADICADO_FORMAT = env.str("PQR_RADICADO_FORMAT", default="{year}-{number:06d}")
PQR_OUTGOING_RADICADO_FORMAT = env.str("PQR_OUTGOING_RADICADO_FORMAT", default="S-{year}-{number:06d}")
PQR_TERMS_BAND_WARNING_DAYS = env.int("PQR_TERMS_BAND_WARNING_DAYS", default=3)
# "dispatch" (default, SSPD doctrine) or "notification": when a response term is met.
PQR_TERM_MET_AT = env.str("PQR_TERM_MET_AT", default="dispatch")
PQR_SSPD_REMISSION_DAYS = env.int("PQR_SSPD_REMISSION_DAYS", default=5)
# The longest a suspension of a term may last, per cause, in business days (then the sweep
# ends it and the term runs again), and how many business days before its end the case's
# owner is reminded. Pruebas: CPACA art. 40 (at most 30 days); incompleta: the month of
# Ley 1755 art. 17 (the requerimiento and the one-month clock belong to the desistimiento).
PQR_SUSPENSION_MAX_BUSINESS_DAYS = {
    "pruebas": env.int("PQR_SUSPENSION_MAX_DAYS_PRUEBAS", default=30),
    "incompleta": env.int("PQR_SUSPENSION_MAX_DAYS_INCOMPLETA", default=22),
}
PQR_SUSPENSION_REMINDER_DAYS = env.int("PQR_SUSPENSION_REMINDER_DAYS", default=3)
PQR_AFTER_HOURS_CUTOFF = env.str("PQR_AFTER_HOURS_CUTOFF", default="")  # e.g. "17:00"; off
PQR_SATURDAY_BUSINESS_DAY = env.bool("PQR_SATURDAY_BUSINESS_DAY", default=False)
# A filing on a non-business day: "next_business_day" (it counts as filed on the next
# business day; day 1 is the one after) or "first_business_day_after" (day 1 is the first
# business day after the calendar day of receipt). docs/legal-rules.md.
PQR_NON_BUSINESS_FILING = env.str("PQR_NON_BUSINESS_FILING", default="next_business_day")
if PQR_NON_BUSINESS_FILING not in ("next_business_day", "first_business_day_after"):
    raise ImproperlyConfigured("PQR_NON_BUSINESS_FILING: next_business_day or "
                               "first_business_day_after")
# The SSPD expediente (citizens' PDFs merged) is assembled by a Celery task stopped after this
# many seconds (the page then says it took too long).
PQR_EXPEDIENTE_TIME_LIMIT = env.int("PQR_EXPEDIENTE_TIME_LIMIT", default=120)
PQR_VISITS_PER_BRIGADISTA_PER_DAY = env.int("PQR_VISITS_PER_BRIGADISTA_PER_DAY", default=6)
# Quality system: N failures of the same causal, person or QHSE item in a period ("mes" or
# "trimestre") raise one repetitive-failure non-conformity; a non-conformity without its own
# due date is overdue after PQR_NC_DEFAULT_DAYS.
PQR_NC_REPETITION_THRESHOLD = env.int("PQR_NC_REPETITION_THRESHOLD", default=3)
PQR_NC_REPETITION_PERIOD = env.str("PQR_NC_REPETITION_PERIOD", default="mes")
PQR_NC_DEFAULT_DAYS = env.int("PQR_NC_DEFAULT_DAYS", default=30)
PQR_PUBLIC_RATE_LIMIT = env.str("PQR_PUBLIC_RATE_LIMIT", default="10/h")
PQR_TRACK_RATE_LIMIT = env.str("PQR_TRACK_RATE_LIMIT", default="20/h")
# Past PQR_PUBLIC_RATE_LIMIT the public form asks a question instead of refusing the
# filing; solved questions per client address are limited by this rate.
PQR_PUBLIC_CHALLENGE_RATE = env.str("PQR_PUBLIC_CHALLENGE_RATE", default="30/h")
# Addresses (CIDRs) of the reverse proxies whose X-Forwarded-For is believed; from any
# other address the header is ignored. Behind a proxy, set it or every citizen shares
# the proxy's address (and its rate limit). None by default.
PQR_TRUSTED_PROXIES = env.list("PQR_TRUSTED_PROXIES", default=[])
try:
    for _cidr in PQR_TRUSTED_PROXIES:
        ipaddress.ip_network(_cidr.strip(), strict=False)
except ValueError as _exc:
    raise ImproperlyConfigured(f"PQR_TRUSTED_PROXIES: {_exc}")
PQR_PRIVACY_NOTICE_VERSION = "2026-01"
# Habeas data (Ley 1581 art. 15, Decreto 1377 art. 11): a suppression request anonymises
# the personal data of the holder's cases whose retention ended. The retention is the
# archive's TRD (archive.selectors.cases_retention: the archived expediente's dates, else
# the series that lists the case's kind); PQR_RETENTION_YEARS is for a kind no active
# series lists (Código de Comercio art. 60 and Ley 962 de 2005 art. 28: ten years for the
# papers of a merchant). A case still open, or one with a recurso, an SSPD remission or a
# payment agreement running, is kept whatever its age (habeas.services.suppression,
# docs/security.md, docs/archive.md).
PQR_RETENTION_YEARS = env.int("PQR_RETENTION_YEARS", default=10)
PQR_COMPANY_NAME = env.str("PQR_COMPANY_NAME", default="Electrificadora Demo S.A. E.S.P.")
# Shown on the citizens' home page (pqr_portal.views.public_home): each a line of text.
PQR_OFFICE_HOURS = env.list("PQR_OFFICE_HOURS", default=[
    "Lunes a viernes de 7:00 a. m. a 5:00 p. m.", "Sábados de 8:00 a. m. a 12:00 m."])
PQR_OFFICE_CHANNELS = env.list("PQR_OFFICE_CHANNELS", default=[
    "Puntos de Atención al Cliente (PAC) en cada municipio", "Línea de atención 115",
    "Este portal, las 24 horas"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"},
                # Failed logins and lockouts (WARNING) stay; every successful login does not.
                "axes": {"level": "WARNING"}},
}
