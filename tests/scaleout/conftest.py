import os

import pytest

from bench.redis_server import RedisServer, redis_server_binary


def _require(what: str, how: str) -> None:
    """Locally a test that needs Redis is skipped without it; in CI (.ci/run starts one) its absence fails."""
    if os.environ.get("CI"):
        pytest.fail(f"{what}: .ci/run {how}")
    pytest.skip(what)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The suite's Redis (REDIS_URL, which .ci/run exports): shared, so each test empties it first."""
    url = os.environ.get("REDIS_URL")
    if not url:
        _require("REDIS_URL is not set (a Redis server, e.g. redis://127.0.0.1:6379/0)", "starts redis-server")
    return url


@pytest.fixture
def redis_cache(redis_url, settings):
    """The production settings' Redis cache in place of the tests' local memory, emptied before and after."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "support_directory.cache_backends.RedisCache", "LOCATION": redis_url}}
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def throwaway_redis():
    """A Redis of this test's own, which the test may stop."""
    if not redis_server_binary():
        _require("redis-server is not installed (apt-get install redis-server)", "installs redis-server")
    with RedisServer() as server:
        yield server
