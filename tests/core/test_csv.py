"""One CSV writer for every download (core/csv.py): a cell a spreadsheet would run as a formula is written as text,
on every download the service offers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from core.csv import csv_lines, csv_response, spreadsheet_cell
from deployments import services
from deployments.models import Deployment
from tests.deployments.factories import REQUESTED_ON, kind
from tests.factories import DesignationFactory, LocalAuthorityFactory, RegionFactory, SchoolFactory, SystemLeaderFactory

FORMULAS = ['=HYPERLINK("http://evil.example","Click")', "@SUM(A1:A9)", "+1+1", "-2+3", "\t=1", "\r=1", "  =1+1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, ""),
        ("Head of maths", "Head of maths"),
        ("O'Neill", "O'Neill"),
        ("a=b", "a=b"),
        (-3, "-3"),  # numbers are data, not formulas
        (Decimal("-1.50"), "-1.50"),
        (2.5, "2.5"),
        (True, "True"),
        (datetime.date(2026, 9, 1), "2026-09-01"),
    ],
)
def test_other_values_are_written_as_they_are(value, written):
    assert spreadsheet_cell(value) == written


def test_the_file_starts_with_a_byte_order_mark_and_guards_the_header_too():
    text = "".join(csv_lines(["name", "=cmd"], [["=1", 2]]))
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [["name", "'=cmd"], ["'=1", "2"]]


@pytest.mark.parametrize("streaming", [True, False])
def test_a_response_is_an_attachment(streaming):
    response = csv_response("x.csv", ["a"], [["=1"]], streaming=streaming)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    body = b"".join(response.streaming_content) if streaming else response.content
    assert body.decode("utf-8-sig").splitlines() == ["a", "'=1"]


# ---------------------------------------------------------------------------------------------------------------------
# Each download


def rows_of(response) -> list[dict]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def hostile_leader(db):
    """A current NLE whose name and job title, as a portal user or an import could type them, are formulas."""
    region = RegionFactory(code="E12000001", name="North East")
    authority = LocalAuthorityFactory(dfe_code="801", gss_code="E06000801", name="Alpha", region=region)
    school = SchoolFactory(local_authority=authority, region=region)
    leader = SystemLeaderFactory(
        first_name='=HYPERLINK("http://evil.example","Click")',
        last_name="Smith",
        job_title=" @SUM(A1:A9)",
        school=school,
    )
    return DesignationFactory(leader=leader)


def test_the_public_results_download(client, hostile_leader):
    rows = rows_of(client.get("/search/results.csv"))
    assert [row["name"] for row in rows] == ['\'=HYPERLINK("http://evil.example","Click") Smith']
    assert rows[0]["job_title"] == "' @SUM(A1:A9)"


def test_the_coverage_downloads(client, hostile_leader):
    authority = hostile_leader.leader.school.local_authority
    authority.name = "-1+cmd|' /C calc'!A0"
    authority.save()
    rows = rows_of(client.get("/coverage/E12000001.csv"))
    assert rows[0]["name"] == "'-1+cmd|' /C calc'!A0"
    assert rows_of(client.get("/coverage.csv"))[0]["name"] == "North East"


def test_the_admin_designations_export(curator_client, hostile_leader):
    rows = rows_of(curator_client.get(reverse("admin:roles_designation_export")))
    assert rows[0]["first_name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert rows[0]["job_title"] == "' @SUM(A1:A9)"


def test_the_admin_deployments_export(admin_client, hostile_leader):
    deployment = services.deployment_request(
        kind=kind("nle-alongside-own-staff"),
        lead=hostile_leader,
        supported_school=SchoolFactory(),
        requested_on=REQUESTED_ON,
    )
    Deployment.objects.filter(pk=deployment.pk).update(outcome_notes="\t=1+1")
    response = admin_client.post(
        reverse("admin:deployments_deployment_changelist"),
        {"action": "export_csv", "_selected_action": [deployment.pk], "index": 0},
    )
    row = rows_of(response)[0]
    assert row["outcome notes"] == "'\t=1+1"
    assert row["led by"] == '\'=HYPERLINK("http://evil.example","Click") Smith'
