import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from postcodes.models import OutwardCode, Postcode, PostcodeAreaFile

# Three real Code-Point Open areas (about 46,000 postcodes), and TD for its one postcode with no position.
REAL_AREAS = "ls,sw,ec,td"


def empty_postcode_tables():
    for model in (Postcode, OutwardCode, PostcodeAreaFile):
        model.objects.all().delete()


@pytest.fixture(scope="module")
def real_postcodes(django_db_setup, django_db_blocker):
    """Real postcodes loaded once per test module, committed, and removed again afterwards.

    Tests that use it also need the `db` fixture; anything they change is rolled back with their transaction.
    """
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("load_postcodes", areas=REAL_AREAS, stdout=out)
        yield out.getvalue()
        empty_postcode_tables()


@pytest.fixture
def write_area_file(tmp_path):
    """Write a small gzipped Code-Point Open area file (<area>.csv.gz) into tmp_path; returns the folder."""

    def write(area: str, lines: list[str], *, crlf: bool = True) -> Path:
        ending = "\r\n" if crlf else "\n"
        content = "".join(line + ending for line in lines).encode()
        (tmp_path / f"{area.lower()}.csv.gz").write_bytes(gzip.compress(content))
        return tmp_path

    return write


@pytest.fixture
def load(db):
    """Run load_postcodes and return what it printed (stdout and stderr); a CommandError carries it as .output."""

    def run(**options) -> str:
        out = StringIO()
        try:
            call_command("load_postcodes", stdout=out, stderr=out, **options)
        except CommandError as error:
            error.output = out.getvalue()
            raise
        return out.getvalue()

    return run
