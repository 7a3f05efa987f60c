"""The GIAS layouts and value maps, and the rule for which establishments the directory covers."""

import pytest

from schools.loading import gias


def test_layouts_are_told_apart_by_the_header():
    assert gias.detect_layout(["urn", "la_code", "establishment_name"]) is gias.EXTRACT_2022
    assert gias.detect_layout(["URN", "LA (code)", "EstablishmentName"]) is gias.GIAS_DOWNLOAD
    assert gias.detect_layout(["id", "name"]) is None


@pytest.mark.parametrize(
    ("type_group", "establishment_type", "region", "reason"),
    [
        ("Local authority maintained schools", "Community school", "London", None),
        ("Academies", "Academy converter", "North West", None),
        ("Free Schools", "Studio schools", "South East", None),
        ("Special schools", "Community special school", "London", None),
        ("Special schools", "Non-maintained special school", "London", "independent school"),
        ("Independent schools", "Other independent school", "London", "independent school"),
        ("Welsh schools", "Welsh establishment", "Wales (pseudo)", "in Wales"),
        ("Colleges", "Further education", "London", "college, university or other provider"),
        ("Online provider", "Online provider", "", "college, university or other provider"),
    ],
)
def test_which_establishments_are_covered(type_group, establishment_type, region, reason):
    assert gias.reason_to_skip(type_group=type_group, establishment_type=establishment_type, region_name=region) == (
        reason
    )


def test_an_unknown_type_group_is_an_error():
    with pytest.raises(KeyError):
        gias.reason_to_skip(type_group="Circus schools", establishment_type="", region_name="London")


def test_every_model_phase_and_rating_has_a_gias_name():
    from schools.models import School

    assert set(gias.PHASES.values()) == set(School.Phase.values)
    assert set(gias.OFSTED_RATINGS.values()) == set(School.OfstedRating.values)
    assert set(gias.GIAS_STATUSES.values()) == set(School.GiasStatus.values)
