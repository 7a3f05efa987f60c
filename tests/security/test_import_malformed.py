"""Malformed CSV files given to the two importers (the designation import in the admin, and load_schools) are
refused with a report, and leave the database exactly as it was."""

import csv
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.urls import reverse

from roles.admin import IMPORT_SESSION_KEY
from roles.models import Designation
from schools.models import School
from tests.roles.factories import CuratorFactory
from tests.roles.test_import import GOOD_ROWS, HEADER, places  # noqa: F401  (fixture)
from tests.schools.conftest import extract_rows, geography, gias_sample_rows, run_command  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024
JUNK = bytes(range(256)) * 16


def database_state() -> dict:
    """Row counts of every table, with every designation and school: a refused file must change none of it."""
    return {
        "counts": {model._meta.label: model._default_manager.count() for model in apps.get_models()},
        "designations": list(Designation.objects.order_by("pk").values()),
        "schools": list(School.objects.order_by("urn").values()),
    }


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


# The designation import in the admin

DESIGNATION_FILES = {
    "UTF-16": csv_text(*GOOD_ROWS).encode("utf-16"),
    "binary junk": JUNK,
    "an Excel workbook": b"PK\x03\x04" + JUNK,
    "missing columns": csv_text("nle,100001", header="role,urn").encode(),
    "a date that does not exist": csv_text(GOOD_ROWS[0].replace("2023-09-01", "2023-02-30")).encode(),
    "a date in no known format": csv_text(GOOD_ROWS[0].replace("2023-09-01", "1st Sept 2023")).encode(),
    "a date beyond any calendar": csv_text(GOOD_ROWS[0].replace("2023-09-01", "99999-99-99")).encode(),
    "an unknown URN": csv_text(GOOD_ROWS[0].replace("100001", "999999999999999999999")).encode(),
    "the same row twice": csv_text(GOOD_ROWS[0], GOOD_ROWS[0]).encode(),
    "one good row and a duplicate URN's bad row": csv_text(GOOD_ROWS[0], "NLE,100001,,,,,,,,,,").encode(),
    "a 1 MB cell": csv_text(GOOD_ROWS[0].replace("Headteacher", "x" * MEGABYTE)).encode(),
    "a 1 MB quoted cell": csv_text(GOOD_ROWS[0].replace("Headteacher", '"' + "x," * (MEGABYTE // 2) + '"')).encode(),
    "a NUL byte": csv_text(GOOD_ROWS[0].replace("Amara", "Am\x00ara")).encode(),
    "an empty file": b"",
    "only a header": csv_text().encode(),
    "only blank lines": b"\n\n\r\n",
}


@pytest.fixture
def curator_client(client, places):  # noqa: F811
    client.force_login(CuratorFactory())
    return client


@pytest.mark.parametrize("content", DESIGNATION_FILES.values(), ids=DESIGNATION_FILES.keys())
def test_a_malformed_designation_file_is_refused_with_a_report(curator_client, content):
    before = database_state()

    response = curator_client.post(
        reverse("admin:roles_designation_import"),
        {"csv_file": SimpleUploadedFile("designations.csv", content, content_type="text/csv")},
    )

    assert response.status_code == 200
    report = response.context["report"]
    if report is None:  # refused by the upload form itself (an empty file)
        assert response.context["form"].errors
    else:
        assert not report.can_import
        assert report.problems or any(row.problems for row in report.rows)
    assert response.context["token"] is None
    assert IMPORT_SESSION_KEY not in curator_client.session
    # A confirmation without a checked file imports nothing either.
    curator_client.post(reverse("admin:roles_designation_import_confirm"), {"token": ""})
    assert database_state() == before


# load_schools


@pytest.fixture
def loaded(geography, extract_rows, tmp_path):  # noqa: F811
    """Five schools from the real 2022 extract already in the directory; returns (header, rows, a file writer)."""
    header, rows = extract_rows

    def write(name: str, text: str | None = None, *, rows=rows, header=header, encoding="utf-8") -> str:
        path = tmp_path / name
        if text is None:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
            text = buffer.getvalue()
        path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
        return str(path)

    run_command("load_schools", write("first.csv", rows=rows[:5]), "--no-mark-closures")
    assert School.objects.count() == 5
    return header, rows, write


def changed(rows, index, **values):
    return [dict(row, **values) if i == index else row for i, row in enumerate(rows)]


def school_files(header, rows, write) -> dict[str, str]:
    name_column = next(column for column in header if "name" in column.lower())
    urn_column = next(column for column in header if column.lower() == "urn")
    date_columns = [column for column in ("open_date", "close_date") if column in header]  # the dates it reads
    files = {
        "UTF-16": write("utf16.csv", encoding="utf-16"),
        "binary junk": write("junk.csv", JUNK),
        "missing columns": write("missing.csv", header=[c for c in header if c != "postcode"]),
        "duplicate URNs": write("duplicate.csv", rows=[*rows[5:10], rows[6]]),
        "a 1 MB name": write("huge.csv", rows=changed(rows, 7, **{name_column: "x" * MEGABYTE})),
        "a NUL byte": write("nul.csv", rows=changed(rows, 7, **{name_column: "Oak\x00Primary"})),
        "a URN that is not a number": write("urn.csv", rows=changed(rows, 8, **{urn_column: "1e5"})),
        "a URN too big for the database": write("big.csv", rows=changed(rows, 8, **{urn_column: "9" * 30})),
        "an empty file": write("empty.csv", b""),
        "only a header": write("header.csv", rows=[]),
    }
    for column in date_columns:
        for n, date in enumerate(["2023-02-31", "31-02-2023", "99999-01-01"]):
            files[f"{date} in {column}"] = write(f"date-{column}-{n}.csv", rows=changed(rows, 9, **{column: date}))
    return files


def test_malformed_school_files_are_refused_with_a_report(loaded):
    header, rows, write = loaded
    files = school_files(header, rows, write)
    before = database_state()
    accepted = {}
    for what, path in files.items():
        try:
            output = run_command("load_schools", path, "--no-mark-closures")
        except CommandError as error:
            assert str(error), what
        else:
            accepted[what] = output
        assert database_state() == before, what
    assert not accepted, accepted
    assert len(files) >= 16
