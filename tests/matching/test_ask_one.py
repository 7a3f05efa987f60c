"""Asking one leader or teaching school from their directory page: the school, a need they can help with, then the
enquiry as from the shortlist. Who will read it is said first; someone nobody can reach is said at once."""

import pytest
from django.core import mail

from matching.models import Enquiry
from roles.models import TeachingSchoolMembership
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.matching.test_ask import DETAILS, asking, spring_bank_staff, text  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def ask(client, world, **query):  # noqa: F811
    return client.get(f"/ask-for-support/leaders/{world.sle.leader_id}/", query)


def test_asking_an_sle_from_their_page(client, world, asking, spring_bank_staff, django_capture_on_commit_callbacks):  # noqa: F811
    page = text(ask(client, world))
    assert "Ask Samir Patel for support" in page and "Which school is asking for support?" in page
    assert "Your enquiry will go to the staff of Spring Bank Primary School" in page
    page = text(ask(client, world, q="little london"))
    assert "Little London Primary School" in page and "Choose your school" in page

    response = ask(client, world, urn=asking.urn)
    page = text(response)
    assert "What do you need help with?" in page and "Samir Patel can help with these" in page
    # Only what an SLE offering phonics and maths can help with.
    assert 'value="specialism"' in response.content.decode()
    assert 'value="leadership"' not in response.content.decode()
    assert "Phonics" in page and "Mathematics" in page or "Maths" in page

    response = ask(client, world, urn=asking.urn, need="specialism", specialism="phonics", answered="1")
    enquiry_url = (
        f"/ask-for-support/enquiry/?urn={asking.urn}&need=specialism&specialism=phonics&from=directory"
        f"&to=leader:{world.sle.leader_id}"
    )
    assert response["Location"] == enquiry_url
    page = text(client.get(enquiry_url))
    assert "Your enquiry will go to: Samir Patel" in page
    check_url = client.post(enquiry_url, DETAILS)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(check_url)
    recipient = Enquiry.objects.get().recipients.get()
    assert recipient.leader == world.sle.leader and recipient.teaching_school == world.spring_bank
    assert mail.outbox[0].to == spring_bank_staff


@pytest.mark.parametrize(
    "query, message",
    [
        ({"answered": "1"}, "Select what you need help with"),
        ({"need": "leadership", "answered": "1"}, "Select one of the things they can help with"),
        ({"need": "specialism", "answered": "1"}, "Select the subject or specialist area"),
        ({"need": "specialism", "specialism": "science", "answered": "1"}, "Select one of the subjects"),
    ],
)
def test_only_needs_they_can_help_with(client, world, asking, query, message):  # noqa: F811
    response = ask(client, world, urn=asking.urn, **query)
    assert response.status_code == 400
    assert "There is a problem" in text(response) and message in text(response)


def test_a_leader_too_far_away_is_refused_before_writing(client, world):  # noqa: F811
    """Issue #12 item 11: an NLE in Leeds for a school in the City of London (about 170 miles)."""
    response = client.get(
        f"/ask-for-support/leaders/{world.nle.leader_id}/",
        {"urn": world.aldgate.urn, "need": "leadership", "answered": "1"},
    )
    page = text(response)
    assert "Nadia Okafor is not on the shortlist for The Aldgate School" in page
    assert "too far away" in page and "See who could help The Aldgate School" in page


def test_someone_nobody_can_reach_is_said_at_once(client, world):  # noqa: F811
    TeachingSchoolMembership.objects.all().delete()
    page = text(ask(client, world))
    assert "You cannot ask Samir Patel through this service" in page
    assert "no one there is signed up to receive them yet" in page
    assert "contact the Department for Education" in page


def test_asking_a_teaching_school(client, world, asking, spring_bank_staff):  # noqa: F811
    url = f"/ask-for-support/teaching-schools/{world.spring_bank.urn}/"
    page = text(client.get(url))
    assert "Ask Spring Bank Primary School for support" in page
    assert "Your enquiry will go to the staff of Spring Bank Primary School" in page
    response = client.get(url, {"urn": asking.urn, "need": "specialism", "specialism": "phonics", "answered": "1"})
    assert response["Location"].endswith(f"&to=school:{world.spring_bank.urn}")


@pytest.mark.parametrize("url", ["/ask-for-support/leaders/999999/", "/ask-for-support/teaching-schools/107885/"])
def test_unknown_leaders_and_schools_are_not_found(client, world, url):  # noqa: F811
    assert client.get(url).status_code == 404
