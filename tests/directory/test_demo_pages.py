"""Every page that shows the demo population, scanned (issue 11, item 8): each says on the page that what it shows is
invented, no fictional person is reached through a real school's telephone or address, and the review dates shown
are plausible. The demo data is loaded on 60 factory-made schools, each with its own (real-looking) contact."""

import csv
import datetime
import io
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from directory.models import Listing
from roles.models import Designation, Role, SystemLeader
from schools.models import School
from tests.demo.test_leaders import schools  # noqa: F401 (a fixture: 60 schools in 3 local authorities)

pytestmark = pytest.mark.django_db

DEMO_TAG = re.compile(r'<strong class="govuk-tag govuk-tag--purple">\s*Demo\s*</strong>')
YEAR = datetime.timedelta(days=365)


@pytest.fixture
def demo(schools):  # noqa: F811
    for school in schools:
        school.telephone = f"0113 {school.urn:06d}"
        school.street = f"{school.urn} School Lane"
        school.postcode = f"LS{school.urn % 30} {school.urn % 9}AB"
        school.save()
    call_command("load_demo_data", stdout=StringIO())
    return schools


def main_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def assert_marked_as_demo(main: str, url: str) -> None:
    assert DEMO_TAG.search(main), f"{url} has no Demo tag"
    assert "invented for the demonstration" in main, f"{url} does not say what is invented"


def assert_no_school_contact(main: str, school: School, url: str) -> None:
    for detail in (school.telephone, school.street, school.postcode):
        assert detail not in main, f"{url} shows {school.name}'s {detail!r} on a fictional person's page"
    assert f"Contact {school.name}" not in main


def assert_plausible_review(designation: Designation, url: str) -> None:
    if designation.review_due is None:
        return
    assert designation.review_due >= designation.designated_on + YEAR, f"{url}: review {designation} too soon"
    if designation.ended_on:
        assert designation.review_due <= designation.ended_on, f"{url}: review of {designation} after it ended"


def test_every_demo_leader_page_is_marked_and_never_gives_a_real_school_as_the_contact(client, demo):
    leaders = SystemLeader.objects.demo().select_related("school")
    assert leaders.count() > 20
    for leader in leaders:
        url = f"/leaders/{leader.pk}/"
        response = client.get(url)
        main = main_of(client, url)
        assert_marked_as_demo(main, url)
        assert_no_school_contact(main, leader.school, url)
        designations = [designation for designation, _ in response.context["designations"]]
        assert len(DEMO_TAG.findall(main)) >= 1 + sum(designation.is_demo for designation in designations)
        for designation in designations:
            assert_plausible_review(designation, url)
            if designation.teaching_school:  # its teaching school is a real school too
                assert_no_school_contact(main, School.objects.get(urn=designation.teaching_school.urn), url)


def test_every_demo_teaching_school_page_is_marked_and_shows_no_contact_of_the_real_school(client, demo):
    teaching_schools = Designation.objects.demo().of_role(Role.Code.TEACHING_SCHOOL).select_related("school")
    assert teaching_schools
    for designation in teaching_schools:
        url = f"/teaching-schools/{designation.school.urn}/"
        response = client.get(url)
        main = main_of(client, url)
        assert_marked_as_demo(main, url)
        assert f"{designation.school.name} is a real school, but it is not a teaching school" in main
        assert_no_school_contact(main, designation.school, url)
        if response.context["school"].alliance_partners:
            assert "this alliance is invented for the demonstration" in main
        for shown, _ in [*response.context["held"], *response.context["designations_made"]]:
            assert_plausible_review(shown, url)


def test_every_school_page_with_demo_designations_or_people_is_marked(client, demo):
    schools_with_demo = School.objects.filter(
        Q(designations__is_demo=True) | Q(system_leaders__is_demo=True)
    ).distinct()
    assert schools_with_demo.count() > 10
    for school in schools_with_demo:
        url = f"/schools/{school.urn}/"
        response = client.get(url)
        main = main_of(client, url)
        assert_marked_as_demo(main, url)
        assert "do not contact the school about" in main
        for shown, _ in [*response.context["held"], *response.context["leaders"]]:
            assert_plausible_review(shown, url)


def test_every_result_for_demo_data_is_marked(client, demo):
    page, seen, total = 1, 0, None
    while True:
        response = client.get("/search/", {"status": "all", "page": page})
        if response.status_code == 404:
            break
        total = response.context["result_count"]
        main = response.content.decode()
        listed = main.split('<ol class="app-results govuk-list"', 1)[1].split("</ol>", 1)[0]
        results = listed.split("<li><h3 ")[1:]
        assert len(results) == len(response.context["rows"])
        for row, result in zip(response.context["rows"], results, strict=True):
            assert row.is_demo
            assert DEMO_TAG.search(result), f"result {row.name} on page {page} is not marked as demo"
            assert Listing.objects.get(pk=row.listing.pk).school.telephone not in result
        seen += len(results)
        page += 1
    assert seen == total and seen > 20


def test_a_real_designation_on_a_page_with_demo_ones_is_not_marked(client, demo):
    """Only what is invented carries the tag: a real teaching school stays unmarked beside demo people."""
    school = School.objects.filter(designations__isnull=True, system_leaders__is_demo=True).first()
    Designation.objects.create(
        role_id=Role.Code.TEACHING_SCHOOL, school=school, designated_on=timezone.localdate() - 5 * YEAR
    )
    main = main_of(client, f"/teaching-schools/{school.urn}/")
    assert not DEMO_TAG.search(main.split("Specialist and local leaders")[0])
    assert school.telephone in main


def test_downloads_say_which_results_are_demo_data(client, demo):
    real = School.objects.filter(designations__isnull=True).first()
    Designation.objects.create(
        role_id=Role.Code.TEACHING_SCHOOL, school=real, designated_on=timezone.localdate() - 5 * YEAR
    )
    response = client.get("/search/results.csv", {"status": "all"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) > 20
    assert {row["name"]: row["demo"] for row in rows if row["demo"] == "no"} == {real.name: "no"}
    assert {row["demo"] for row in rows} == {"yes", "no"}
    response = client.get("/search/results.json", {"status": "all"})
    results = json.loads(b"".join(response.streaming_content))["results"]
    assert [result["name"] for result in results if result["demo"] == "no"] == [real.name]
