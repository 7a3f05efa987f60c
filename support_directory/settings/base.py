"""Settings shared by every environment. Values that differ come from the environment."""

import os
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .database import database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

SERVICE_NAME = "Find school-to-school support"

# Where the real reference data is read from: the repository's own data/ (see data/SOURCES.md), or a folder of
# newer downloads named by the environment.
SHARED_DATA_DIR = Path(os.environ.get("SHARED_DATA_DIR", BASE_DIR / "data"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "csp",
    # Ours, from the bottom up: an app imports only the apps listed before it (tests/test_app_layers.py).
    "core",
    "signin",
    "audit",
    "schools",
    "postcodes",
    "roles",
    "deployments",
    "directory",
    "matching",
    "portal",
    "support_coverage",
    "pages",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "core.security.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages compressed; pages with a form's token or a session are not (core/compression.py, BREACH).
    "core.compression.PublicPageGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "signin.middleware.AbsoluteSessionTimeoutMiddleware",
    "signin.middleware.RefusedAccessLogMiddleware",
    "audit.context.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: the script prefix and URLconf of the request, read once for the URLs its page links to (core/urls.py).
    "core.urls.UrlBaseMiddleware",
]

ROOT_URLCONF = "support_directory.urls"
WSGI_APPLICATION = "support_directory.wsgi.application"

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
                "pages.context_processors.service",
            ],
        },
    },
    {
        # The public directory's pages (support_directory/jinja2.py): templates in templates/jinja2/ and <app>/jinja2/.
        "BACKEND": "support_directory.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "support_directory.jinja2.environment",
            "context_processors": ["pages.context_processors.service"],
            "trim_blocks": True,
            "lstrip_blocks": True,
        },
    },
]
# GOV.UK markup for every form field, from core/templates/core/forms/ (the admin keeps its own widgets).
FORM_RENDERER = "core.form_rendering.GovukFormRenderer"

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL"),
        sqlite_path=Path(os.environ.get("SQLITE_PATH", BASE_DIR / "var" / "db.sqlite3")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "support-directory",
    }
}

# Content-Security-Policy (django-csp; core/security.py adds the hashes of the page template's two inline scripts
# and, for the admin only, inline styles). No nonces, so cached pages carry nothing made for one request.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features the service never uses are turned off for it and anything it could embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
)

# Request sizes. A body over MAX_REQUEST_BYTES (by its Content-Length) gets a GOV.UK 413 page before it is read
# (core.security.RequestSizeLimitMiddleware); the largest body the service needs is the designations import, a
# file of at most 2 MB (roles.importing.MAX_FILE_BYTES, refused above that with a message on the form) and its form.
# Uploads up to that size stay in memory: nothing is written to disk. Form fields without files: at most 1 MB.
MAX_REQUEST_BYTES = 3 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# A refused CSRF check gets the GOV.UK "access denied" page, which says nothing about why.
CSRF_FAILURE_VIEW = "pages.views.csrf_failure"

# Teaching school staff sign in to the portal; DfE curators use the admin's own sign-in.
LOGIN_URL = "portal:sign_in"

# Sign-in throttling (signin/throttle.py): this many refused passwords for one account, or from one address (higher:
# a school's staff share one), within the window start a cool-off. Seconds.
SIGN_IN_ACCOUNT_FAILURES = 5
SIGN_IN_ADDRESS_FAILURES = 20
SIGN_IN_FAILURE_WINDOW = 15 * 60
SIGN_IN_COOL_OFF = 15 * 60

# A session ends after 30 minutes without a request, and 8 hours after signing in whatever happens
# (signin/middleware.py). Saving the session on every request costs each signed-in page one query.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = 8 * 60 * 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def logging_config(log_format: str) -> dict:
    """Logs go to standard error, as plain lines or (LOG_FORMAT=json) one JSON object per line."""
    if log_format not in {"plain", "json"}:
        raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "core.log_format.JSONFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }


LOGGING = logging_config(os.environ.get("LOG_FORMAT", "plain"))

# Email: enquiries from schools to system leaders (matching/enquiries.py). SMTP unless DJANGO_EMAIL_BACKEND says
# otherwise; the local settings print emails to the console. Failed sends stay queued: run
# `manage.py send_enquiries` every few minutes (cron) to retry them.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10  # seconds; well below matching.enquiries.RETRY_AFTER
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Find school-to-school support <find-school-to-school-support@education.gov.uk>"
)

# Enquiry rate limits (matching/throttle.py): per client address per hour, per contact email per day.
ENQUIRIES_PER_ADDRESS = 5
ENQUIRY_ADDRESS_WINDOW = 60 * 60
ENQUIRIES_PER_EMAIL = 10
ENQUIRY_EMAIL_WINDOW = 24 * 60 * 60

# The address of the service, for the private links in enquiry emails (the requester's status page, a leader's
# response page): emails are also sent by `send_enquiries`, outside any request.
SERVICE_URL = os.environ.get("DJANGO_SERVICE_URL", "http://127.0.0.1:8000")
# Enquiries' contact details and messages are blanked this many days after they were made, by
# `manage.py delete_enquiry_contacts` (run it daily from cron); the privacy notice says so.
ENQUIRY_CONTACT_RETENTION_DAYS = int(os.environ.get("ENQUIRY_CONTACT_RETENTION_DAYS", "365"))
