"""Found in review: str.isdigit() is true of "²" and of other scripts' digits, which int() refuses, so a number
check that used it let them through to a 500. Every such check now takes only 0-9 (core.text.is_ascii_number)."""

import pytest

from core.text import is_ascii_number
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

DIGITS = ["²", "²³", "١٢٣", "߁", "𝟗"]


@pytest.mark.parametrize("text", ["0", "123", "000123"])
def test_plain_digits_are_numbers(text):
    assert is_ascii_number(text)


@pytest.mark.parametrize("text", ["", " 1", "1.5", "-1", *DIGITS])
def test_anything_else_is_not(text):
    assert not is_ascii_number(text)


@pytest.mark.parametrize("digits", DIGITS)
def test_public_pages_answer_other_digits_without_failing(client, digits):
    school = SchoolFactory()
    urls = [
        f"/search/?q={digits}",
        f"/search/?radius={digits}",
        f"/search/?page={digits}",
        f"/ask-for-support/school/?q={digits}",
        f"/ask-for-support/school/?urn={digits}",
        f"/ask-for-support/schools.json?q={digits}",
        f"/ask-for-support/need/?urn={digits}",
        f"/ask-for-support/enquiry/?urn={school.urn}&need=leadership&leader={digits}",
        f"/ask-for-support/enquiry/?urn={school.urn}&need=leadership&teaching_school={digits}",
        f"/coverage/?reach={digits}",
    ]
    for url in urls:
        assert client.get(url).status_code < 500, url


@pytest.mark.parametrize("digits", DIGITS)
def test_the_improvement_offer_search_takes_other_digits(curator_client, digits):
    response = curator_client.get("/admin/schools/supportflag/improvement-offer/", {"q": digits})
    assert response.status_code == 200
