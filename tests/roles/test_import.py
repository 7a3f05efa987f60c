"""Bulk import of designations from CSV: a dry run that lists every row's problems, then all rows or none."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import ChangeRecord
from roles import importing
from roles.importing import designations_import
from roles.models import Designation, Role, SystemLeader
from schools.models import School
from tests.factories import (
    DesignationFactory,
    RegionFactory,
    SchoolFactory,
    SystemLeaderFactory,
    TeachingSchoolDesignationFactory,
)

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:roles_designation_import")
CONFIRM = reverse("admin:roles_designation_import_confirm")
HEADER = (
    "role,urn,first_name,last_name,email,job_title,designated_on,review_due,teaching_school_urn,specialisms,"
    "council_seat,council_region"
)


@pytest.fixture
def places():
    """Schools with known URNs, and a teaching school (URN 300000) designated since 2014."""
    SchoolFactory(urn=100001, name="Oak Primary")
    SchoolFactory(urn=100002, name="Elm Academy")
    TeachingSchoolDesignationFactory(
        school=SchoolFactory(urn=300000, name="Harbour Teaching School"), designated_on=datetime.date(2014, 4, 1)
    )
    RegionFactory(name="North West", code="E12009999")


GOOD_ROWS = [
    "NLE,100001,Amara,Khan,amara.khan@example.org,Headteacher,2023-09-01,2026-09-01,,,,",
    "sle,100002,Ben,Okafor,,Head of maths,01/09/2023,,300000,Maths; english,,",
    "Specialist leader of education,100001,Cara,Jones,cara@example.org,,2024-01-15,,300000,assessment,,",
    "teaching_school_hub,100002,,,,,2021-09-01,,,,,",
    "tsc_representative,300000,Dev,Patel,dev@example.org,,2022-09-01,,,,regional,North West",
]


def csv_bytes(*rows, header=HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def problems_by_line(report) -> dict[int, list[str]]:
    return {row.line: row.problems for row in report.rows if row.problems}


# The importer


def test_a_good_file_imports_every_row(places, curator):
    report = designations_import(content=csv_bytes(*GOOD_ROWS), filename="good.csv", user=curator, dry_run=False)

    assert report.problems == []
    assert problems_by_line(report) == {}
    assert report.imported
    assert Designation.objects.count() == 1 + 5  # the teaching school, and the file's five
    sle = Designation.objects.get(leader__first_name="Ben")
    assert sorted(sle.specialisms.values_list("slug", flat=True)) == ["english", "maths"]
    assert sle.designated_on == datetime.date(2023, 9, 1)
    assert sle.teaching_school.urn == 300000
    assert Designation.objects.get(role=Role.Code.TEACHING_SCHOOL_HUB).school.urn == 100002
    assert SystemLeader.objects.get(email="amara.khan@example.org").email_is_public is False


def test_every_change_is_recorded_against_the_user_and_the_file(places, curator):
    designations_import(content=csv_bytes(*GOOD_ROWS), filename="good.csv", user=curator, dry_run=False)
    designation = Designation.objects.get(leader__first_name="Amara")
    for obj in (designation, designation.leader):
        record = ChangeRecord.objects.for_object(obj).get()
        assert (record.user, record.source, record.note) == (curator, "import", "good.csv")


def test_a_dry_run_saves_nothing(places, curator):
    counts = (Designation.objects.count(), SystemLeader.objects.count(), ChangeRecord.objects.count())
    report = designations_import(content=csv_bytes(*GOOD_ROWS), filename="good.csv", user=curator)
    assert report.can_import
    assert not report.imported
    assert [row.outcome for row in report.rows][0] == "NLE from 01/09/2023: Amara Khan, new person at Oak Primary"
    assert (Designation.objects.count(), SystemLeader.objects.count(), ChangeRecord.objects.count()) == counts


def test_existing_people_are_found_by_email_or_by_name_and_school(places):
    by_email = SystemLeaderFactory(first_name="Amara", last_name="Khan", email="AMARA.KHAN@example.org")
    by_name = SystemLeaderFactory(
        first_name="ben", last_name="okafor", email="", email_is_public=False, school=SchoolFactory(urn=100002)
    )
    report = designations_import(content=csv_bytes(*GOOD_ROWS[:2]), filename="f.csv", dry_run=False)
    assert report.imported
    assert Designation.objects.get(role=Role.Code.NLE).leader == by_email
    assert Designation.objects.get(role=Role.Code.SLE).leader == by_name
    assert "already listed" in report.rows[0].outcome


@pytest.mark.parametrize(
    "row, problem",
    [
        ("nle,,Amara,Khan,,,2023-09-01,,,,,", "urn: enter the URN"),
        ("nle,999999,Amara,Khan,,,2023-09-01,,,,,", "urn: there is no school with URN 999999"),
        ("nle,Oak,Amara,Khan,,,2023-09-01,,,,,", "urn: 'Oak' is not a URN"),
        ("wizard,100001,Amara,Khan,,,2023-09-01,,,,,", "role: unknown role 'wizard'"),
        (",100001,Amara,Khan,,,2023-09-01,,,,,", "role: enter the role"),
        ("nle,100001,Amara,Khan,,,2023-02-31,,,,,", "designated_on: '2023-02-31' is not a real date"),
        ("nle,100001,Amara,Khan,,,next week,,,,,", "designated_on: 'next week' is not a real date"),
        (
            "pupil_premium_reviewer,100001,Amara,Khan,,,9999-12-31,,,,,",
            "designated_on: The date must be between 1 January 2000 and",
        ),
        ("nle,100001,Amara,Khan,,,,,,,,", "designated_on: enter the date"),
        ("nle,100001,Amara,Khan,,,2023-09-01,2023-08-01,,,,", "review_due: the review must be after"),
        ("nle,100001,,Khan,,,2023-09-01,,,,,", "first_name: enter the person's first name"),
        ("nle,100001,Amara,Khan,not-an-email,,2023-09-01,,,,,", "email: 'not-an-email' is not an email address"),
        ("sle,100001,Amara,Khan,,,2023-09-01,,300000,,,", "specialisms: an SLE needs at least one specialism"),
        ("sle,100001,Amara,Khan,,,2023-09-01,,300000,Knitting,,", "specialisms: unknown specialism 'Knitting'"),
        ("sle,100001,Amara,Khan,,,2023-09-01,,,maths,,", "teaching_school_urn: an SLE needs the URN"),
        ("sle,100001,Amara,Khan,,,2023-09-01,,100002,maths,,", "teaching_school_urn: This school was not a designated"),
        ("nle,100001,Amara,Khan,,,2023-09-01,,,maths,,", "specialisms: only SLEs have specialisms"),
        (
            "nlg,100001,Amara,Khan,,,2024-01-01,,,,,",
            "designated_on: The national leader of governance programme closed",
        ),
        ("tsc_representative,100001,Amara,Khan,,,2023-09-01,,,,,", "council_seat: enter regional or peer"),
        ("tsc_representative,100001,Amara,Khan,,,2023-09-01,,,,regional,", "council_region: enter the region"),
        ("tsc_representative,100001,Amara,Khan,,,2023-09-01,,,,back,", "council_seat: unknown seat 'back'"),
        (
            # "serving school leaders of designated teaching schools": Oak Primary is not one
            "tsc_representative,100001,Amara,Khan,,,2023-09-01,,,,peer,",
            "first_name: Teaching Schools Council representatives are serving school leaders",
        ),
        ("teaching_school_hub,100001,Amara,,,,2023-09-01,,,,,", "first_name: a teaching school hub is a school"),
        ("nle,100001,Amara,Khan,,,2023-09-01,,,,,,surplus", "This row has 13 values but the header has 12 columns"),
        ("nle,100001,Amara," + "K" * 301 + ",,,2023-09-01,,,,,", "last_name: longer than 300 characters"),
    ],
)
def test_each_problem_is_reported_on_its_line(places, row, problem):
    report = designations_import(content=csv_bytes(GOOD_ROWS[0], row), filename="f.csv")
    problems = problems_by_line(report)
    assert list(problems) == [3], problems
    assert any(text.startswith(problem) for text in problems[3]), problems[3]
    assert not report.can_import


def test_ended_designations_can_be_imported_with_their_reason(places):
    header = HEADER + ",ended_on,end_reason"
    rows = [
        "nle,100001,Amara,Khan,a@example.org,,2015-09-01,,,,,,2020-08-31,Stepped down",
        "nle,100001,Amara,Khan,a@example.org,,2021-09-01,,,,,,,",
        "nle,100002,Ben,Okafor,,,2015-09-01,,,,,,2014-01-01,lapsed",
        "nle,100002,Cara,Jones,,,2015-09-01,,,,,,2016-01-01,",
        "nle,100002,Dev,Patel,,,2015-09-01,,,,,,2016-01-01,retired",
    ]
    report = designations_import(content=csv_bytes(*rows, header=header), filename="f.csv")
    problems = problems_by_line(report)
    assert set(problems) == {4, 5, 6}
    assert problems[4] == ["ended_on: the designation cannot end before it starts (designated_on)"]
    assert problems[5] == ["end_reason: say why the designation ended"]
    assert problems[6][0].startswith("end_reason: unknown reason 'retired'")
    assert "ended 31/08/2020" in report.rows[0].outcome


def test_duplicates_of_current_designations_and_of_other_rows_are_refused(places):
    holder = DesignationFactory(
        leader=SystemLeaderFactory(email="amara.khan@example.org", first_name="Amara", last_name="Khan")
    )
    rows = [
        GOOD_ROWS[0],  # Amara already holds a current NLE designation
        GOOD_ROWS[1],
        GOOD_ROWS[1],  # the same row again
        "SLE,100002,Ben,Okafor,,,2023-09-02,,300000,maths,,",  # the same person and role from another date
    ]
    problems = problems_by_line(designations_import(content=csv_bytes(*rows), filename="f.csv"))
    assert problems[2] == [
        f"Amara Khan already holds an open NLE designation, from {holder.designated_on:%d/%m/%Y}: "
        "end it first, or remove this row"
    ]
    assert problems[4] == ["Same designation as line 3"]
    assert problems[5][0].startswith("Ben Okafor already holds an open SLE designation, from 01/09/2023")
    assert 3 not in problems


def test_an_email_belonging_to_someone_else_is_refused(places):
    SystemLeaderFactory(first_name="Zoe", last_name="Other", email="amara.khan@example.org")
    problems = problems_by_line(designations_import(content=csv_bytes(GOOD_ROWS[0]), filename="f.csv"))
    assert problems == {2: ["email: amara.khan@example.org belongs to Zoe Other, not Amara Khan"]}


@pytest.mark.parametrize(
    "content, problem",
    [
        ("role,urn\nnle,100001\n".encode("utf-16"), "The file is not UTF-8 text"),
        (f"{HEADER}\nnle,100001,Zoë,Khan,,,2023-09-01,,,,,\n".encode("latin-1"), "The file is not UTF-8 text (line 2"),
        (b"PK\x03\x04 an xlsx file", "This is an Excel workbook, not a CSV file"),
        (b"", "The file is empty"),
        (b"role,first_name\nnle,Amara\n", "Missing columns: urn, designated_on"),
        (b"role,urn,designated_on,specialism\n", "Unknown column: specialism."),
        (b"role,urn,designated_on,urn\n", "These columns appear more than once: urn"),
        (b'role,urn,designated_on\nnle,100001,"' + b"x" * 140_000 + b'"\n', "Line 2 cannot be read as CSV"),
        (b"x" * (importing.MAX_FILE_BYTES + 1), "The file is larger than 2 MB"),
    ],
)
def test_problems_with_the_whole_file(content, problem):
    report = designations_import(content=content, filename="f.csv")
    assert any(text.startswith(problem) for text in report.problems), report.problems
    assert not report.can_import


def test_the_number_of_rows_is_capped(places, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    report = designations_import(content=csv_bytes(*GOOD_ROWS[:3]), filename="f.csv")
    assert report.problems == ["The file has more than 2 designations: split it into smaller files"]


def test_headers_are_forgiving_and_blank_lines_are_skipped(places):
    content = "\ufeffRole, URN ,First name,Last-Name,Designated on\r\nNLE,100001,Amara,Khan,2023-09-01\r\n,,,,\r\n"
    report = designations_import(content=content.encode(), filename="f.csv")
    assert report.problems == []
    assert len(report.rows) == 1
    assert report.can_import


def test_an_import_is_listed_in_the_directory_and_its_specialisms_are_in_the_history(places, curator):
    from directory.models import Listing

    designations_import(content=csv_bytes(*GOOD_ROWS), filename="good.csv", user=curator, dry_run=False)

    listed = set(Listing.objects.filter(leader__isnull=False).values_list("leader__first_name", flat=True))
    assert listed == {"Amara", "Ben", "Cara", "Dev"}
    assert Listing.objects.filter(holder_school__urn=100002).exists()  # the teaching school hub
    sle = Designation.objects.get(leader__first_name="Ben")
    changes = [record.changes for record in ChangeRecord.objects.for_object(sle).order_by("pk")]
    assert changes[0]["designated_on"] == [None, "2023-09-01"]
    assert changes[1] == {"specialisms added": [None, ["English", "Maths"]]}


def many_rows(count: int, file: str) -> list[str]:
    """New NLEs, SLEs of the teaching school and people already listed, in turn."""
    rows = []
    for n in range(count):
        urn = 100001 + n % 2
        if n % 3 == 0:
            rows.append(f"nle,{urn},Amara,Khan{n},{file}.amara{n}@example.org,,2023-09-01,,,,,")
        elif n % 3 == 1:
            rows.append(f"sle,{urn},Ben,Okafor{n}{file},,,01/09/2023,,300000,maths;english,,")
        else:
            person = SystemLeaderFactory(school=School.objects.get(urn=urn), email=f"{file}{n}@example.org")
            rows.append(f"lle,{urn},{person.first_name},{person.last_name},{person.email},,2022-09-01,,300000,,,")
    return rows


def queries(content: bytes, *, dry_run: bool) -> tuple[int, int]:
    """The queries an import runs: (reads and other writes, bulk inserts)."""
    with CaptureQueriesContext(connection) as captured:
        report = designations_import(content=content, filename="f.csv", dry_run=dry_run)
    assert report.can_import, problems_by_line(report)
    inserts = sum(1 for query in captured if query["sql"].startswith("INSERT"))
    return len(captured) - inserts, inserts


def test_the_dry_run_and_the_import_run_as_many_queries_for_200_rows_as_for_10(places):
    """Only the bulk inserts may be more: SQLite takes at most 999 values a statement, so they come in batches."""
    small, large = csv_bytes(*many_rows(10, "small")), csv_bytes(*many_rows(200, "large"))
    small_dry_run, large_dry_run = queries(small, dry_run=True), queries(large, dry_run=True)
    assert small_dry_run[0] == large_dry_run[0] <= 10
    assert large_dry_run[1] <= 3  # the new people
    with transaction.atomic():
        small_import = queries(small, dry_run=False)
        transaction.set_rollback(True)
    large_import = queries(large, dry_run=False)
    assert small_import[0] == large_import[0]
    assert large_import[1] <= 25  # people, designations, specialisms, history, listing: in batches, not per row


# The admin pages


def upload(client, content: bytes, name="designations.csv"):
    return client.post(IMPORT, {"csv_file": SimpleUploadedFile(name, content, content_type="text/csv")})


def test_the_list_links_to_the_import(curator_client):
    content = curator_client.get(reverse("admin:roles_designation_changelist")).content.decode()
    assert IMPORT in content
    assert "Import from CSV" in content
    assert curator_client.get(IMPORT).status_code == 200


def test_preview_lists_every_problem_row_with_its_line_and_saves_nothing(curator_client, places):
    counts = (Designation.objects.count(), SystemLeader.objects.count(), ChangeRecord.objects.count())
    rows = [
        GOOD_ROWS[0],
        "nle,999999,Amara,Khan,,,2023-09-01,,,,,",
        GOOD_ROWS[1],
        "sle,100001,Cara,Jones,,,2023-09-01,,300000,,,",
        "wizard,100001,Dev,Patel,,,31/13/2023,,,,,",
    ]
    response = upload(curator_client, csv_bytes(*rows))

    assert response.status_code == 200
    content = response.content.decode()
    report = response.context["report"]
    assert [row.line for row in report.rows] == [2, 3, 4, 5, 6]
    assert set(problems_by_line(report)) == {3, 5, 6}
    for line in (2, 3, 4, 5, 6):
        assert f'id="line-{line}"' in content
    assert "there is no school with URN 999999" in content
    assert "an SLE needs at least one specialism" in content
    assert "unknown role" in content and "31/13/2023" in content
    assert "3 of 5 rows have problems" in content
    assert "Confirm import" not in content
    assert "roles_designation_import" not in curator_client.session
    assert (Designation.objects.count(), SystemLeader.objects.count(), ChangeRecord.objects.count()) == counts

    # However the confirm URL is called, a file with a bad row cannot be imported.
    response = curator_client.post(CONFIRM, {"token": "guessed"})
    assert response.status_code == 302
    assert (Designation.objects.count(), SystemLeader.objects.count(), ChangeRecord.objects.count()) == counts


def test_confirm_imports_all_rows(curator_client, curator, places):
    response = upload(curator_client, csv_bytes(*GOOD_ROWS), name="autumn.csv")
    content = response.content.decode()
    assert "All 5 rows can be imported. Nothing has been saved yet." in content
    assert "Confirm import of 5 designations" in content
    assert Designation.objects.count() == 1
    token = response.context["token"]

    response = curator_client.post(CONFIRM, {"token": token})
    assert response.status_code == 302
    assert Designation.objects.count() == 6
    designation = Designation.objects.get(leader__first_name="Amara")
    record = ChangeRecord.objects.for_object(designation).get()
    assert (record.user, record.source, record.note) == (curator, "import", "autumn.csv")

    # The checked file is used once.
    assert curator_client.post(CONFIRM, {"token": token}).status_code == 302
    assert Designation.objects.count() == 6


def test_confirm_imports_nothing_if_a_row_went_wrong_after_the_check(curator_client, places):
    response = upload(curator_client, csv_bytes(*GOOD_ROWS))
    token = response.context["token"]
    # Between the check and the confirmation, someone designates Dev Patel (the last row) by hand.
    DesignationFactory(
        role=Role.objects.get(code=Role.Code.TSC_REPRESENTATIVE),
        leader=SystemLeaderFactory(first_name="Dev", last_name="Patel", email="dev@example.org"),
        council_seat="peer",
    )
    designations, leaders = Designation.objects.count(), SystemLeader.objects.count()

    response = curator_client.post(CONFIRM, {"token": token})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was imported" in content
    assert "Dev Patel already holds an open TSC representative designation" in content
    assert (Designation.objects.count(), SystemLeader.objects.count()) == (designations, leaders)


def test_confirm_needs_the_token_of_the_checked_file(curator_client, places):
    upload(curator_client, csv_bytes(*GOOD_ROWS))
    response = curator_client.post(CONFIRM, {"token": "not-the-token"}, follow=True)
    assert "There is no checked file waiting to be imported" in response.content.decode()
    assert Designation.objects.count() == 1
    assert curator_client.get(CONFIRM).status_code == 302


def test_a_file_that_is_too_big_is_refused_before_it_is_read(curator_client):
    response = upload(curator_client, b"role,urn\n" + b"x" * importing.MAX_FILE_BYTES)
    assert response.status_code == 200
    assert "the most is 2 MB" in response.content.decode()
    assert response.context["report"] is None


def test_a_file_in_the_wrong_encoding_is_explained(curator_client, places):
    response = upload(curator_client, f"{HEADER}\n{GOOD_ROWS[0].replace('Amara', 'Zoë')}\n".encode("cp1252"))
    assert "CSV UTF-8 (Comma delimited)" in response.content.decode()


def test_an_exported_list_can_be_checked_for_import_again(curator_client, places):
    designations_import(content=csv_bytes(*GOOD_ROWS), filename="f.csv", dry_run=False)
    export = curator_client.get(reverse("admin:roles_designation_export"))
    content = b"".join(export.streaming_content)

    report = upload(curator_client, content, name="export.csv").context["report"]

    assert report.problems == []
    assert "status" in report.ignored_columns
    assert len(report.rows) == 6
    # Everything in it is already current, so every row is refused as a duplicate.
    assert all("already holds an open" in row.problems[0] for row in report.rows)


def test_only_people_who_may_add_designations_can_import(client, places):
    user = User.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_designation"))
    client.force_login(user)
    assert client.get(IMPORT).status_code == 403
    assert upload(client, csv_bytes(*GOOD_ROWS)).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert "Import from CSV" not in client.get(reverse("admin:roles_designation_changelist")).content.decode()
