"""The enquiry limits' counting (matching/throttle.py): an enquiry is claimed before it is sent, and variants of one
mailbox count as one. (The limits through the pages: tests/matching; at the same instant: test_races.py.)"""

import pytest
from django.test import RequestFactory

from matching import throttle


def request_from(address: str):
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("typed", "counted"),
    [
        ("Jo.Bloggs@School.Example", "jo.bloggs@school.example"),
        ("jo.bloggs+enquiry2@school.example", "jo.bloggs@school.example"),
        ("  jo.bloggs@school.example ", "jo.bloggs@school.example"),
        ("J.O.Bloggs+x@Gmail.com", "jobloggs@gmail.com"),
        ("jobloggs@googlemail.com", "jobloggs@gmail.com"),
        ("not an address", "not an address"),
    ],
)
def test_an_address_is_counted_as_the_mailbox_it_reaches(typed, counted):
    assert throttle.email_for_counting(typed) == counted


def test_tagged_and_dotted_variants_share_one_limit(settings):
    settings.ENQUIRIES_PER_EMAIL = 2
    variants = ["jo.bloggs@gmail.com", "Jo.Bloggs+one@gmail.com", "jobloggs+two@googlemail.com"]
    waits = [throttle.claim(request_from(f"192.0.2.{n}"), email) for n, email in enumerate(variants)]
    assert waits[:2] == [0, 0]
    assert waits[2] > 0


def test_a_claim_beyond_the_limit_counts_nothing(settings):
    settings.ENQUIRIES_PER_ADDRESS = 1
    request = request_from("192.0.2.1")
    assert throttle.claim(request, "a@example.org") == 0
    for _ in range(5):
        assert throttle.claim(request, "b@example.org") > 0
    # The refused claims took nothing from b's own limit: from elsewhere, b still has all of it.
    settings.ENQUIRIES_PER_EMAIL = 1
    assert throttle.claim(request_from("198.51.100.1"), "b@example.org") == 0


def test_a_released_claim_is_given_back(settings):
    settings.ENQUIRIES_PER_ADDRESS = 1
    request = request_from("192.0.2.1")
    assert throttle.claim(request, "a@example.org") == 0
    throttle.release(request, "a@example.org")
    assert throttle.claim(request, "a@example.org") == 0
    assert throttle.claim(request, "a@example.org") > 0
