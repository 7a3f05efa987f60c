"""Times the designation import's dry run and confirm on a file of ROWS rows (2,000 by default, the most a file may
have), on the database DATABASE_URL names (PostgreSQL in the README's figure).

    DATABASE_URL=postgres://postgres@127.0.0.1:54329/support_directory .venv/bin/python bench/import_dry_run.py

It makes a throwaway database of its own (bench_import_dry_run, migrated, dropped afterwards), so the one in
DATABASE_URL is never touched. The file mixes the kinds of row a real one has: new NLEs, SLEs of a teaching school
with two specialisms each, people already listed (found by email), and a few rows with problems. Prints seconds and
SQL queries for each step.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_directory.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SCHOOLS = 200


def build_file(rows: int) -> bytes:
    from tests.factories import SchoolFactory, SystemLeaderFactory, TeachingSchoolDesignationFactory

    schools = [SchoolFactory(urn=700000 + n) for n in range(SCHOOLS)]
    TeachingSchoolDesignationFactory(school=SchoolFactory(urn=300000), designated_on=datetime.date(2014, 4, 1))
    listed = [SystemLeaderFactory(school=schools[n], email=f"listed{n}@example.org") for n in range(50)]
    lines = ["role,urn,first_name,last_name,email,designated_on,review_due,teaching_school_urn,specialisms"]
    for n in range(rows):
        urn = 700000 + n % SCHOOLS
        if n % 40 == 39:  # a problem: no such school
            lines.append(f"nle,999999,Bad,Row{n},,2023-09-01,,,")
        elif n % 10 < 5:
            lines.append(f"nle,{urn},Amara,Khan{n},amara{n}@example.org,2023-09-01,2026-09-01,,")
        elif n % 10 < 9 or n // 10 >= len(listed):
            lines.append(f"sle,{urn},Ben,Okafor{n},,01/09/2023,,300000,maths;english")
        else:
            person = listed[n // 10]
            lines.append(f"lle,{urn},{person.first_name},{person.last_name},{person.email},2022-09-01,,300000,")
    return ("\n".join(lines) + "\n").encode()


def timed(label: str, call):
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s, {len(queries)} SQL queries")
    return result


def upload(content: bytes):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("bench", "bench@education.gov.uk"))
    response = client.post(
        reverse("admin:roles_designation_import"),
        {"csv_file": SimpleUploadedFile("bench.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return response


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()

    from audit.context import acting_as
    from roles.importing import designations_import

    setup_test_environment()  # the test client's host is allowed
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "bench_import_dry_run"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with acting_as(None, source="command", record=False):
            content = build_file(args.rows)
        print(f"{connection.vendor}, {args.rows} rows")
        report = timed("dry run", lambda: designations_import(content=content, filename="bench.csv", dry_run=True))
        print(f"  {len(report.rows_with_problems)} rows with problems")
        timed("the admin's upload page (dry run and the page listing every row)", lambda: upload(content))
        good = (
            b"\n".join(line for n, line in enumerate(content.splitlines()) if n == 0 or b"999999" not in line) + b"\n"
        )
        report = timed("confirm", lambda: designations_import(content=good, filename="bench.csv", dry_run=False))
        print(f"  imported: {report.imported}, {len(report.rows)} rows")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
