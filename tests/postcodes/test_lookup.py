import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from postcodes.distance import distance_metres
from postcodes.lookup import InvalidPostcode, Location, PostcodeNotFound, locate, normalise_postcode


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        (" SW1A 1AA ", "SW1A 1AA"),
        ("sw1a  1aa", "SW1A 1AA"),
        ("Sw1A\t1aA", "SW1A 1AA"),
        ("SW1A\u00a01AA", "SW1A 1AA"),  # a non-breaking space, pasted from a web page
        ("ec3a5de", "EC3A 5DE"),  # AA9A 9AA
        ("W1A 0AX", "W1A 0AX"),  # A9A 9AA
        ("m11ae", "M1 1AE"),  # A9 9AA
        ("B33 8TH", "B33 8TH"),  # A99 9AA
        ("cr26xh", "CR2 6XH"),  # AA9 9AA
        ("DN55 1PT", "DN55 1PT"),  # AA99 9AA
        ("ls1 1az", "LS1 1AZ"),
        ("LS6", "LS6"),  # outward codes alone
        (" ls6 ", "LS6"),
        ("ls11", "LS11"),
        ("SW1A", "SW1A"),
        ("m1", "M1"),
        ("EC3A", "EC3A"),
    ],
)
def test_normalise_postcode(typed, canonical):
    assert normalise_postcode(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "LS",  # an area, not an outward code
        "1AA",
        "SW1A 1A",
        "LS1 1",  # not LS11
        "SW 1A1AA",
        "SW1A 1 AA",
        "SW1A 1AAA",
        "SW1A-1AA",
        "SW1A 1AA X",
        "LS1 1AZ LS1 1AZ",
        "Q1 1AA",  # Q never starts a postcode
        "LI1 1AA",  # I is not a second letter
        "W1I 1AA",  # nor a third-position letter in A9A
        "EC1C 1AA",  # nor is C the last letter of AA9A
        "LS1 1AC",  # C is not used in the inward code
        "12345",
        "London",
    ],
)
def test_normalise_postcode_refuses_what_is_not_a_postcode(typed):
    with pytest.raises(InvalidPostcode, match="Enter a real postcode, like SW1A 1AA") as excinfo:
        normalise_postcode(typed)
    assert excinfo.value.query == typed


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_normalise_postcode_asks_for_one_when_empty(typed):
    with pytest.raises(InvalidPostcode, match="Enter a postcode"):
        normalise_postcode(typed)


def test_invalid_postcode_is_a_value_error():
    with pytest.raises(ValueError):
        normalise_postcode("nonsense")


@pytest.mark.slow
@pytest.mark.django_db
def test_locate_a_full_postcode(real_postcodes):
    with CaptureQueriesContext(connection) as queries:
        location = locate("ec3a5de")  # The Aldgate School
    assert len(queries) == 1
    assert location == Location(
        query="ec3a5de", postcode="EC3A 5DE", easting=533502, northing=181167, is_outward_code=False
    )
    assert location.metres_to(533498, 181201) < 100  # the school's own GIAS grid reference


@pytest.mark.slow
@pytest.mark.django_db
def test_locate_an_outward_code_at_its_centre(real_postcodes):
    with CaptureQueriesContext(connection) as queries:
        location = locate("ls6")
    assert len(queries) == 1
    assert location.postcode == "LS6"
    assert location.is_outward_code
    assert (location.easting, location.northing) == (428354, 436064)  # the mean of its 886 postcodes
    assert distance_metres(location.easting, location.northing, 427600, 436400) < 1500  # Headingley


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("LS99 9ZZ", "We could not find the postcode LS99 9ZZ"),  # well formed, but not a postcode
        ("LS77", "We could not find the postcode LS77"),  # a well-formed outward code that is not used
        ("YO1 7HH", "We could not find the postcode YO1 7HH"),  # real, but its area was not loaded
    ],
)
def test_locate_what_we_cannot_place(real_postcodes, typed, message):
    with pytest.raises(PostcodeNotFound) as excinfo:
        locate(typed)
    assert str(excinfo.value) == message
    assert excinfo.value.query == typed


@pytest.mark.django_db
def test_locate_refuses_a_malformed_postcode_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(InvalidPostcode):
        locate("not a postcode")


@pytest.mark.parametrize(
    ("postcode", "country"),
    [
        ("EH1 1YZ", "Scotland"),  # Edinburgh
        ("CF10 1EP", "Wales"),  # Cardiff
        ("G1 1XQ", "Scotland"),
        ("ZE1", "Scotland"),
        ("SA1 1AA", "Wales"),
        ("TD1 1AA", "Scotland"),  # Galashiels
        ("NP20 1AA", "Wales"),  # Newport
        ("TD15 1AA", ""),  # Berwick-upon-Tweed, England
        ("TD12", ""),  # on both sides of the Tweed
        ("NP16 7AA", ""),  # Sedbury, Gloucestershire
        ("CH1 1AA", ""),  # Chester; CH also covers Flintshire
        ("SY1 1AA", ""),
        ("GL1 1AA", ""),  # not the G area
        ("LS6", ""),
    ],
)
def test_country_outside_england_from_the_code_alone(postcode, country):
    from postcodes.lookup import country_outside_england

    assert country_outside_england(postcode) == country


@pytest.mark.django_db
def test_locate_refuses_a_postcode_outside_england_with_a_message_and_no_query(django_assert_num_queries):
    from postcodes.lookup import PostcodeError, PostcodeOutsideEngland

    with django_assert_num_queries(0), pytest.raises(PostcodeOutsideEngland) as refused:
        locate("eh1 1yz")
    assert isinstance(refused.value, PostcodeError)
    assert refused.value.message == (
        "Enter a postcode in England: EH1 1YZ is in Scotland, and this service covers schools in England only"
    )
    assert refused.value.query == "eh1 1yz"
    with pytest.raises(PostcodeOutsideEngland, match="CF10 is in Wales"):
        locate("CF10")


@pytest.mark.django_db
def test_locate_a_postcode_held_with_no_position():
    from postcodes.models import Postcode

    # Code-Point Open's one unlocated postcode among those the tests load is TD14 9AH, in Scotland (told so first).
    Postcode.objects.create(postcode="LS6 9ZX", positional_quality=Postcode.PositionalQuality.NO_COORDINATES)
    with pytest.raises(PostcodeNotFound, match="We could not find the postcode LS6 9ZX"):
        locate("ls6 9zx")
