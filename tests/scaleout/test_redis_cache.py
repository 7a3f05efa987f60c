"""What counts in the shared cache works on Redis as on the database cache: the sign-in lockout, the enquiry and
feedback limits (the cache's atomic add and incr, at the same instant from many threads), and the page cache's data
version (one version for everyone, replaced by a change, which makes every stored part be built afresh).
Needs REDIS_URL (.ci/run starts a Redis); the same across two servers: test_two_servers.py."""

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
import redis
from django.test import RequestFactory

from core import page_cache
from matching import throttle as enquiry_throttle
from pages import throttle as feedback_throttle
from signin import throttle as signin_throttle

AT_ONCE = 16


def request_from(address: str):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def all_at_once(function, times: int = AT_ONCE) -> list:
    """`function()` from `times` threads released together (each thread has its own Redis connection)."""
    start = threading.Barrier(times)

    def run(_):
        start.wait()
        return function()

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(run, range(times)))


def test_counts_taken_at_the_same_instant_are_all_different(redis_cache):
    counts = all_at_once(lambda: signin_throttle.count_in_window("k", window=60, now=1_000.0)[0])
    assert sorted(counts) == list(range(1, AT_ONCE + 1))


def test_a_counter_has_the_windows_timeout(redis_cache, redis_url):
    signin_throttle.count_in_window("k", window=60, now=1_000.0)
    key = redis_cache.make_and_validate_key("k:count")
    assert 0 < redis.Redis.from_url(redis_url).ttl(key) <= 60


def test_incr_never_makes_a_counter(redis_cache, redis_url):
    """Django's own incr asks whether the key exists, then INCRs it: a key that expired in between came back as a
    counter with no timeout (a window that never ends). Here the key is seen, then gone: no counter is made."""
    with mock.patch.object(redis.Redis, "exists", return_value=1), pytest.raises(ValueError):
        redis_cache.incr("gone")
    assert redis.Redis.from_url(redis_url).exists(redis_cache.make_and_validate_key("gone")) == 0


def test_incr_and_decr_count_an_existing_key(redis_cache):
    redis_cache.add("n", 0, timeout=60)
    assert redis_cache.incr("n") == 1
    assert redis_cache.incr("n", 5) == 6
    assert redis_cache.decr("n") == 5
    assert redis_cache.get("n") == 5


def test_the_sign_in_lockout_holds_at_the_same_instant(redis_cache, settings):
    settings.SIGN_IN_ACCOUNT_FAILURES = 5
    attempts = all_at_once(lambda: signin_throttle.attempt_start(request_from("192.0.2.1"), "jo@example.org"))
    assert sum(attempt.allowed for attempt in attempts) == 5
    for attempt in attempts:
        if attempt.allowed:
            attempt.failed()
    assert signin_throttle.refused(request_from("198.51.100.9"), "JO@example.org")
    assert not signin_throttle.attempt_start(request_from("198.51.100.9"), "jo@example.org").allowed


def test_the_enquiry_limits_hold_at_the_same_instant(redis_cache, settings):
    settings.ENQUIRIES_PER_ADDRESS = 5
    numbers = itertools.count()  # an email each: only the address's limit is reached
    waits = all_at_once(lambda: enquiry_throttle.claim(request_from("192.0.2.1"), f"person{next(numbers)}@example.org"))
    assert waits.count(0) == 5
    assert all(wait > 0 for wait in waits if wait)


def test_the_feedback_limit_holds_at_the_same_instant(redis_cache, settings):
    settings.FEEDBACK_PER_ADDRESS = 3
    taken = all_at_once(lambda: feedback_throttle.take_place(request_from("192.0.2.1")))
    assert taken.count(True) == 3


def test_one_data_version_for_everyone_until_a_change_replaces_it(redis_cache, settings):
    settings.DIRECTORY_PAGE_CACHE = True
    versions = set(all_at_once(page_cache.data_version))
    assert len(versions) == 1
    assert page_cache.remembered("count", lambda: 1, 60) == 1
    assert page_cache.remembered("count", lambda: 2, 60) == 1  # kept for this version
    page_cache.replace_data_version()
    assert page_cache.data_version() not in versions
    assert page_cache.remembered("count", lambda: 2, 60) == 2  # built afresh for the new one


def test_values_come_back_as_they_were_kept(redis_cache):
    redis_cache.set_many({"number": 7, "bytes": b"\x00gz", "page": ("v1", b"html", [("Vary", "Cookie")])}, 60)
    redis_cache.set("text", "café", version=2)
    assert redis_cache.get_many(["number", "bytes", "page", "missing"]) == {
        "number": 7,
        "bytes": b"\x00gz",
        "page": ("v1", b"html", [("Vary", "Cookie")]),
    }
    assert redis_cache.get("text") is None
    assert redis_cache.get("text", version=2) == "café"
    assert redis_cache.get("missing", "default") == "default"
    assert redis_cache.get_many(key for key in ["number", "missing"]) == {"number": 7}
    assert redis_cache.get_many([]) == {}
    assert redis_cache.set_many({}) == []


def test_a_timeout_is_the_keys_expiry_and_zero_keeps_nothing(redis_cache, redis_url):
    server = redis.Redis.from_url(redis_url)
    redis_cache.set("minute", 1, 60)
    redis_cache.set_many({"for ever": 1}, None)
    redis_cache.set("default", 1)
    assert 0 < server.ttl(redis_cache.make_key("minute")) <= 60
    assert server.ttl(redis_cache.make_key("for ever")) == -1
    assert 0 < server.ttl(redis_cache.make_key("default")) <= 300
    redis_cache.set("minute", 2, 0)
    assert redis_cache.get("minute") is None


def test_each_thread_keeps_one_connection_and_takes_none_from_the_pool(redis_cache):
    redis_cache.get("warm")
    from_the_pool = mock.patch.object(redis.ConnectionPool, "get_connection", side_effect=AssertionError("pool"))
    counted = mock.patch.object(redis.Connection, "__init__", autospec=True, side_effect=redis.Connection.__init__)
    with from_the_pool, counted as made:
        for number in range(5):
            redis_cache.set("k", number, 60)
            assert redis_cache.get_many(["k"]) == {"k": number}
        assert made.call_count == 0  # this thread's connection, made by the first get
        assert all_at_once(lambda: redis_cache.get("k"), times=3) == [4, 4, 4]
        assert made.call_count == 3


def test_a_connection_the_server_closed_is_replaced(redis_cache, redis_url):
    redis_cache.set("k", "kept", 60)
    redis.Redis.from_url(redis_url).client_kill_filter(_type="normal", skipme=True)
    assert redis_cache.get("k") == "kept"


def test_a_failure_leaves_no_reply_unread_for_the_next_command(redis_cache):
    redis_cache.set_many({"a": 1, "b": 2}, 60)
    refused = mock.patch.object(redis.Connection, "read_response", side_effect=redis.ResponseError("refused"))
    with refused, pytest.raises(redis.ResponseError):
        redis_cache.set_many({"a": 3, "b": 4}, 60)
    # Both replies to the SETs were left on the connection: read next, they would be taken for this MGET's.
    assert redis_cache.get_many(["a", "b"]) == {"a": 3, "b": 4}
