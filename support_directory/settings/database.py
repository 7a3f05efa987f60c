"""Database settings from the environment: SQLite by default, PostgreSQL when DATABASE_URL says so."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


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


# PostgreSQL: values sent apart from the SQL (server-side binding), and a statement prepared on its connection the
# second time it runs. The directory's pages run the same few statements with new values, and planning them was most
# of PostgreSQL's work on a page (a leader's page: 3.3 ms of database CPU unprepared, 0.5 ms prepared). Not the
# first time: SQL of several commands (a migration's trigger) cannot be prepared, and runs once. psycopg keeps the
# 100 most recent statements per connection; connections live for a minute (CONN_MAX_AGE).
POSTGRESQL_OPTIONS = {"server_side_binding": True, "prepare_threshold": 2}
POSTGRESQL_ENGINE = "support_directory.postgresql"


def database_from_url(url: str | None, *, sqlite_path: Path) -> dict:
    """DATABASE_URL read by dj-database-url: postgres:// (connections kept for a minute, checked before reuse after
    standing idle, statements prepared) or sqlite:// (sqlite:////absolute/path); without one, SQLite at sqlite_path."""
    if not url:
        return sqlite_database(sqlite_path)
    try:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from error
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return sqlite_database(database["NAME"] or sqlite_path)
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must be a PostgreSQL (postgres://) or SQLite (sqlite://) address")
    # Django's backend, checking a kept connection's health only after it has stood idle (support_directory/postgresql).
    database["ENGINE"] = POSTGRESQL_ENGINE
    database["OPTIONS"] = {**POSTGRESQL_OPTIONS, **database.get("OPTIONS", {})}
    return database
