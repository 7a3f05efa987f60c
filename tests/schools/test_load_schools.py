"""load_schools on small hand-made files: both GIAS layouts, encodings, skipped rows, and bad rows."""

import datetime
import gzip

import pytest
from django.core.management import CommandError

from schools.models import School

from .conftest import run_command

pytestmark = pytest.mark.django_db

NON_ASCII_NAME = "St Thomas à Becket’s – Église Primary School"  # à, ’, – and É are all in Windows-1252


@pytest.fixture(autouse=True)
def _geography(geography):
    return geography


def load(path, *options):
    return run_command("load_schools", str(path), "--no-mark-closures", *options)


def database_snapshot():
    """Everything load_schools writes, to prove a refused file changed nothing."""
    return list(School.objects.order_by("urn").values())


@pytest.fixture
def loaded_extract(extract_rows, write_csv):
    """The first 5 rows of the real 2022 extract, loaded; returns (header, all 20 rows)."""
    header, rows = extract_rows
    load(write_csv("first.csv", header, rows[:5]))
    assert School.objects.count() == 5
    return header, rows


# The 2022 extract layout


def test_the_extract_loads_and_a_second_run_changes_nothing(extract_rows, write_csv):
    header, rows = extract_rows
    path = write_csv("extract.csv", header, rows)
    first = load(path)
    assert "schools: 20 rows read, 20 created, 0 changed, 0 unchanged" in first
    assert "2022 GIAS extract, utf-8" in first
    assert "schools: 20 rows read, 0 created, 0 changed, 20 unchanged" in load(path)


def test_a_gzipped_file_is_recognised(extract_rows, tmp_path, write_csv):
    header, rows = extract_rows
    plain = write_csv("extract.csv", header, rows[:3])
    zipped = tmp_path / "extract.csv.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    assert "3 created" in load(zipped)


def test_only_differing_rows_are_saved(loaded_extract, write_csv):
    header, rows = loaded_extract
    changed = [dict(row) for row in rows[:5]]
    changed[1]["ofsted_rating"] = "Requires improvement"
    changed[1]["telephone_num"] = "020 7000 0000"
    output = load(write_csv("changed.csv", header, changed))
    assert "5 rows read, 0 created, 1 changed, 4 unchanged" in output
    school = School.objects.get(urn=int(changed[1]["urn"]))
    assert (school.ofsted_rating, school.telephone) == ("requires_improvement", "020 7000 0000")


# Bad rows: the whole file changes nothing


def bad_file(rows, header, index, **changes):
    """Rows 0-4 (loaded already) with a changed name, a new row 5, and row `index` changed as given."""
    rows = [dict(row) for row in rows[:7]]
    rows[0]["establishment_name"] = "A name that must not be saved"
    rows[index].update(changes)
    return rows


@pytest.mark.parametrize(
    ("changes", "line", "reason"),
    [
        ({"urn": ""}, 8, "urn is missing"),
        ({"urn": "12x"}, 8, "urn '12x' is not a URN"),
        ({"la_code": "999"}, 8, "la_code '999' is not a local authority we know"),
        ({"la_code": ""}, 8, "la_code is missing"),
        ({"open_date": "2019-02-30"}, 8, "open_date '2019-02-30' is not a date (yyyy-mm-dd)"),
        ({"ofsted_last_insp": "30/01/2019"}, 8, "ofsted_last_insp '30/01/2019' is not a date"),
        ({"education_phase": "Tertiary"}, 8, "education_phase 'Tertiary' is not a value we know"),
        ({"ofsted_rating": "Satisfactory"}, 8, "ofsted_rating 'Satisfactory' is not a value we know"),
        (
            {"establishment_type_group": "Circus schools"},
            8,
            "establishment_type_group 'Circus schools' is not a GIAS establishment type group",
        ),
        ({"easting": "-5"}, 8, "easting '-5' is not a whole number"),
        ({"northing": ""}, 8, "has an easting or a northing but not both"),
        ({"establishment_name": ""}, 8, "establishment_name is missing"),
        ({"statutory_low_age": "11", "statutory_high_age": "4"}, 8, "statutory high age 4 is below the low age 11"),
    ],
)
def test_a_bad_row_is_reported_and_the_file_changes_nothing(loaded_extract, write_csv, changes, line, reason):
    header, rows = loaded_extract
    before = database_snapshot()
    path = write_csv("bad.csv", header, bad_file(rows, header, 6, **changes))
    with pytest.raises(CommandError) as excinfo:
        load(path)
    message = str(excinfo.value)
    assert f"line {line}: {reason}" in message
    assert "nothing from this file was loaded" in message
    assert database_snapshot() == before


def test_a_duplicate_urn_names_both_lines(loaded_extract, write_csv):
    header, rows = loaded_extract
    before = database_snapshot()
    path = write_csv("bad.csv", header, bad_file(rows, header, 6, urn=rows[1]["urn"]))
    with pytest.raises(
        CommandError, match=rf"line 8: URN {rows[1]['urn']} appears twice in the file \(first on line 3\)"
    ):
        load(path)
    assert database_snapshot() == before


def test_a_missing_column_refuses_the_file(loaded_extract, write_csv):
    header, rows = loaded_extract
    before = database_snapshot()
    path = write_csv("bad.csv", [name for name in header if name != "postcode"], rows[:7])
    with pytest.raises(CommandError, match=r"line 1: the header lacks the column\(s\) postcode"):
        load(path)
    assert database_snapshot() == before


def test_an_unknown_header_refuses_the_file(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("id,title\n1,Something\n")
    with pytest.raises(CommandError, match="line 1: the header has neither 'urn'"):
        load(path)


def test_every_bad_row_is_reported_up_to_a_cap(loaded_extract, write_csv):
    header, rows = loaded_extract
    before = database_snapshot()
    bad = [dict(rows[5], urn=f"x{number}") for number in range(60)] + [dict(rows[6], la_code="999")]
    with pytest.raises(CommandError) as excinfo:
        load(write_csv("bad.csv", header, [rows[0], *bad]))
    message = str(excinfo.value)
    assert "61 problems" in message
    assert "line 3: urn 'x0' is not a URN" in message
    assert "line 52: urn 'x49' is not a URN" in message
    assert "x50" not in message
    assert "... and 11 more" in message
    assert database_snapshot() == before


def test_a_row_with_too_few_fields_is_reported(loaded_extract, tmp_path):
    header, rows = loaded_extract
    path = tmp_path / "short.csv"
    path.write_text(",".join(header) + "\n100000,201,City of London\n", encoding="utf-8")
    with pytest.raises(CommandError, match=f"line 2: has 3 fields, the header has {len(header)}"):
        load(path)


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read the file") as excinfo:
        load(tmp_path / "nowhere.csv")
    # It says where it looked and what changes that.
    assert str(tmp_path / "nowhere.csv") in str(excinfo.value)
    assert "SHARED_DATA_DIR" in str(excinfo.value)


def test_a_gzipped_copy_is_read_in_place_of_the_named_file(loaded_extract, tmp_path):
    header, rows = loaded_extract
    plain = tmp_path / "schools.csv"
    plain.write_text(",".join(header) + "\n", encoding="utf-8")
    (tmp_path / "schools.csv.gz").write_bytes(gzip.compress(plain.read_bytes()))
    plain.unlink()
    # The gzipped copy is the file read: its header is right, and it has no rows.
    with pytest.raises(CommandError, match=r"schools\.csv\.gz: 1 problem.*\n.*header but no schools"):
        load(plain)


# A real GIAS download (full columns, Windows-1252)


@pytest.fixture
def gias_sample_cp1252(gias_sample_rows, write_csv):
    """The 99-row GIAS sample written in Windows-1252, with one Camden school given a non-ASCII name."""
    header, rows = gias_sample_rows
    rows = [dict(row) for row in rows]
    argyle = next(row for row in rows if row["URN"] == "100008")
    argyle["EstablishmentName"] = NON_ASCII_NAME
    return write_csv("edubasealldata20210525.csv", header, rows, encoding="cp1252", line_end="\r\n")


def test_a_gias_download_in_windows_1252_loads_with_skips_counted(gias_sample_cp1252):
    output = load(gias_sample_cp1252)
    assert "GIAS download, cp1252" in output
    assert (
        "schools: 99 rows read, 39 created, 0 changed, 0 unchanged, "
        "60 skipped (closed 6, in Wales 51, independent school 3)"
    ) in output
    assert School.objects.get(urn=100008).name == NON_ASCII_NAME
    # The directory keeps state-funded schools in England only.
    assert not School.objects.filter(local_authority__dfe_code__startswith="6").exists()
    assert set(School.objects.values_list("local_authority__name", flat=True)) == {"Camden", "City of London"}
    assert "0 created, 0 changed, 39 unchanged" in load(gias_sample_cp1252)


def test_gias_values_are_mapped(gias_sample_cp1252):
    load(gias_sample_cp1252)
    aldgate = School.objects.get(urn=100000)
    assert (aldgate.name, aldgate.easting, aldgate.northing) == ("The Aldgate School", 533498, 181201)
    assert aldgate.ofsted_inspected_on == datetime.date(2013, 4, 19)  # 19-04-2013 in GIAS
    assert aldgate.region.name == "London"  # from the authority
    assert School.objects.get(urn=100005).phase == School.Phase.NURSERY  # Thomas Coram Centre
    assert School.objects.get(urn=100007).phase == School.Phase.NOT_APPLICABLE  # a pupil referral unit
    assert School.objects.get(urn=100012).gias_status == School.GiasStatus.PROPOSED_TO_CLOSE
    assert School.objects.get(urn=100006).opened_on == datetime.date(1999, 9, 1)


def test_a_closed_school_already_in_the_directory_is_updated(gias_sample_rows, write_csv):
    header, rows = gias_sample_rows
    argyle = next(row for row in rows if row["URN"] == "100008")
    load(write_csv("open.csv", header, [argyle]))
    closed = dict(argyle, **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2024"})
    output = load(write_csv("closed.csv", header, [closed]))
    assert "1 rows read, 0 created, 1 changed" in output
    school = School.objects.get(urn=100008)
    assert (school.gias_status, school.closed_on) == (School.GiasStatus.CLOSED, datetime.date(2024, 8, 31))


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ("Serious Weaknesses", School.OfstedRating.INADEQUATE),
        ("Special Measures", School.OfstedRating.INADEQUATE),
        ("Requires improvement", School.OfstedRating.REQUIRES_IMPROVEMENT),
        ("", School.OfstedRating.NOT_REPORTED),
    ],
)
def test_gias_ofsted_ratings(gias_sample_rows, write_csv, rating, expected):
    header, rows = gias_sample_rows
    argyle = dict(next(row for row in rows if row["URN"] == "100008"), **{"OfstedRating (name)": rating})
    load(write_csv("one.csv", header, [argyle]))
    assert School.objects.get(urn=100008).ofsted_rating == expected


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        ("Middle deemed primary", School.Phase.MIDDLE_DEEMED_PRIMARY),
        ("Middle deemed secondary", School.Phase.MIDDLE_DEEMED_SECONDARY),
        ("16 plus", School.Phase.SIXTEEN_PLUS),
        ("All-through", School.Phase.ALL_THROUGH),
        ("Not applicable", School.Phase.NOT_APPLICABLE),
    ],
)
def test_gias_phases(gias_sample_rows, write_csv, phase, expected):
    header, rows = gias_sample_rows
    argyle = dict(next(row for row in rows if row["URN"] == "100008"), **{"PhaseOfEducation (name)": phase})
    load(write_csv("one.csv", header, [argyle]))
    assert School.objects.get(urn=100008).phase == expected


def test_blank_grid_references_are_null(gias_sample_rows, write_csv):
    header, rows = gias_sample_rows
    argyle = dict(next(row for row in rows if row["URN"] == "100008"), Easting="", Northing="")
    load(write_csv("one.csv", header, [argyle]))
    school = School.objects.get(urn=100008)
    assert (school.easting, school.northing) == (None, None)


def test_a_gias_date_in_the_wrong_format_is_reported(gias_sample_rows, write_csv):
    header, rows = gias_sample_rows
    argyle = dict(next(row for row in rows if row["URN"] == "100008"), OpenDate="1999-09-01")
    with pytest.raises(CommandError, match=r"line 2: OpenDate '1999-09-01' is not a date \(dd-mm-yyyy\)"):
        load(write_csv("one.csv", header, [argyle]))
    assert not School.objects.exists()


def test_the_encoding_option_is_obeyed(gias_sample_cp1252):
    with pytest.raises(CommandError, match="cannot be read as utf-8"):
        load(gias_sample_cp1252, "--encoding", "utf-8")
    assert "GIAS download, cp1252" in load(gias_sample_cp1252, "--encoding", "cp1252")
