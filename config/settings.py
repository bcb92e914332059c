"""Keywork settings: one module, read from the environment.

Defaults run on a bare machine (SQLite, an embedded Celery broker, console email).
Setting DEBUG=false switches on the production block at the bottom, which refuses to
start without a SECRET_KEY or an https:// SITE_URL and turns on HTTPS-only cookies
and HSTS.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "auditlog",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "caseload",
    "inwork_support",
    "employers",
    "contracts",
    "reporting",
    "records",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a body (sessions, CSRF): 413 from the Content-Length.
    "config.request_limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.sessions.SlidingSessionMiddleware",
    "accounts.sessions.PrivatePagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.two_factor.OTPMiddleware",
    "accounts.two_factor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns lockouts raised by the backend into pages.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Database: a SQLite file under var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'keywork.sqlite3'}"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Reconnect by itself after a database restart instead of failing every request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query it estimates costly to machine code first (JIT):
    # for the programme figures that took 1.4 s of 1.8 s, and no query here runs
    # long enough to repay it. Off for every connection, with no statement to send.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user is refused before their password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.KeyworkUserBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 30 minutes without a request: accounts.sessions pushes the
# expiry back (at most once a minute, to save a write per page).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
# Django's database sessions, read without building the query each request.
SESSION_ENGINE = "accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in throttling (django-axes): 5 failures for one username from one address
# locks that pair out for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env.int("AXES_COOLOFF_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy (docker-compose.yml's Caddy) every request comes from
# the proxy: count the proxies in front of gunicorn here, and the client's
# address is read from X-Forwarded-For that many hops from the right, the only
# entries our proxies vouch for (accounts/client_ip.py). 0: REMOTE_ADDR as is.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
# Password reset emails: per address asked for (whether or not an account has it,
# so the refusal says nothing about accounts) and per client address.
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env.int("PASSWORD_RESET_LIMIT_PER_CLIENT", default=10)
PASSWORD_RESET_WINDOW_SECONDS = 15 * 60
# Registering a participant checks whether they are already at the partner: each
# user may try this many registrations an hour, so nobody can look people up.
REGISTRATION_CHECKS_PER_HOUR = env.int("REGISTRATION_CHECKS_PER_HOUR", default=30)

# Content-Security-Policy (django-csp): no inline or third-party script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Inline style attributes (progress bars) are allowed; inline script is not.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy (config.middleware): no page uses these browser features.
PERMISSIONS_POLICY = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Request bodies. A caseload import is at most CASELOAD_IMPORT_MAX_BYTES (its form
# says so by name); any body past MAX_REQUEST_BYTES is refused with 413 from its
# Content-Length before a byte is read (config/request_limits.py), and uploads
# under it stay in memory, never spooled to disk. The proxy in front caps bodies
# too (deploy/Caddyfile), a little above this.
CASELOAD_IMPORT_MAX_BYTES = env.int("CASELOAD_IMPORT_MAX_BYTES", default=2 * 1024**2)
MAX_REQUEST_BYTES = CASELOAD_IMPORT_MAX_BYTES + 512 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Evidence documents (contracts app): PDFs and images, checked by their content,
# at most this size (under MAX_REQUEST_BYTES), stored through the default storage:
# files under MEDIA_ROOT here, never served as static files (a view checks who
# may read each one); S3-compatible storage in production (README).
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=2 * 1024**2)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# The most participants one import may add (the worker adds them: import_jobs.py).
CASELOAD_IMPORT_MAX_ROWS = env.int("CASELOAD_IMPORT_MAX_ROWS", default=2000)

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Reporting: the programme's in-work support standard (see /reports/definitions/).
CHECKIN_ON_TIME_GRACE_DAYS = env.int("CHECKIN_ON_TIME_GRACE_DAYS", default=2)
INWORK_SUPPORT_STANDARD_PERCENT = env.int("INWORK_SUPPORT_STANDARD_PERCENT", default=80)
# Data protection: participants exited longer ago than this are anonymised nightly.
PARTICIPANT_RETENTION_YEARS = env.int("PARTICIPANT_RETENTION_YEARS", default=6)

# The programme dashboard aggregates every contact of the period: its figures are
# kept this long per filter (per web process), and the page says when they were
# computed. 0 computes them on every request.
PROGRAMME_FIGURES_CACHE_SECONDS = env.int(
    "PROGRAMME_FIGURES_CACHE_SECONDS", default=300
)

# One cache shared by the web processes and the worker that refreshes the
# figures: files under var/ by default (no Redis needed, so pages keep working
# with the broker down). Web and worker on different hosts need a shared one,
# e.g. CACHE_URL=rediscache://redis:6379/1.
CACHES = {
    "default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")
}
# Password-reset and two-step counters (accounts.throttle): the same shared store,
# under an alias of its own so tests can give each test fresh counters.
CACHES["throttle"] = dict(CACHES["default"])

# Email: printed to the console unless EMAIL_URL (smtp://user:pass@host:587) is set.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="keywork@localhost")
# Where every link in an email points (no request to build them from in a task):
# required in production, where the development default would be wrong.
SITE_URL = env.str("SITE_URL", default="")

# Celery. With REDIS_URL set, Redis is the broker and result store. Without it, kombu's
# filesystem transport under var/ is an embedded broker that needs no server.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than any task runs: an unacked task is redelivered only after this.
        "visibility_timeout": 3600,
        # With Redis down, a publish fails in milliseconds instead of retrying for
        # seconds: the outbox row is the promise, and its sweep sends it later.
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
    CELERY_BROKER_CONNECTION_TIMEOUT = 2
else:
    for folder in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = None
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        # kombu keeps its exchange table in ./control unless told: keep it in var/.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}
# The email outbox: anything a broker outage left unsent goes out within a minute.
CELERY_BEAT_SCHEDULE["sweep-outbox"] = {
    "task": "accounts.sweep_outbox",
    "schedule": 60,
}
# Check-ins: reminders, escalations, missed regulars and morning digests.
CHECKIN_SWEEP_MINUTES = env.int("CHECKIN_SWEEP_MINUTES", default=15)
CELERY_BEAT_SCHEDULE["sweep-checkins"] = {
    "task": "inwork_support.tasks.sweep_checkins",
    "schedule": CHECKIN_SWEEP_MINUTES * 60,
}
# A test worker on its own queue keeps the tasks it enqueues on that queue.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Employer messages unanswered for a working day go to the deputy and managers.
CELERY_BEAT_SCHEDULE["escalate-employer-messages"] = {
    "task": "employers.tasks.escalate_unanswered_employer_messages",
    "schedule": 15 * 60,
}
# The programme dashboard's default view is computed ahead, before it expires.
CELERY_BEAT_SCHEDULE["refresh-programme-figures"] = {
    "task": "reporting.tasks.refresh_programme_figures",
    "schedule": 240.0,
}
# Retention: anonymise participants exited longer ago than the retention period.
CELERY_BEAT_SCHEDULE["anonymise-expired"] = {
    "task": "records.tasks.anonymise_expired_participants",
    "schedule": crontab(hour=2, minute=30),
}
# Record checks: every record that breaks an invariant, for the managers' page.
CELERY_BEAT_SCHEDULE["check-records"] = {
    "task": "records.tasks.check_records",
    "schedule": crontab(hour=3, minute=15),
}
# Contracts: a claim row for every outcome reached, evidence or not (idempotent).
CELERY_BEAT_SCHEDULE["open-reached-claims"] = {
    "task": "contracts.tasks.open_reached_claims",
    "schedule": crontab(hour=3, minute=45),
}
# Caseload imports whose task was lost (a broker restart) or whose worker died.
CELERY_BEAT_SCHEDULE["resume-caseload-imports"] = {
    "task": "caseload.resume_imports",
    "schedule": 60,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in at INFO; lockouts still show as warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Production: DEBUG=false. Fail fast on missing secrets; HTTPS everywhere.
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-keywork"
    SITE_URL = SITE_URL or "http://127.0.0.1:8000"
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not SITE_URL.startswith("https://"):
        raise ImproperlyConfigured(
            "SITE_URL must be set to the site's https:// address when DEBUG is off "
            "(links in emails are built from it)."
        )
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    # Evidence documents in S3-compatible object storage when a bucket is named
    # (several web machines); credentials come from AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY. The bucket stays private: the app streams each file
    # to those who may see the participant and never hands out a bucket URL.
    if EVIDENCE_BUCKET := env("EVIDENCE_BUCKET", default=""):
        STORAGES["default"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": EVIDENCE_BUCKET,
                "endpoint_url": env("S3_ENDPOINT_URL", default=None),
                "region_name": env("S3_REGION", default=None),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
