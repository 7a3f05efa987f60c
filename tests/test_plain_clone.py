"""The README's first command works from a plain clone anywhere: a clone with no ../shared beside it loads the
reference data the repository carries (data/) and the postcodes, offline. This runs the set-up of `make run` (the
`data` target: everything before the server starts) in a fresh clone in a temporary folder, with this checkout's
virtualenv standing in for the installs, and checks the counts."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the README's first command sets up SQLite; run once, on the SQLite pass"
    ),
]

COUNTS = """
from postcodes.models import Postcode
from schools.models import School, TeachingSchoolHubArea
print(School.objects.count(), TeachingSchoolHubArea.objects.count(), Postcode.objects.count())
"""


def test_make_data_in_a_fresh_clone_with_no_shared_folder(tmp_path):
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.fail("git and make are needed (the README's commands use make)")
    base = Path(settings.BASE_DIR)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(base), str(clone)], check=True)
    assert not (tmp_path / "shared").exists()
    venv = Path(sys.executable).parent.parent
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SHARED_DATA_DIR", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE"}
    }
    # `-o setup`: the installs are this checkout's (a clone would install the same packages from the registries).
    result = subprocess.run(
        ["make", "-o", "setup", "data", f"VENV={venv}"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    counts = (
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", COUNTS],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        .split()
    )
    assert counts == ["20188", "87", "1739998"]
