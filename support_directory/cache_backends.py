"""Django's database cache with add() and incr() that count correctly when many servers do them at once.

Django's own incr() on the database cache reads the value and writes it back, so two requests at the same moment
both write the same number, and its add() over an expired row can succeed twice. The rate limits (signin/throttle.py,
matching/throttle.py) count with add() and incr(), so here both run in a transaction that first locks the key's row
(SELECT … FOR UPDATE on PostgreSQL; on SQLite, whose transactions are IMMEDIATE in our settings, the write lock taken
at BEGIN serialises them). On Redis, the other production cache, add() is one SET NX and incr() is made one step
here too: Django's asks whether the key exists and then increments it, and a key that expires in between comes back
from INCR as a new counter with no timeout (a window that never ends)."""

from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import connections, router, transaction


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
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        value = self._cache.get_client(key, write=True).eval(INCR_IF_PRESENT, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value
