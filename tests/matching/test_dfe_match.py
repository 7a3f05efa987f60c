"""Asking DfE to match the school with an NLE: offered beside direct enquiries for governance and leadership to an
eligible school; the request is stored once in the school's words, confirmed with a reference and an email, and a
school that has asked is told so."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from matching import dfe_match
from matching.models import DfeMatchRequest, Need
from schools import services as school_services
from schools.models import School
from tests.concurrency import Session, at_once, requires_postgresql
from tests.factories import DesignationFactory, SchoolFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "message": "Our governing body has lost its chair and two governors.\r\nWe need help to rebuild it.",
    "contact_name": "Jo Bloggs",
    "contact_role": "Headteacher",
    "contact_email": "jo.bloggs@example.org",
}


@pytest.fixture
def ri_school(db):
    return SchoolFactory(name="Alder Primary", ofsted_rating=School.OfstedRating.REQUIRES_IMPROVEMENT)


@pytest.fixture
def good_school(db):
    return SchoolFactory(name="Damson Primary", ofsted_rating=School.OfstedRating.GOOD)


def form_url(school, need="governance") -> str:
    return f"/ask-for-support/dfe-match/?urn={school.urn}&need={need}"


def shortlist_url(school, need="governance") -> str:
    return f"/ask-for-support/shortlist/?urn={school.urn}&need={need}"


def submit(**overrides):
    school = overrides.pop("school")
    return dfe_match.dfe_match_request_submit(school=school, need=overrides.pop("need", Need.GOVERNANCE), **DETAILS)


# ---------------------------------------------------------------------------------------------------------------------
# The offer on the shortlist


@pytest.mark.parametrize("need", ["governance", "leadership"])
def test_an_eligible_school_is_offered_a_dfe_match_beside_direct_enquiries(client, ri_school, need):
    DesignationFactory(leader__school=SchoolFactory(easting=ri_school.easting + 100, northing=ri_school.northing))
    page = client.get(shortlist_url(ri_school, need)).content.decode()
    assert "Ask DfE to match us with an NLE" in page
    assert f"/ask-for-support/dfe-match/?urn={ri_school.urn}&amp;need={need}" in page
    assert "Alder Primary is rated requires improvement by Ofsted" in page
    # Beside, not instead of: the NLEs are still listed to contact directly.
    assert "Why they are on the list" in page


def test_a_flagged_school_is_offered_it_in_words_that_do_not_mention_a_rating(client, good_school):
    school_services.support_flag_raise(school=good_school, reason="New head, falling results")
    page = client.get(shortlist_url(good_school)).content.decode()
    assert "DfE has noted that Damson Primary may need support" in page
    assert "Ask DfE to match us with an NLE" in page


def test_the_offer_is_not_made_to_a_school_not_eligible_or_for_other_needs(client, ri_school, good_school):
    assert "Ask DfE to match us with an NLE" not in client.get(shortlist_url(good_school)).content.decode()
    page = client.get(shortlist_url(ri_school, "pupil_premium")).content.decode()
    assert "Ask DfE to match us with an NLE" not in page


def test_a_school_that_has_asked_is_told_so_on_the_shortlist(client, ri_school):
    request, _ = submit(school=ri_school)
    page = client.get(shortlist_url(ri_school)).content.decode()
    assert f"(reference {request.reference})" in page
    assert "You do not need to ask again" in page
    assert "Ask DfE to match us with an NLE" not in page


# ---------------------------------------------------------------------------------------------------------------------
# The form


def test_a_school_asks_and_gets_a_confirmation_with_a_reference_and_an_email(
    client, ri_school, django_capture_on_commit_callbacks
):
    page = client.get(form_url(ri_school))
    assert page.status_code == 200
    assert "Ask DfE to match Alder Primary with a national leader of education" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(ri_school), DETAILS)
    request = DfeMatchRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ask-for-support/dfe-match/{request.reference}/sent/"
    assert request.reference.startswith("DFE-") and len(request.reference) == 12
    assert (request.school, request.need, request.status) == (ri_school, "governance", "open")
    assert request.message == "Our governing body has lost its chair and two governors.\nWe need help to rebuild it."
    assert (request.contact_name, request.contact_role, request.contact_email) == (
        "Jo Bloggs",
        "Headteacher",
        "jo.bloggs@example.org",
    )
    sent = client.get(response["Location"]).content.decode()
    assert "Request sent to DfE" in sent and request.reference in sent
    (email,) = mail.outbox
    assert email.to == ["jo.bloggs@example.org"]
    assert request.reference in email.subject and request.reference in email.body
    assert "We need help to rebuild it." in email.body


def test_a_double_submit_stores_one_request_and_shows_the_same_confirmation(client, ri_school):
    first = client.post(form_url(ri_school), DETAILS)
    second = client.post(form_url(ri_school), DETAILS)
    assert DfeMatchRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_someone_else_from_a_school_that_has_asked_is_told_when_and_the_reference(client, ri_school):
    request, _ = submit(school=ri_school)
    for response in (client.get(form_url(ri_school)), client.post(form_url(ri_school), DETAILS)):
        page = response.content.decode()
        assert response.status_code == 200
        assert "Alder Primary has already asked DfE for a national leader of education" in page
        assert request.reference in page
        assert f"{request.created_at:%-d %B %Y}" in page
    assert DfeMatchRequest.objects.count() == 1
    # Another school is not stopped by it.
    other = SchoolFactory(ofsted_rating=School.OfstedRating.INADEQUATE)
    assert client.post(form_url(other, "leadership"), DETAILS).status_code == 302
    assert DfeMatchRequest.objects.count() == 2


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("message", "", "Enter what your school needs help with"),
        ("message", "   \r\n ", "Enter what your school needs help with"),
        ("message", "x" * 2001, "What your school needs must be 2,000 characters or less"),
        ("contact_name", " ", "Enter your name"),
        ("contact_role", "", "Enter your role"),
        ("contact_email", "not an email", "Enter an email address in the correct format, like name@example.com"),
        ("contact_email", "", "Enter your email address"),
    ],
)
def test_bad_input_gets_a_govuk_error_summary_and_stores_nothing(client, ri_school, field, value, message):
    response = client.post(form_url(ri_school), {**DETAILS, field: value})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert f'href="#id_{field}"' in page
    assert "<title>Error: " in page
    assert not DfeMatchRequest.objects.exists()


@pytest.mark.parametrize(
    "query, status, text",
    [
        ("urn=abc", 400, "Select your school"),
        ("urn=" + "9" * 40, 400, "Select your school"),
        ("", 400, "Select your school"),
        ("urn={good}", 200, "You cannot ask DfE for a match here"),
        ("urn={ri}&need=pupil_premium", 200, "You cannot ask DfE for a match here"),
        ("urn={ri}&need=nonsense", 200, "You cannot ask DfE for a match here"),
    ],
)
def test_a_bad_address_or_a_school_not_eligible_is_said_never_a_failure(
    client, ri_school, good_school, query, status, text
):
    url = "/ask-for-support/dfe-match/?" + query.format(good=good_school.urn, ri=ri_school.urn)
    for response in (client.get(url), client.post(url, DETAILS)):
        assert response.status_code == status
        assert text in response.content.decode()
    assert not DfeMatchRequest.objects.exists()


def test_the_confirmation_is_only_for_the_session_that_asked(client, ri_school):
    request, _ = submit(school=ri_school)
    assert client.get(f"/ask-for-support/dfe-match/{request.reference}/sent/").status_code == 404
    assert client.get("/ask-for-support/dfe-match/DFE-NOTHING1/sent/").status_code == 404


def test_a_confirmation_email_that_fails_still_keeps_the_request(
    client, ri_school, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.matching.test_dfe_match.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(ri_school), DETAILS)
    assert response.status_code == 302
    assert DfeMatchRequest.objects.filter(status="open").count() == 1
    assert client.get(response["Location"]).status_code == 200


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


# ---------------------------------------------------------------------------------------------------------------------
# The service and the model's rules


def test_only_an_eligible_school_can_ask_and_only_for_governance_or_leadership(ri_school, good_school):
    with pytest.raises(ValidationError) as error:
        submit(school=good_school)
    assert "not eligible" in str(error.value)
    with pytest.raises(ValidationError):
        submit(school=ri_school, need=Need.PUPIL_PREMIUM)
    assert not DfeMatchRequest.objects.exists()


def test_one_open_request_per_school_is_a_database_rule(ri_school):
    request, created = submit(school=ri_school)
    assert created
    again, created = submit(school=ri_school)
    assert (again, created) == (request, False)
    duplicate = DfeMatchRequest(
        reference="DFE-AAAAAAAA",
        school=ri_school,
        need="governance",
        message="m",
        contact_name="n",
        contact_role="r",
        contact_email="e@example.org",
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    # Once matched (closed), the school may ask again.
    DfeMatchRequest.objects.filter(pk=request.pk).update(status="closed", closed_at=request.created_at)
    assert submit(school=ri_school)[1]


@pytest.mark.parametrize(
    "values",
    [
        {"need": "pupil_premium"},
        {"status": "lost"},
        {"status": "matched"},  # closed without a time
        {"closed_at": "2026-01-01T00:00:00Z"},  # open with one
        {"contact_name": ""},
        {"contact_role": ""},
        {"contact_email": ""},
        {"message": ""},
        {"message": "x" * 2001},
    ],
)
def test_the_request_rules_hold_in_the_database(ri_school, values):
    fields = {
        "reference": "DFE-BBBBBBBB",
        "school": ri_school,
        "need": "leadership",
        "message": "Help",
        "contact_name": "Jo",
        "contact_role": "Head",
        "contact_email": "jo@example.org",
        **values,
    }
    with pytest.raises(ValidationError):
        DfeMatchRequest(**fields).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        DfeMatchRequest.objects.create(**fields)


def test_a_good_request_passes_every_rule(ri_school):
    request = DfeMatchRequest(
        reference="DFE-CCCCCCCC",
        school=ri_school,
        need="leadership",
        message="Help",
        contact_name="Jo",
        contact_role="Head",
        contact_email="jo@example.org",
    )
    request.full_clean()
    request.save()


# ---------------------------------------------------------------------------------------------------------------------
# Two submits at once (PostgreSQL)


@pytest.mark.django_db(transaction=True)
@requires_postgresql
def test_two_people_asking_at_once_store_one_request(live_server):
    school = SchoolFactory(ofsted_rating=School.OfstedRating.INADEQUATE)
    sessions = [Session(live_server.url) for _ in range(6)]
    for session in sessions:
        session.get(form_url(school))
    responses = at_once([lambda session=session: session.post(form_url(school), DETAILS) for session in sessions])
    assert DfeMatchRequest.objects.count() == 1
    assert all(response.status in (200, 302) for response in responses), [r.status for r in responses]
    assert sum(response.status == 302 for response in responses) == 1
    reference = DfeMatchRequest.objects.get().reference
    assert all(reference in response.text for response in responses if response.status == 200)


def test_from_a_schools_page_the_form_asks_what_the_school_needs_help_with(client, ri_school):
    url = f"/ask-for-support/dfe-match/?urn={ri_school.urn}"
    page = client.get(url).content.decode()
    assert "What do you need help with?" in page
    response = client.post(url, DETAILS)
    assert "Select governance or leadership" in response.content.decode()
    assert 'href="#id_need_0"' in response.content.decode()
    assert not DfeMatchRequest.objects.exists()
    assert client.post(url, {**DETAILS, "need": "pupil_premium"}).status_code == 200
    assert not DfeMatchRequest.objects.exists()
    assert client.post(url, {**DETAILS, "need": "leadership"}).status_code == 302
    assert DfeMatchRequest.objects.get().need == "leadership"


def test_the_need_in_the_address_is_not_asked_again_nor_changed_by_the_form(client, ri_school):
    assert "What do you need help with?" not in client.get(form_url(ri_school)).content.decode()
    client.post(form_url(ri_school), {**DETAILS, "need": "leadership"})
    assert DfeMatchRequest.objects.get().need == "governance"


# ---------------------------------------------------------------------------------------------------------------------
# Contact details are kept for a limited time (the privacy notice)


def test_contact_details_and_words_are_deleted_after_the_retention_time(ri_school, settings):
    settings.ENQUIRY_CONTACT_RETENTION_DAYS = 30
    old, _ = submit(school=ri_school)
    other = SchoolFactory(ofsted_rating=School.OfstedRating.INADEQUATE)
    new, _ = submit(school=other)
    DfeMatchRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    out = StringIO()
    call_command("delete_enquiry_contacts", stdout=out)
    assert "Contact details deleted from 1 DfE match request made more than 30 days ago" in out.getvalue()
    old.refresh_from_db()
    assert (old.contact_name, old.contact_role, old.contact_email, old.message) == ("",) * 4
    assert old.contacts_deleted_at is not None and old.reference.startswith("DFE-") and old.school == ri_school
    old.full_clean()  # a blanked request is valid
    new.refresh_from_db()
    assert new.contact_name == "Jo Bloggs" and new.contacts_deleted_at is None
    assert dfe_match.dfe_match_contacts_delete() == 0  # again: nothing more to do


@pytest.mark.parametrize(
    "values",
    [
        {"contact_name": ""},  # not deleted: details must be given
        {"contacts_deleted_at": "2026-01-01T00:00:00Z", "message": "kept"},  # deleted: everything goes
        {"contacts_deleted_at": "2026-01-01T00:00:00Z", "contact_email": "kept@example.org"},
    ],
)
def test_deleted_contact_details_are_all_gone_a_database_rule(ri_school, values):
    fields = {
        "reference": "DFE-DDDDDDDD",
        "school": ri_school,
        "need": "leadership",
        "message": "",
        "contact_name": "",
        "contact_role": "",
        "contact_email": "",
        "contacts_deleted_at": None,
    }
    if "contacts_deleted_at" not in values:
        fields.update(message="Help", contact_name="Jo", contact_role="Head", contact_email="jo@example.org")
    fields.update(values)
    with pytest.raises(ValidationError):
        DfeMatchRequest(**fields).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        DfeMatchRequest.objects.create(**fields)
