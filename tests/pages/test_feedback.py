"""Feedback on the service: a GOV.UK form that stores one row per form sent, limited per address, read by curators."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from pages.models import Feedback
from pages.services import feedback_create
from tests.concurrency import Session, at_once, requires_postgresql
from tests.roles.factories import CuratorFactory

pytestmark = pytest.mark.django_db


def send(client, **data):
    return client.post(reverse("pages:feedback"), {"submission": str(uuid.uuid4()), **data})


def test_feedback_is_stored_and_thanked_for(client):
    response = send(client, satisfaction="satisfied", comments="  The map helped.  ")
    assert response.status_code == 302 and response["Location"] == reverse("pages:feedback_sent")
    feedback = Feedback.objects.get()
    assert (feedback.satisfaction, feedback.comments) == ("satisfied", "The map helped.")
    assert "Feedback sent" in client.get(response["Location"]).content.decode()


def test_the_form_is_a_govuk_form_with_a_fresh_submission_each_time(client):
    first = client.get(reverse("pages:feedback"))
    second = client.get(reverse("pages:feedback"))
    html = first.content.decode()
    assert "no-cache" in first["Cache-Control"] or "max-age=0" in first["Cache-Control"]
    assert 'class="govuk-radios"' in html and 'class="govuk-textarea govuk-js-character-count' in html
    assert first.context["form"]["submission"].value() != second.context["form"]["submission"].value()


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Select how you felt about the service"),
        ({"satisfaction": "ecstatic"}, "Select one of the options listed"),
        ({"satisfaction": "satisfied", "comments": "x" * 1201}, "must be 1,200 characters or fewer"),
    ],
)
def test_bad_answers_get_a_govuk_error_and_store_nothing(client, data, message):
    response = send(client, **data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert "<title>Error: " in html
    assert not Feedback.objects.exists()


def test_a_mangled_submission_id_is_treated_as_a_new_form(client):
    response = client.post(reverse("pages:feedback"), {"submission": "not-a-uuid", "satisfaction": "neither"})
    assert response.status_code == 302
    assert Feedback.objects.count() == 1


def test_the_same_form_sent_twice_stores_one(client):
    data = {"submission": str(uuid.uuid4()), "satisfaction": "dissatisfied", "comments": "Slow."}
    assert client.post(reverse("pages:feedback"), data).status_code == 302
    assert client.post(reverse("pages:feedback"), data).status_code == 302
    assert Feedback.objects.count() == 1


def test_an_address_may_send_a_limited_amount_of_feedback(client, settings):
    settings.FEEDBACK_PER_ADDRESS = 2
    assert send(client, satisfaction="satisfied").status_code == 302
    assert send(client, satisfaction="satisfied").status_code == 302
    refused = send(client, satisfaction="satisfied")
    assert refused.status_code == 200
    assert "You have sent a lot of feedback from this connection" in refused.content.decode()
    assert Feedback.objects.count() == 2
    other_address = client.post(
        reverse("pages:feedback"),
        {"submission": str(uuid.uuid4()), "satisfaction": "satisfied"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert other_address.status_code == 302


class TestConstraints:
    def test_an_unknown_satisfaction_is_refused(self):
        feedback = Feedback(satisfaction="ecstatic")
        with pytest.raises(ValidationError):
            feedback.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            Feedback.objects.create(satisfaction="ecstatic")

    def test_comments_longer_than_the_limit_are_refused(self):
        feedback = Feedback(satisfaction="satisfied", comments="x" * (Feedback.MAX_LENGTH + 1))
        with pytest.raises(ValidationError):
            feedback.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            Feedback.objects.create(satisfaction="satisfied", comments="x" * (Feedback.MAX_LENGTH + 1))
        Feedback.objects.create(satisfaction="satisfied", comments="x" * Feedback.MAX_LENGTH)

    def test_one_submission_is_stored_once(self):
        submission = uuid.uuid4()
        Feedback.objects.create(submission=submission, satisfaction="satisfied")
        with pytest.raises(ValidationError):
            Feedback(submission=submission, satisfaction="satisfied").full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            Feedback.objects.create(submission=submission, satisfaction="satisfied")

    def test_the_service_returns_the_stored_feedback_for_a_repeat(self):
        submission = uuid.uuid4()
        first, created = feedback_create(submission=submission, satisfaction="satisfied", comments="")
        again, created_again = feedback_create(submission=submission, satisfaction="satisfied", comments="")
        assert created and not created_again and again.pk == first.pk


def test_curators_can_read_feedback_but_not_change_or_delete_it(client):
    feedback = Feedback.objects.create(satisfaction="very-satisfied", comments="Clear pages.")
    client.force_login(CuratorFactory())
    assert "Clear pages." in client.get(reverse("admin:pages_feedback_changelist")).content.decode()
    detail = client.get(reverse("admin:pages_feedback_change", args=[feedback.pk]))
    assert detail.status_code == 200 and "Clear pages." in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:pages_feedback_add")).status_code == 403
    assert client.post(reverse("admin:pages_feedback_delete", args=[feedback.pk])).status_code == 403
    assert Feedback.objects.filter(pk=feedback.pk).exists()


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_form_sent_several_times_at_once_stores_one(live_server):
    session = Session(live_server.url)
    data = {"submission": str(uuid.uuid4()), "satisfaction": "satisfied", "comments": "Twice"}
    session.get(reverse("pages:feedback"))
    responses = at_once([lambda: session.post(reverse("pages:feedback"), data) for _ in range(6)])
    assert [response.status for response in responses] == [302] * 6
    assert Feedback.objects.count() == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_address_limit_holds_when_feedback_arrives_at_once(live_server, settings):
    settings.FEEDBACK_PER_ADDRESS = 3
    sessions = [Session(live_server.url) for _ in range(8)]
    for session in sessions:
        session.get(reverse("pages:feedback"))
    responses = at_once(
        [
            lambda session=session: session.post(
                reverse("pages:feedback"), {"submission": str(uuid.uuid4()), "satisfaction": "neither"}
            )
            for session in sessions
        ]
    )
    assert sorted(response.status for response in responses) == [200] * 5 + [302] * 3
    assert Feedback.objects.count() == 3
