"""Designating an SLE, ending a designation and changing specialisms in the portal: errors on the page, never a
server error, and nothing half-saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import dates
from portal.forms import DesignateForm
from roles import services as role_services
from roles.models import Designation, FocusArea, Role, Specialism, SystemLeader
from tests.factories import DesignationFactory, SchoolFactory, SLEDesignationFactory, SystemLeaderFactory
from tests.portal.conftest import database_state, specialism

pytestmark = pytest.mark.django_db

CREATE = reverse("portal:sle_create")


def new_person(**overrides) -> dict:
    return {
        "person": "new",
        "first_name": "Priya",
        "last_name": "Shah",
        "email": "priya.shah@school.example",
        "job_title": "Head of maths",
        "school": str(SchoolFactory(urn=123456).urn),
        "designated_on_day": "1",
        "designated_on_month": "9",
        "designated_on_year": "2024",
        "review_due_day": "1",
        "review_due_month": "9",
        "review_due_year": "2027",
        "specialisms": [str(specialism("maths").pk), str(specialism("phonics").pk)],
    } | overrides


def errors_of(response) -> dict:
    assert response.status_code == 200
    return response.context["form"].errors


def test_designating_a_new_person(client_a, a):
    response = client_a.post(CREATE, new_person())

    designation = Designation.objects.get(leader__last_name="Shah")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:sle_detail", args=[designation.pk])
    assert (designation.role_id, designation.teaching_school, designation.designated_on) == (
        Role.Code.SLE,
        a.school,
        datetime.date(2024, 9, 1),
    )
    assert designation.review_due == datetime.date(2027, 9, 1)
    assert {s.slug for s in designation.specialisms.all()} == {"maths", "phonics"}
    assert (designation.leader.school.urn, designation.leader.job_title) == (123456, "Head of maths")
    page = client_a.get(response["Location"]).content.decode()
    assert "Priya Shah is designated as an SLE" in page
    assert "govuk-notification-banner--success" in page


def test_designating_someone_the_school_designated_before(client_a, a):
    data = new_person(person="existing", existing_leader=str(a.lle.leader.pk), first_name="ignored")
    leaders_before = SystemLeader.objects.count()

    assert client_a.post(CREATE, data).status_code == 302

    assert SystemLeader.objects.count() == leaders_before
    assert Designation.objects.filter(leader=a.lle.leader, role_id=Role.Code.SLE, teaching_school=a.school).exists()


def test_specialisms_are_grouped_by_the_four_ofsted_focus_areas(client_a):
    page = client_a.get(CREATE).content.decode()
    for area in FocusArea.objects.all():
        assert f'<h3 class="govuk-heading-s app-choice-group">{area.name}</h3>' in page
    assert page.count('class="govuk-checkboxes__input"') == Specialism.objects.count()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"person": ""}, {"person": ["Choose who you are designating"]}),
        (
            {"first_name": "", "last_name": " ", "email": "", "school": ""},
            {
                "first_name": ["Enter their first name"],
                "last_name": ["Enter their last name"],
                "email": ["Enter their email address"],
                "school": ["Enter the URN of the school where they work"],
            },
        ),
        ({"school": "999999"}, {"school": ["Enter a URN of a school in England, like 100000"]}),
        ({"school": "abc"}, {"school": ["Enter a URN of a school in England, like 100000"]}),
        ({"email": "not an email"}, {"email": ["Enter an email address in the correct format, like name@example.com"]}),
        (
            {"designated_on_day": "31", "designated_on_month": "2"},
            {"designated_on": ["Date designated must be a real date"]},
        ),
        ({"designated_on_year": ""}, {"designated_on": ["Date designated must include a year"]}),
        ({"designated_on_year": "24"}, {"designated_on": ["Year must include 4 numbers"]}),
        (
            {"designated_on_day": "31", "designated_on_month": "12", "designated_on_year": "9999"},
            lambda: {"designated_on": [dates.range_message("Date designated")]},
        ),
        ({"designated_on_year": "1999"}, lambda: {"designated_on": [dates.range_message("Date designated")]}),
        ({"review_due_year": "9999"}, lambda: {"review_due": [dates.range_message("Review date")]}),
        (
            {"designated_on_day": "", "designated_on_month": "", "designated_on_year": ""},
            {"designated_on": ["Enter the date they were designated"]},
        ),
        ({"specialisms": []}, {"specialisms": ["Choose at least one specialism for this SLE"]}),
        ({"specialisms": ["999999"]}, {"specialisms": ["Choose specialisms from the list"]}),
        ({"specialisms": ["abc"]}, {"specialisms": ["Choose specialisms from the list"]}),
        ({"person": "existing", "existing_leader": ""}, {"existing_leader": ["Choose the person you are designating"]}),
        (
            {"person": "existing", "existing_leader": "abc"},
            {"existing_leader": ["Choose someone your teaching school has designated before"]},
        ),
    ],
)
def test_designate_form_errors(client_a, a, overrides, expected):
    # A range message names today's latest date allowed: worked out when the test runs, not when it was collected.
    expected = expected() if callable(expected) else expected
    before = database_state()
    response = client_a.post(CREATE, new_person(**overrides))
    assert errors_of(response) == expected
    page = response.content.decode()
    assert "<title>Error: Designate an SLE" in page
    assert "govuk-error-summary" in page
    assert database_state() == before


def test_a_rule_the_service_enforces_leaves_nothing_half_saved(client_a, a):
    """The person is valid but the designation is not (review before designation): the person is not kept."""
    before = database_state()
    response = client_a.post(CREATE, new_person(review_due_year="2023"))
    assert errors_of(response) == {"review_due": ["The review date must be after the designation date"]}
    assert database_state() == before


def test_a_teaching_school_designates_an_lle_as_it_does_an_sle(client_a, a):
    """The guidance: "The DfE no longer designate LLEs. Teaching schools have the freedom to recruit and designate
    school leaders in this role as they already do with specialist leaders of education (SLEs)." """
    create = reverse("portal:lle_create")
    page = client_a.get(create).content.decode()
    assert "Designate a local leader of education" in page
    assert 'name="specialisms"' not in page  # only SLEs have specialisms

    data = new_person()
    del data["specialisms"]
    response = client_a.post(create, data)

    designation = Designation.objects.get(leader__last_name="Shah")
    assert response["Location"] == reverse("portal:sle_detail", args=[designation.pk])
    assert (designation.role_id, designation.teaching_school, designation.designated_on) == (
        Role.Code.LLE,
        a.school,
        datetime.date(2024, 9, 1),
    )
    assert not designation.specialisms.exists()
    assert "Priya Shah is designated as an LLE" in client_a.get(response["Location"]).content.decode()
    listed = client_a.get(reverse("portal:sle_list")).content.decode()
    assert "Your SLEs and LLEs" in listed and "Designate an LLE" in listed


def test_with_no_one_to_designate_again_the_second_choice_says_so_and_reveals_nothing(db):
    html = DesignateForm(leaders=SystemLeader.objects.none(), role=Role.Code.LLE)["person"].as_field_group()

    assert 'value="existing" aria-describedby="id_person_1-item-hint">' in html
    assert "no one to designate again: everyone it designated before is a current LLE" in html
    assert "conditional-id_person_1" not in html and 'data-aria-controls="conditional-id_person_0"' in html


def test_someone_who_is_already_an_lle_is_not_offered_as_an_lle_again(client_a, a):
    create = reverse("portal:lle_create")
    assert a.lle.leader not in client_a.get(create).context["form"].fields["existing_leader"].queryset
    before = database_state()

    response = client_a.post(create, {**new_person(person="existing", existing_leader=str(a.lle.leader.pk))})

    assert errors_of(response) == {"existing_leader": ["Choose someone your teaching school has designated before"]}
    assert database_state() == before


def test_an_lle_designation_date_must_be_when_the_school_was_a_teaching_school(client_a, a):
    data = new_person(designated_on_year="2010")
    del data["specialisms"]
    before = database_state()
    response = client_a.post(reverse("portal:lle_create"), data)
    assert "was not a designated teaching school on 1 September 2010" in str(errors_of(response))
    assert database_state() == before


def test_someone_who_is_already_an_sle_is_not_offered_again(client_a, a):
    data = new_person(person="existing", existing_leader=str(a.lle.leader.pk))
    assert client_a.post(CREATE, data).status_code == 302
    before = database_state()

    response = client_a.post(CREATE, data)

    assert errors_of(response) == {"existing_leader": ["Choose someone your teaching school has designated before"]}
    assert database_state() == before


def test_the_designation_date_must_be_when_the_school_was_a_teaching_school(client_a, a):
    response = client_a.post(CREATE, new_person(designated_on_year="2010", review_due_year="2013"))
    assert errors_of(response) == {"__all__": ["This school was not a designated teaching school on 1 September 2010"]}


def test_a_backdated_designation_cannot_reach_into_another_schools_time(client_a, a, b):
    """The attack: the person was A's SLE in 2020-21 and has been B's LLE since 2022; A designates them again,
    backdated to 1 January 2022, to read what B received and change B's days free. Refused, with the reason."""
    leader = SystemLeaderFactory()
    SLEDesignationFactory(
        leader=leader,
        teaching_school=a.school,
        designated_on=datetime.date(2020, 9, 1),
        review_due=None,
        ended_on=datetime.date(2021, 8, 31),
        end_reason=Designation.EndReason.STEPPED_DOWN,
    )
    DesignationFactory(
        role=Role.objects.get(code=Role.Code.LLE),
        leader=leader,
        teaching_school=b.school,
        designated_on=datetime.date(2022, 1, 1),
    )
    before = database_state()

    response = client_a.post(
        CREATE,
        new_person(
            person="existing",
            existing_leader=str(leader.pk),
            designated_on_day="1",
            designated_on_month="1",
            designated_on_year="2022",
        ),
    )

    assert errors_of(response) == {
        "designated_on": [
            f"{leader.full_name} has been Teaching School B's LLE from 1 January 2022: another teaching school "
            "cannot designate them while that designation lasts"
        ]
    }
    assert "another teaching school cannot designate them" in response.content.decode()
    assert database_state() == before


# Ending a designation


def end(client, designation, day="31", month="8", year="2025", reason="stepped_down"):
    return client.post(
        reverse("portal:sle_end", args=[designation.pk]),
        {"ended_on_day": day, "ended_on_month": month, "ended_on_year": year, "reason": reason},
    )


def test_ending_a_designation(client_a, a):
    response = end(client_a, a.sle)
    assert response.status_code == 302
    a.sle.refresh_from_db()
    assert (a.sle.ended_on, a.sle.end_reason) == (datetime.date(2025, 8, 31), "stepped_down")
    page = client_a.get(reverse("portal:sle_detail", args=[a.sle.pk])).content.decode()
    assert "Ended" in page and "Stepped down" in page


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"year": "2020"}, {"ended_on": ["The end date must be the same as or after the designation date"]}),
        ({"day": "32"}, {"ended_on": ["End date must be a real date"]}),
        ({"day": "", "month": "", "year": ""}, {"ended_on": ["Enter the date the designation ends"]}),
        ({"reason": ""}, {"reason": ["Choose why the designation is ending"]}),
        ({"reason": "programme_closed"}, {"reason": ["Choose why the designation is ending"]}),
    ],
)
def test_end_form_errors(client_a, a, values, expected):
    before = database_state()
    assert errors_of(end(client_a, a.sle, **values)) == expected
    assert database_state() == before


def test_a_designation_cannot_end_twice(client_a, a):
    end(client_a, a.sle)
    before = database_state()
    response = end(client_a, a.sle, year="2026")
    assert errors_of(response) == {"ended_on": ["This designation already ended on 31 August 2025"]}
    assert database_state() == before


# Specialisms


def test_changing_specialisms(client_a, a):
    url = reverse("portal:sle_specialisms", args=[a.sle.pk])
    form = client_a.get(url).context["form"]
    assert {s.slug for s in form.initial["specialisms"]} == {"maths", "english"}

    response = client_a.post(url, {"specialisms": [str(specialism("science").pk)]})

    assert response.status_code == 302
    assert [s.slug for s in a.sle.specialisms.all()] == ["science"]


def test_an_sle_keeps_at_least_one_specialism(client_a, a):
    response = client_a.post(reverse("portal:sle_specialisms", args=[a.sle.pk]), {})
    assert errors_of(response) == {"specialisms": ["Choose at least one specialism for this SLE"]}
    assert a.sle.specialisms.count() == 2


def test_an_lle_has_no_specialisms_page(client_a, a):
    assert client_a.get(reverse("portal:sle_specialisms", args=[a.lle.pk])).status_code == 404


def test_an_ended_designations_specialisms_cannot_be_changed_by_a_direct_post(client_a, a):
    role_services.designation_end(
        designation=a.sle, ended_on=timezone.localdate() - datetime.timedelta(days=1), reason="stepped_down"
    )
    url = reverse("portal:sle_specialisms", args=[a.sle.pk])
    before = database_state()

    assert client_a.get(url).status_code == 404
    assert client_a.post(url, {"specialisms": [str(specialism("science").pk)]}).status_code == 404

    assert database_state() == before
    assert url not in client_a.get(reverse("portal:sle_detail", args=[a.sle.pk])).content.decode()
