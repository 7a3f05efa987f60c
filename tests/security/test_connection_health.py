"""support_directory.postgresql: a kept PostgreSQL connection is checked before a request reuses it only when it has
stood idle; one the server closed meanwhile is replaced before the request's query."""

import psycopg
import pytest
from django.db import connection

from support_directory.postgresql.base import IDLE_SECONDS

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend (DATABASE_URL)"),
]


@pytest.fixture
def checks(monkeypatch):
    """The health checks (SELECT 1) the connection makes, counted."""
    made = []
    is_usable = connection.is_usable

    def counted():
        made.append(1)
        return is_usable()

    monkeypatch.setattr(connection, "is_usable", counted)
    return made


def next_request_reads():
    """What Django does when a request starts (close_if_unusable_or_obsolete), then the request's first query."""
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


def test_a_connection_used_a_moment_ago_is_not_checked_again(checks):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    next_request_reads()
    checks.clear()

    for _ in range(3):
        assert next_request_reads() == 1

    assert checks == []


def test_a_connection_that_stood_idle_is_checked_before_it_is_reused(checks):
    next_request_reads()
    checks.clear()
    connection.last_used -= IDLE_SECONDS + 1

    assert next_request_reads() == 1

    assert checks == [1]


def test_a_connection_the_server_closed_while_it_stood_idle_is_replaced(checks):
    next_request_reads()
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    connection.last_used -= IDLE_SECONDS + 1
    dead = connection.connection

    assert next_request_reads() == 1

    assert checks == [1] and connection.connection is not dead
