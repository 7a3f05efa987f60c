from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    path = Path(settings.SHARED_DATA_DIR)
    if not path.is_dir():
        pytest.fail(f"The shared data folder is missing: {path}")
    return path


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: cached option lists hold primary keys of earlier tests' rows."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def curator(db):
    """A member of DfE staff in the "DfE curator" group."""
    from tests.roles.factories import CuratorFactory

    return CuratorFactory()


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
