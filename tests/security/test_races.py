"""The rate limits hold under simultaneous requests (issue #12, items 4 and 5): real HTTP requests sent at the same
instant to the live server on PostgreSQL, counting in the production settings' database cache
(support_directory.cache_backends.DatabaseCache)."""

import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from matching.models import Enquiry
from tests.concurrency import Session, at_once, requires_postgresql
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.matching.test_ask import DETAILS, asking, enquiry_url, spring_bank_staff  # noqa: F401  (fixtures)
from tests.portal.factories import PASSWORD
from tests.security.test_signin import PORTAL_SIGN_IN, TOO_MANY

pytestmark = [pytest.mark.django_db(transaction=True), requires_postgresql]

# Requests sent at the same instant: no more than the live server's listen queue (Django's WSGIServer, 10) holds.
AT_ONCE = 10


@pytest.fixture
def database_cache(settings):
    """The cache of the production settings: a table in the database, shared by every request's thread."""
    settings.CACHES = {
        "default": {"BACKEND": "support_directory.cache_backends.DatabaseCache", "LOCATION": "race_test_cache"}
    }
    call_command("createcachetable", verbosity=0)
    cache.clear()
    yield
    cache.clear()


def test_the_database_cache_counts_every_simultaneous_increment(database_cache):
    cache.set("counter", 0, timeout=60)
    barrier = threading.Barrier(8)

    def count():
        barrier.wait()
        try:
            for _ in range(25):
                cache.incr("counter")
        finally:
            connection.close()

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("counter") == 200


def test_only_one_simultaneous_add_wins(database_cache):
    cache.set("key", "old", timeout=-1)  # present in the table but expired: Django's add() could win twice
    barrier = threading.Barrier(8)
    wins = []

    def add(n):
        barrier.wait()
        try:
            wins.append(cache.add("key", n, timeout=60))
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1


def sign_in_sessions(live_server, count) -> list[Session]:
    sessions = [Session(live_server.url) for _ in range(count)]
    for session in sessions:
        session.get(PORTAL_SIGN_IN)  # the CSRF cookie, before the race
    return sessions


def test_simultaneous_wrong_passwords_try_no_more_than_the_accounts_limit(
    live_server, database_cache, settings, staff_user
):
    settings.SIGN_IN_ACCOUNT_FAILURES = 3  # ten at once, more than three times the limit
    settings.SIGN_IN_ADDRESS_FAILURES = 1000  # every request comes from 127.0.0.1: this is about the account
    sessions = sign_in_sessions(live_server, AT_ONCE)
    responses = at_once(
        [
            lambda session=session: session.post(
                PORTAL_SIGN_IN, {"username": staff_user.username, "password": "wrong password"}
            )
            for session in sessions
        ]
    )
    assert {response.status for response in responses} == {200}
    tried = [response for response in responses if TOO_MANY not in response.text]
    assert len(tried) == 3
    right = sign_in_sessions(live_server, 1)[0].post(
        PORTAL_SIGN_IN, {"username": staff_user.username, "password": PASSWORD}
    )
    assert TOO_MANY in right.text


def test_simultaneous_wrong_passwords_from_one_address_try_no_more_than_its_limit(
    live_server, database_cache, settings
):
    settings.SIGN_IN_ADDRESS_FAILURES = 3
    sessions = sign_in_sessions(live_server, AT_ONCE)
    responses = at_once(
        [
            lambda n=n, session=session: session.post(
                PORTAL_SIGN_IN, {"username": f"nobody{n}@school.example", "password": "wrong password"}
            )
            for n, session in enumerate(sessions)
        ]
    )
    assert {response.status for response in responses} == {200}
    assert sum(TOO_MANY not in response.text for response in responses) == 3


def test_simultaneous_enquiries_from_one_address_store_no_more_than_its_limit(
    live_server,
    database_cache,
    settings,
    world,  # noqa: F811
    asking,  # noqa: F811
    spring_bank_staff,  # noqa: F811
):
    settings.ENQUIRIES_PER_ADDRESS = 3
    check_pages = []
    sessions = []
    for n in range(AT_ONCE):
        session = Session(live_server.url)
        form = session.get(enquiry_url(asking, world.sle.leader))
        assert form.status == 200, form.text
        response = session.post(
            enquiry_url(asking, world.sle.leader), {**DETAILS, "contact_email": f"person{n}@example.org"}
        )
        assert response.status == 302, response.text
        check_pages.append(response.location)
        sessions.append(session)
    responses = at_once(
        [
            lambda session=session, page=page: session.post(page)
            for session, page in zip(sessions, check_pages, strict=True)
        ]
    )
    assert sorted(response.status for response in responses) == [302] * 3 + [429] * (AT_ONCE - 3)
    assert Enquiry.objects.count() == 3
