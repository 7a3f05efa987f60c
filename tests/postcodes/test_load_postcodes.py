"""load_postcodes on small files written for each test (the real areas are in test_load_real_postcodes.py)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from postcodes import services
from postcodes.models import OutwardCode, Postcode, PostcodeAreaFile

GOOD_LEEDS_ROWS = [
    "LS1 1AA,10,1000,2000",
    "LS1 1AB,10,1011,2011",
    "LS2 7AA,90,0,0",
]


def table_contents():
    return (
        list(Postcode.objects.values_list("postcode", "positional_quality", "easting", "northing")),
        list(OutwardCode.objects.values_list("code", "easting", "northing", "postcode_count")),
        list(PostcodeAreaFile.objects.values_list("area", "sha256", "row_count")),
    )


def test_first_load_of_a_small_file(write_area_file, load):
    data_dir = write_area_file("ls", GOOD_LEEDS_ROWS)
    output = load(data_dir=data_dir)
    assert "LS ls.csv.gz: 3 rows, 3 created, 0 changed, 0 removed, 1 unlocated, 2 outward codes" in output
    assert "Now 3 postcodes (1 with no position) in 2 outward codes." in output
    assert list(Postcode.objects.values_list("postcode", "positional_quality", "easting", "northing")) == [
        ("LS1 1AA", 10, 1000, 2000),
        ("LS1 1AB", 10, 1011, 2011),
        ("LS2 7AA", 90, None, None),
    ]
    # The mean of 1000 and 1011 is 1005.5: rounded half up.
    assert list(OutwardCode.objects.values_list("code", "easting", "northing", "postcode_count")) == [
        ("LS1", 1006, 2006, 2),
        ("LS2", None, None, 1),
    ]
    area_file = PostcodeAreaFile.objects.get()
    assert (area_file.area, area_file.row_count, len(area_file.sha256)) == ("LS", 3, 64)


def test_a_changed_file_is_diffed(write_area_file, load):
    data_dir = write_area_file("ls", GOOD_LEEDS_ROWS)
    load(data_dir=data_dir)
    write_area_file(
        "ls",
        [
            "LS1 1AA,10,1000,2000",  # unchanged
            "LS1 1AB,30,1020,2020",  # moved
            "LS3 1AA,10,3000,4000",  # new; LS2 7AA has gone
        ],
    )
    output = load(data_dir=data_dir)
    assert "3 rows, 1 created, 1 changed, 1 removed, 0 unlocated, 2 outward codes" in output
    assert list(Postcode.objects.values_list("postcode", "positional_quality", "easting", "northing")) == [
        ("LS1 1AA", 10, 1000, 2000),
        ("LS1 1AB", 30, 1020, 2020),
        ("LS3 1AA", 10, 3000, 4000),
    ]
    assert list(OutwardCode.objects.values_list("code", "easting", "northing", "postcode_count")) == [
        ("LS1", 1010, 2010, 2),
        ("LS3", 3000, 4000, 1),
    ]
    assert "0 created, 0 changed, 0 removed" in load(data_dir=data_dir, force=True)


def test_the_files_own_padded_postcodes_are_made_canonical(write_area_file, load):
    # Ordnance Survey's own Code-Point Open pads postcodes to seven characters.
    data_dir = write_area_file("m", ["M1  1AE,10,384000,398000", "M11AF,10,384010,398010"], crlf=False)
    load(data_dir=data_dir)
    assert list(Postcode.objects.values_list("postcode", flat=True)) == ["M1 1AE", "M1 1AF"]


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("LS1 1AD,10,abc,2000", "easting 'abc' is not a whole number"),
        ("LS1 1AD,10,1000,2000.5", "northing '2000.5' is not a whole number"),
        ("LS1 1AD,10,1000", "expected 4 columns (postcode, positional quality, easting, northing), found 3"),
        ("LS1 1AD,10,1000,2000,9", "expected 4 columns (postcode, positional quality, easting, northing), found 5"),
        ("LSX 1AD,10,1000,2000", "'LSX 1AD' is not a postcode"),
        (",10,1000,2000", "'' is not a postcode"),
        ("SW1A 1AA,10,529090,179645", "postcode SW1A 1AA is not in area LS"),
        ("LS1 1AA,10,1000,2000", "postcode LS1 1AA is repeated (first on line 1)"),
        ("LS1 1AD,99,1000,2000", "positional quality 99 is not a Code-Point Open value"),
        ("LS1 1AD,10,800000,2000", "easting 800000 is out of range (0 to 700,000)"),
        ("LS1 1AD,10,-5,2000", "easting -5 is out of range (0 to 700,000)"),
    ],
)
def test_a_malformed_row_changes_nothing_from_its_file(write_area_file, load, bad_line, reason):
    data_dir = write_area_file("ls", GOOD_LEEDS_ROWS)
    load(data_dir=data_dir)
    before = table_contents()

    write_area_file("ls", ["LS1 1AA,10,1000,2000", "LS1 1AB,10,5000,5000", bad_line, "LS9 9ZZ,10,1,1"])
    with pytest.raises(CommandError, match="Nothing was loaded from 1 file"):
        load(data_dir=data_dir)
    assert table_contents() == before


def test_malformed_rows_are_reported_with_file_and_line(write_area_file, load):
    data_dir = write_area_file("ls", ["LS1 1AA,10,1000,2000", "LS1 1AB,10,x,2000", "", "LS1 1AD;10;1;1"])
    with pytest.raises(CommandError) as excinfo:
        load(data_dir=data_dir)
    assert str(excinfo.value) == "Nothing was loaded from 1 file(s) with malformed rows: ls.csv.gz"
    output = excinfo.value.output
    assert "LS ls.csv.gz: 2 malformed row(s); nothing from this file was loaded" in output
    assert "ls.csv.gz line 2: easting 'x' is not a whole number" in output
    assert "ls.csv.gz line 4: expected 4 columns (postcode, positional quality, easting, northing), found 1" in output
    assert table_contents() == ([], [], [])


def test_other_files_still_load_when_one_is_malformed(write_area_file, load):
    write_area_file("ls", GOOD_LEEDS_ROWS)
    data_dir = write_area_file("m", ["M1 1AE,10,384000,398000", "M1 1AF,ten,384010,398010"])
    with pytest.raises(CommandError, match="m.csv.gz"):
        load(data_dir=data_dir)
    assert list(PostcodeAreaFile.objects.values_list("area", flat=True)) == ["LS"]
    assert Postcode.objects.count() == 3


def test_a_failure_while_writing_rolls_the_file_back(write_area_file, load, monkeypatch):
    def fail(rows):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "outward_codes_from", fail)  # runs after the postcodes are inserted
    data_dir = write_area_file("ls", GOOD_LEEDS_ROWS)
    with pytest.raises(RuntimeError):
        load(data_dir=data_dir)
    assert table_contents() == ([], [], [])


def test_unreadable_file(tmp_path, load):
    (tmp_path / "ls.csv.gz").write_bytes(b"not gzip at all")
    with pytest.raises(CommandError) as excinfo:
        load(data_dir=tmp_path)
    assert "ls.csv.gz line 0: cannot read the file" in excinfo.value.output


def test_only_the_areas_asked_for(write_area_file, load):
    write_area_file("ls", GOOD_LEEDS_ROWS)
    data_dir = write_area_file("m", ["M1 1AE,10,384000,398000"])
    load(data_dir=data_dir, areas="M")
    assert list(Postcode.objects.values_list("postcode", flat=True)) == ["M1 1AE"]


def test_areas_from_the_command_line(write_area_file, load):
    write_area_file("ls", GOOD_LEEDS_ROWS)
    data_dir = write_area_file("m", ["M1 1AE,10,384000,398000"])
    call_command("load_postcodes", "--areas", "ls, m", "--data-dir", str(data_dir), stdout=StringIO())
    assert Postcode.objects.count() == 4


def test_unknown_area(write_area_file, load):
    data_dir = write_area_file("ls", GOOD_LEEDS_ROWS)
    with pytest.raises(CommandError, match="No Code-Point Open file for area QQ"):
        load(data_dir=data_dir, areas="ls,qq")
    assert Postcode.objects.count() == 0


def test_missing_data_dir(tmp_path, load):
    with pytest.raises(CommandError, match="No Code-Point Open folder"):
        load(data_dir=tmp_path / "nowhere")


def test_quiet_at_verbosity_0_except_for_errors(write_area_file, load):
    data_dir = write_area_file("ls", GOOD_LEEDS_ROWS)
    assert load(data_dir=data_dir, verbosity=0) == ""
    write_area_file("ls", ["LS1 1AA,10,1000"])
    with pytest.raises(CommandError) as excinfo:
        load(data_dir=data_dir, verbosity=0)
    assert "ls.csv.gz line 1: expected 4 columns" in excinfo.value.output
