"""Database settings from the environment: SQLite by default, PostgreSQL when DATABASE_URL says so."""

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def sqlite_database(path) -> dict:
    """SQLite set up for a few people at once: WAL lets readers go on while one writes; a writer waits up to 20 s
    for another (the busy timeout) instead of failing with "database is locked"; and every transaction is
    IMMEDIATE, taking the write lock when it begins, so two transactions that read and then write never deadlock
    (a deferred one would fail at its first write without waiting)."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        },
    }


def database_from_url(url: str | None, *, sqlite_path: Path) -> dict:
    if not url:
        return sqlite_database(sqlite_path)
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return sqlite_database(unquote(parts.path.lstrip("/")) or sqlite_path)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported (use postgres://)")
    options = dict(parse_qsl(parts.query))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": unquote(parts.hostname or ""),
        "PORT": parts.port or "",
        "CONN_MAX_AGE": int(options.pop("conn_max_age", 60)),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }
