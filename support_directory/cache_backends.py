"""Django's database cache with add() and incr() that count correctly when many servers do them at once.

Django's own incr() on the database cache reads the value and writes it back, so two requests at the same moment
both write the same number, and its add() over an expired row can succeed twice. The rate limits (signin/throttle.py,
matching/throttle.py) count with add() and incr(), so here both run in a transaction that first locks the key's row
(SELECT … FOR UPDATE on PostgreSQL; on SQLite, whose transactions are IMMEDIATE in our settings, the write lock taken
at BEGIN serialises them). On Redis, the other production cache, add() is one SET NX and incr() is made one step
here too: Django's asks whether the key exists and then increments it, and a key that expires in between comes back
from INCR as a new counter with no timeout (a window that never ends). Redis's get, get_many, set and set_many go on
a connection each thread keeps (RedisCache, below), for the page cache's round trips (issue #14)."""

import os
import threading
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import connections, router, transaction
from redis.exceptions import ConnectionError as RedisConnectionError


class DatabaseCache(DjangoDatabaseCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._row_locked(key, version):
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._row_locked(key, version):
            return super().incr(key, delta, version)

    @contextmanager
    def _row_locked(self, key, version):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                quote_name = connection.ops.quote_name
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT 1 FROM {quote_name(self._table)} WHERE {quote_name('cache_key')} = %s FOR UPDATE",
                        [self.make_and_validate_key(key, version=version)],
                    )
            yield


# INCRBY only if the key is there, in one step on the server; nil (None) if it is not.
INCR_IF_PRESENT = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end"


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, with get, get_many, set and set_many sent on a connection each thread of each process
    keeps (redis-py's own Connection, which writes the commands and reads the replies). Through Django's cache and
    redis-py's client each was about 100 µs of the app's CPU, where the same command on a kept connection is about
    40: the client takes a connection from its pool and asks the kernel whether it holds unread replies before every
    command, and Django makes a client and checks each key for memcached's rules. A page built on a miss makes two
    such round trips, a page served from the cache one (issue #14). A connection the server closed is replaced and its
    commands sent once more (all four are idempotent); any failure drops the connection, so no reply is left unread
    on it. Keys, values and connection options are those of Django's own client (its serializer and pool, private
    names: tests/scaleout/test_redis_cache.py reads with get() what Django's own add() and incr() wrote)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._kept = threading.local()

    def get(self, key, default=None, version=None):
        (value,) = self._run(("GET", self.make_key(key, version=version)))
        return default if value is None else self._cache._serializer.loads(value)

    def get_many(self, keys, version=None):
        keys = list(keys)
        if not keys:
            return {}
        values = self._run(("MGET", *(self.make_key(key, version=version) for key in keys)))[0]
        loads = self._cache._serializer.loads
        return {key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.set_many({key: value}, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        timeout = self.get_backend_timeout(timeout)
        if timeout == 0:  # Django's meaning: do not keep them
            self.delete_many(data, version)
            return []
        expiry = () if timeout is None else ("EX", timeout)
        dumps = self._cache._serializer.dumps
        self._run(*(("SET", self.make_key(key, version=version), dumps(value), *expiry) for key, value in data.items()))
        return []

    def _run(self, *commands) -> list:
        """The replies to the commands, sent in one write on this thread's kept connection."""
        try:
            return self._send(commands)
        except RedisConnectionError:  # the server closed it (restarted, or its client timeout): once more, anew
            return self._send(commands)

    def _send(self, commands) -> list:
        connection = self._connection()
        try:
            connection.send_packed_command(connection.pack_commands(commands))
            return [connection.read_response() for _ in commands]
        except BaseException:
            connection.disconnect()  # no reply is left unread on it: the next command connects afresh
            raise

    def _connection(self):
        kept = self._kept
        if getattr(kept, "pid", None) != os.getpid():  # a new thread, or a process forked after it was made
            pool = self._cache._get_connection_pool(write=True)
            kept.connection, kept.pid = pool.connection_class(**pool.connection_kwargs), os.getpid()
        return kept.connection

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        value = self._cache.get_client(key, write=True).eval(INCR_IF_PRESENT, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value
