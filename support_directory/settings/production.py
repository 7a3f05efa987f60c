"""Production settings: DEBUG off, secrets and hosts from the environment, hashed static files."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, logging_config

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# The load balancer's health check may come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthcheck/$"]
# Whether a request came over HTTPS is gunicorn's to say (wsgi.url_scheme): it believes X-Forwarded-Proto only from
# the proxies named in DJANGO_TRUSTED_PROXIES (gunicorn.conf.py, its forwarded_allow_ips; 127.0.0.1 by default).
# Django reads no forwarded header itself, so a visitor who writes one is not believed.
SECURE_PROXY_SSL_HEADER = None
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# One JSON object per log line unless LOG_FORMAT=plain.
LOGGING = logging_config(os.environ.get("LOG_FORMAT", "json"))

# The benchmark's floor view (/bench/floor/, a page with no database); off unless the benchmark turns it on.
BENCH_FLOOR_VIEW = env_bool("DJANGO_BENCH_FLOOR", False)

# A cache shared by every app server: Redis when REDIS_URL is set (redis://host:port/db), otherwise a table in the
# PostgreSQL database (`manage.py createcachetable` after `migrate`), so nothing else needs running. Both count
# atomically across servers (support_directory/cache_backends.py). A Redis that does not answer within a few seconds
# is an error (the health check says so) rather than a hung worker.
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "support_directory.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "support_directory.cache_backends.DatabaseCache",
            "LOCATION": "directory_cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
        }
    }
# Whole public pages from that cache, and conditional GET (core/page_cache.py). DJANGO_PAGE_CACHE=0 turns it
# off, which the benchmark does to measure the work behind a page.
DIRECTORY_PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)
