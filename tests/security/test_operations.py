"""Operational limits (issue #12, "Also"): request sizes refused early with a GOV.UK page, the proxy that may say a
request came over HTTPS, gunicorn's request limits, and SQLite set up for a few people at once."""

import io
import runpy
import threading
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.db.utils import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from core.security import RequestSizeLimitMiddleware
from support_directory.settings.database import database_from_url, sqlite_database

ROOT = Path(__file__).resolve().parents[2]


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(settings, db):
    request = RequestFactory().post("/admin/roles/designation/import/", content_type="text/csv")
    request.META["CONTENT_LENGTH"] = str(50 * 1024 * 1024)
    request.META["wsgi.input"] = Unreadable()
    response = RequestSizeLimitMiddleware(lambda request: pytest.fail("the view was reached"))(request)
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file or form you sent is too large" in page
    assert "It must be smaller than 3 MB" in page
    assert "govuk-template" in page


@pytest.mark.django_db
def test_a_large_post_gets_the_gov_uk_413_page_and_changes_nothing(client, django_user_model):
    response = client.post(
        reverse("portal:sign_in"), data=b"x" * (4 * 1024 * 1024), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "The file or form you sent is too large" in response.content.decode()
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_a_body_within_the_limit_reaches_the_view(client):
    response = client.post(reverse("portal:sign_in"), {"username": "", "password": ""})
    assert response.status_code == 200


@pytest.mark.django_db
def test_form_fields_over_a_megabyte_are_refused_with_the_gov_uk_400_page(client):
    response = client.post(reverse("portal:sign_in"), {"username": "x" * (1024 * 1024 + 1), "password": "x"})
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()


def test_uploads_within_the_limit_stay_in_memory(settings):
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= settings.MAX_REQUEST_BYTES


# ---------------------------------------------------------------------------------------------------------------------
# The proxy


@pytest.mark.django_db
def test_a_forwarded_proto_header_is_not_believed_by_django(client, production_security):
    """Only gunicorn decides, from the proxies it trusts; a visitor's own header changes nothing."""
    response = client.get(reverse("pages:home"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_gunicorn_trusts_forwarded_headers_only_from_the_named_proxies(monkeypatch):
    monkeypatch.delenv("DJANGO_TRUSTED_PROXIES", raising=False)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["forwarded_allow_ips"] == "127.0.0.1"
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "10.0.0.0/8,192.0.2.10")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["forwarded_allow_ips"] == "10.0.0.0/8,192.0.2.10"
    assert (config["limit_request_line"], config["limit_request_fields"], config["limit_request_field_size"]) == (
        4094,
        100,
        8190,
    )


# ---------------------------------------------------------------------------------------------------------------------
# SQLite


def test_sqlite_uses_wal_a_busy_timeout_and_immediate_transactions(tmp_path):
    for database in [
        database_from_url(None, sqlite_path=tmp_path / "a.sqlite3"),
        database_from_url(f"sqlite:///{tmp_path}/b.sqlite3", sqlite_path=tmp_path / "unused.sqlite3"),
    ]:
        options = database["OPTIONS"]
        assert "journal_mode=WAL" in options["init_command"]
        assert options["timeout"] >= 5
        assert options["transaction_mode"] == "IMMEDIATE"


def test_a_postgresql_address_is_read_with_its_options():
    database = database_from_url(
        "postgres://service:p%40ss@db.internal:5433/support?sslmode=require", sqlite_path=Path("unused")
    )
    assert database["ENGINE"] == "support_directory.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("support", "service", "p@ss")
    assert (database["HOST"], database["PORT"]) == ("db.internal", 5433)
    assert database["OPTIONS"] == {"sslmode": "require", "server_side_binding": True, "prepare_threshold": 2}
    assert database["CONN_MAX_AGE"] == 60 and database["CONN_HEALTH_CHECKS"] is True
    assert database_from_url("postgres://localhost/support", sqlite_path=Path("unused"))["OPTIONS"] == {
        "server_side_binding": True,
        "prepare_threshold": 2,
    }


@pytest.mark.parametrize("url", ["mysql://user@host/name", "nonsense://x", "not a url"])
def test_other_databases_are_refused(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url, sqlite_path=Path("unused"))


def read_then_write_at_once(path, options_change: dict, writers: int = 6) -> list[Exception]:
    """Each thread reads, waits a moment, then writes, in one transaction: a service that checks before it saves.
    The database is the settings' SQLite (with options_change), under an alias of its own. Returns the errors."""
    database = sqlite_database(path)
    database["OPTIONS"] = {**database["OPTIONS"], **options_change}
    alias = f"sqlite_{path.stem}"
    connections.settings[alias] = connections.configure_settings({"default": database, alias: database})[alias]
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE counted (n integer)")
    connections[alias].close()
    barrier = threading.Barrier(writers)
    errors = []

    def write():
        barrier.wait()
        try:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM counted")
                time.sleep(0.05)
                cursor.execute("INSERT INTO counted VALUES (1)")
        except OperationalError as error:
            errors.append(error)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        del connections.settings[alias]
    return errors


def test_simultaneous_read_then_write_transactions_on_sqlite_all_succeed(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        assert read_then_write_at_once(tmp_path / "deferred.sqlite3", {"transaction_mode": None}), (
            "the test can fail: without IMMEDIATE transactions some writers get 'database is locked'"
        )
        assert read_then_write_at_once(tmp_path / "immediate.sqlite3", {}) == []
