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
def reference_rows(request):
    """Tests in real transactions (live servers, races) empty the database afterwards, taking the reference rows that
    migrations load (roles, specialisms, deployment kinds): put them back before each such test. (pytest-django runs
    transactional tests after the others, so the emptying never reaches those.)"""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        from django.apps import apps

        from roles.reference import sync_reference_data

        request.getfixturevalue("transactional_db")
        sync_reference_data(apps)


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
