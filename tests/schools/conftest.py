"""Fixtures for the schools loaders: real data loaded once per module, and small hand-made GIAS files."""

import csv
import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from schools.models import HubAreaDistrict, LocalAuthority, Region, School, TeachingSchoolHubArea

EXTRACT_FILE = "gias_2022_state_funded_mainstream_schools.csv.gz"
GIAS_SAMPLE_FILE = "gias_sample_full_columns_2021.csv"


def empty_schools_tables():
    """Delete every row of the schools tables with plain SQL (the ORM's cascade collector takes seconds on 20,000
    schools), children first."""
    TeachingSchoolHubArea.objects.update(lead_school=None)
    with connection.cursor() as cursor:
        for model in (HubAreaDistrict, School, TeachingSchoolHubArea, LocalAuthority, Region):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def run_command(name: str, *args, **options) -> str:
    """Run a management command and return what it printed; a CommandError carries the output as .output."""
    out = StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=out, **options)
    except CommandError as error:
        error.output = out.getvalue()
        raise
    return out.getvalue()


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker):
    """All the real reference data (load_reference_data), loaded once per test module, committed, and removed
    afterwards. Returns what the command printed. Tests also need `db`; their own changes are rolled back."""
    with django_db_blocker.unblock():
        empty_schools_tables()
        output = run_command("load_reference_data")
        yield output
        empty_schools_tables()


@pytest.fixture(scope="module")
def geography(django_db_setup, django_db_blocker):
    """The real regions and local authorities (load_geography), once per test module, removed afterwards."""
    with django_db_blocker.unblock():
        empty_schools_tables()
        yield run_command("load_geography")
        empty_schools_tables()


@pytest.fixture(scope="session")
def extract_rows(shared_data_dir) -> tuple[list[str], list[dict]]:
    """The header and the first 20 rows of the real 2022 extract (City of London and Camden schools)."""
    with gzip.open(shared_data_dir / EXTRACT_FILE, "rt", encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        rows = [row for _, row in zip(range(20), reader, strict=False)]
    return list(reader.fieldnames), rows


@pytest.fixture(scope="session")
def gias_sample_rows(shared_data_dir) -> tuple[list[str], list[dict]]:
    """The header and the 99 genuine rows of the full-width GIAS sample."""
    with open(shared_data_dir / GIAS_SAMPLE_FILE, encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
    return list(reader.fieldnames), rows


@pytest.fixture
def write_csv(tmp_path):
    """Write rows (dicts) under a header to a CSV file in tmp_path; returns its path."""

    def write(name: str, header: list[str], rows: list[dict], *, encoding: str = "utf-8", line_end: str = "\n") -> Path:
        path = tmp_path / name
        with open(path, "w", encoding=encoding, newline="") as file:
            writer = csv.DictWriter(file, fieldnames=header, lineterminator=line_end, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write
