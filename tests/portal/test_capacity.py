"""Days free in the portal: a teaching school records its SLEs' and LLEs' days free this term and next, through
roles.services.capacity_record, and cannot see or change another teaching school's."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import ChangeRecord
from core.terms import term_containing
from portal.services import capacity_record_for
from roles import services as role_services
from roles.models import Capacity, Role
from tests.factories import DesignationFactory, role
from tests.portal.conftest import database_state

pytestmark = pytest.mark.django_db


def capacity_url(designation) -> str:
    return reverse("portal:sle_capacity", args=[designation.pk])


def terms():
    this_term = term_containing(timezone.localdate())
    return this_term, this_term.next()


def recorded() -> dict:
    return {(capacity.leader_id, capacity.term_starts_on): capacity.days_free for capacity in Capacity.objects.all()}


def test_the_sle_page_shows_days_free_with_a_link_to_change_them(client_a, a):
    this_term, next_term = terms()
    Capacity.objects.create(leader=a.sle.leader, term_starts_on=this_term.starts_on, days_free=Decimal("1"))
    content = client_a.get(reverse("portal:sle_detail", args=[a.sle.pk])).content.decode()
    assert f"Days free, {this_term.label.lower()}" in content and "1 day<" in content.replace(" day</dd>", " day<")
    assert f"Days free, {next_term.label.lower()}" in content and "Not recorded" in content
    assert capacity_url(a.sle) in content


def test_a_teaching_school_records_days_free_for_this_term_and_next(client_a, a):
    this_term, next_term = terms()
    assert client_a.get(capacity_url(a.sle)).status_code == 200
    response = client_a.post(capacity_url(a.sle), {"term_0": "4.5", "term_1": ""}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:sle_detail", args=[a.sle.pk])
    assert "SamA SpecialistA's days free are saved" in response.content.decode().replace("&#x27;", "'")
    capacity = Capacity.objects.get()
    assert (capacity.leader, capacity.term_starts_on, capacity.days_free, capacity.recorded_by) == (
        a.sle.leader,
        this_term.starts_on,
        Decimal("4.5"),
        a.user,
    )
    assert ChangeRecord.objects.for_object(capacity).get().source == "portal"

    client_a.post(capacity_url(a.sle), {"term_0": "0", "term_1": "10"})
    assert recorded() == {
        (a.sle.leader_id, this_term.starts_on): Decimal("0"),
        (a.sle.leader_id, next_term.starts_on): Decimal("10"),
    }


def test_an_lle_has_days_free_too(client_a, a):
    client_a.post(capacity_url(a.lle), {"term_0": "2", "term_1": "3"})
    assert set(recorded()) == {(a.lle.leader_id, term.starts_on) for term in terms()}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("66", "must be 65 or fewer"),
        ("-1", "must be 0 or more"),
        ("lots", "must be a number, like 2 or 2.5"),
        ("2.25", "can have 1 decimal place at most"),
        ("999", "must be 65 or fewer"),
    ],
)
def test_a_bad_number_is_an_error_and_changes_nothing(client_a, a, value, message):
    before = database_state(), recorded()
    response = client_a.post(capacity_url(a.sle), {"term_0": value, "term_1": "3"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and message in content
    assert response.context["form"].errors == {"term_0": [response.context["form"].errors["term_0"][0]]}
    assert content.count(message) == 2  # once in the error summary, once by the field
    assert (database_state(), recorded()) == before


@pytest.mark.parametrize(
    "value", ["NaN", "Infinity", "-Infinity", "1e3", "\x00", "99999999999999999999999", "£3", "3 days"]
)
def test_junk_is_an_error_never_a_failure(client_a, a, value):
    before = database_state(), recorded()
    response = client_a.post(capacity_url(a.sle), {"term_0": value, "term_1": value})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert (database_state(), recorded()) == before


def test_a_term_already_recorded_cannot_be_left_blank(client_a, a):
    this_term, _ = terms()
    Capacity.objects.create(leader=a.sle.leader, term_starts_on=this_term.starts_on, days_free=3)
    response = client_a.post(capacity_url(a.sle), {"term_0": "", "term_1": ""})
    assert "Enter the days free, or 0 if there are none" in response.content.decode()
    assert recorded() == {(a.sle.leader_id, this_term.starts_on): 3}


def test_another_teaching_schools_sle_is_not_found(client_a, a, b):
    before = database_state(), recorded()
    assert client_a.get(capacity_url(b.sle)).status_code == 404
    assert client_a.post(capacity_url(b.sle), {"term_0": "5", "term_1": "5"}).status_code == 404
    assert client_a.post(capacity_url(b.lle), {"term_0": "5", "term_1": "5"}).status_code == 404
    assert client_a.get(reverse("portal:sle_capacity", args=[999999])).status_code == 404
    assert (database_state(), recorded()) == before


def test_an_ended_designation_has_no_days_free_to_record(client_a, a):
    role_services.designation_end(
        designation=a.sle, ended_on=timezone.localdate() - datetime.timedelta(days=1), reason="stepped_down"
    )
    assert client_a.get(capacity_url(a.sle)).status_code == 404
    assert capacity_url(a.sle) not in client_a.get(reverse("portal:sle_detail", args=[a.sle.pk])).content.decode()


def test_a_school_records_days_free_only_for_the_terms_it_designates_them(client_a, a, b):
    """A's SLE leaves A when next term starts and becomes B's LLE then: A records this term's days free, B next
    term's, and neither can change the other's, even by a direct POST."""
    this_term, next_term = terms()
    role_services.designation_end(designation=a.sle, ended_on=next_term.starts_on, reason="stepped_down")
    lle_at_b = DesignationFactory(
        role=role(Role.Code.LLE),
        leader=a.sle.leader,
        teaching_school=b.school,
        designated_on=next_term.starts_on,
        review_due=None,
    )
    Capacity.objects.create(leader=a.sle.leader, term_starts_on=next_term.starts_on, days_free=Decimal("7"))
    client_b = Client()
    client_b.force_login(b.user)

    form = client_a.get(capacity_url(a.sle)).context["form"]
    assert list(form.fields) == ["term_0"]
    assert client_a.post(capacity_url(a.sle), {"term_0": "2", "term_1": "40"}).status_code == 302
    assert recorded() == {
        (a.sle.leader_id, this_term.starts_on): Decimal("2"),
        (a.sle.leader_id, next_term.starts_on): Decimal("7"),
    }

    page = client_b.get(capacity_url(lle_at_b)).content.decode()
    assert "Your teaching school does not designate" in page
    assert client_b.post(capacity_url(lle_at_b), {"term_0": "30", "term_1": "8"}).status_code == 302
    assert recorded() == {
        (a.sle.leader_id, this_term.starts_on): Decimal("2"),
        (a.sle.leader_id, next_term.starts_on): Decimal("8"),
    }
    detail = client_a.get(reverse("portal:sle_detail", args=[a.sle.pk])).content.decode()
    assert detail.count(capacity_url(a.sle)) == 1


def test_the_service_refuses_a_term_another_school_designates_them(a, b):
    this_term, _ = terms()
    with pytest.raises(ValidationError) as raised:
        capacity_record_for(
            teaching_school=b.school,
            leader=a.sle.leader,
            term=this_term,
            days_free=Decimal("5"),
            recorded_by=b.user,
            today=timezone.localdate(),
        )
    assert raised.value.message_dict == {
        "days_free": [
            f"Your teaching school does not designate {a.sle.leader.full_name} in the {this_term.label.lower()}: "
            "only the teaching school that does records their days free"
        ]
    }
    assert recorded() == {}


def test_days_free_cannot_be_recorded_once_the_designation_has_ended_even_by_a_direct_post(client_a, a):
    this_term, _ = terms()
    role_services.designation_end(
        designation=a.sle, ended_on=timezone.localdate() - datetime.timedelta(days=1), reason="stepped_down"
    )
    assert client_a.post(capacity_url(a.sle), {"term_0": "5", "term_1": "5"}).status_code == 404
    with pytest.raises(ValidationError):
        capacity_record_for(
            teaching_school=a.school,
            leader=a.sle.leader,
            term=this_term,
            days_free=Decimal("5"),
            recorded_by=a.user,
            today=timezone.localdate(),
        )
    assert recorded() == {}
