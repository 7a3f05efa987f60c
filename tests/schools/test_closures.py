"""load_schools --mark-closures on a hand-made case: open, replaced (through a chain of successors), closed, unclear."""

import pytest
from django.core.management import CommandError

from schools.models import School

from .conftest import run_command

pytestmark = pytest.mark.django_db

OPEN = 100000  # still open in 2025
REPLACED = 100008  # its successor 200001 is open
CHAINED = 100009  # replaced by 200002 (closed since), which was replaced by 200003 (open)
CLOSED = 100010  # not open, no links (only a predecessor link)
UNCLEAR = 100011  # not open, linked only by "Result of Amalgamation"
RENAMED = 100013  # successor 200004, whose 2025 name came out in Cyrillic


@pytest.fixture(autouse=True)
def _geography(geography):
    return geography


@pytest.fixture
def closure_files(extract_rows, write_csv):
    header, rows = extract_rows
    schools = write_csv("schools.csv", header, rows[:6])
    open_schools = write_csv(
        "open.csv",
        ["urn", "name", "open_date", "town", "postcode"],
        [
            {"urn": OPEN, "name": "The Aldgate School", "town": "London", "postcode": "EC3A 5DE"},
            {"urn": 200001, "name": "Argyle Primary Academy", "open_date": "01-09-2023"},
            {"urn": 200003, "name": "West Hampstead Academy", "open_date": "01-09-2024"},
            {"urn": 200004, "name": "St Thomas \u0430 Becket Primary School", "open_date": "01-09-2024"},
        ],
    )
    link = ["URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"]
    links = write_csv(
        "links.csv",
        link,
        [
            {"URN": REPLACED, "LinkURN": 200001, "LinkName": "Argyle Academy", "LinkType": "Successor"},
            {"URN": 200001, "LinkURN": REPLACED, "LinkName": "Argyle Primary School", "LinkType": "Predecessor"},
            {
                "URN": CHAINED,
                "LinkURN": 200002,
                "LinkName": "West Hampstead Federation",
                "LinkType": "Successor - merged",
                "LinkEstablishedDate": "01-09-2022",
            },
            {"URN": 200002, "LinkURN": 200003, "LinkName": "West Hampstead Academy", "LinkType": "Successor"},
            {"URN": CLOSED, "LinkURN": 100001, "LinkName": "An older school", "LinkType": "Predecessor"},
            {"URN": UNCLEAR, "LinkURN": 100002, "LinkName": "A partner", "LinkType": "Result of Amalgamation"},
            {"URN": RENAMED, "LinkURN": 200004, "LinkName": "St Thomas Becket", "LinkType": "Successor - amalgamated"},
        ],
        encoding="cp1252",
        line_end="\r\n",
    )
    return schools, open_schools, links


def mark(schools, open_schools, links):
    return run_command(
        "load_schools", str(schools), "--mark-closures", "--open-schools", str(open_schools), "--links", str(links)
    )


def later(urn):
    school = School.objects.get(urn=urn)
    return school.later_status, school.successor_urn, school.successor_name


def test_each_later_status(closure_files):
    output = mark(*closure_files)
    assert later(OPEN) == ("open", None, "")
    assert later(REPLACED) == ("replaced", 200001, "Argyle Primary Academy")  # the 2025 name
    assert later(CHAINED) == ("replaced", 200003, "West Hampstead Academy")  # followed to the open school
    assert later(CLOSED) == ("closed", None, "")
    assert later(UNCLEAR) == ("unknown", None, "")
    assert later(RENAMED) == ("replaced", 200004, "St Thomas à Becket Primary School")
    assert "0 created, 5 changed, 1 unchanged" in output  # unknown is where every school starts
    assert "still open 1, replaced by a successor school 3, closed 1, not checked 1" in output
    assert "later status: 11 rows read, 0 created, 0 changed, 6 unchanged" in mark(*closure_files)


def test_closures_are_off_for_a_file_given_as_path(closure_files):
    schools, _open_schools, _links = closure_files
    output = run_command("load_schools", str(schools))
    assert "later status" not in output
    assert set(School.objects.values_list("later_status", flat=True)) == {"unknown"}


def test_a_bad_links_file_changes_nothing(closure_files, tmp_path):
    schools, open_schools, _links = closure_files
    run_command("load_schools", str(schools))
    links = tmp_path / "bad_links.csv"
    links.write_text(
        "URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\r\n"
        f"{REPLACED},200001,Argyle Academy,Successor,\r\n"
        "1000x,200001,Somewhere,Successor,31-02-2020\r\n"
        f"{CHAINED},200002,Somewhere,Successor,31-02-2020\r\n",
        encoding="cp1252",
    )
    with pytest.raises(CommandError, match=r"line 3: URN '1000x'(.|\n)*line 4: LinkEstablishedDate '31-02-2020'"):
        mark(schools, open_schools, links)
    assert set(School.objects.values_list("later_status", flat=True)) == {"unknown"}
