import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """The demo-data check is cached; start and end every test without it."""
    cache.clear()
    yield
    cache.clear()
