from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    path = Path(settings.SHARED_DATA_DIR)
    if not path.is_dir():
        pytest.fail(f"The shared data folder is missing: {path}")
    return path
