import datetime

import pytest
from django.contrib import admin
from django.core import checks
from django.urls import reverse

from roles.models import Designation, Role, Specialism, TeachingSchoolAlliance
from tests.factories import (
    DesignationFactory,
    SchoolFactory,
    SLEDesignationFactory,
    SystemLeaderFactory,
    TeachingSchoolDesignationFactory,
)
from tests.roles.factories import AlliancePartnershipFactory, CouncilDesignationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    leader = SystemLeaderFactory(first_name="Amara", last_name="Khan", school__urn=123456)
    return {
        "nle": DesignationFactory(leader=leader),
        "sle": SLEDesignationFactory(),
        "teaching_school": TeachingSchoolDesignationFactory(),
        "partnership": AlliancePartnershipFactory(),
        "ended": DesignationFactory(ended_on=datetime.date(2023, 1, 1), end_reason=Designation.EndReason.LAPSED),
    }


def test_admin_checks_pass():
    errors = [message for message in checks.run_checks(tags=[checks.Tags.admin]) if message.is_serious()]
    assert errors == []


@pytest.mark.parametrize(
    "model", ["systemleader", "designation", "teachingschoolalliance", "role", "focusarea", "specialism"]
)
def test_changelists_load(admin_client, data, model):
    response = admin_client.get(reverse(f"admin:roles_{model}_changelist"))
    assert response.status_code == 200


def test_designation_changelist_shows_holder_and_status(admin_client, data):
    response = admin_client.get(reverse("admin:roles_designation_changelist"), {"o": "6"})
    content = response.content.decode()
    assert "Amara Khan" in content
    assert "Ended" in content
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["123456", "Khan", "amara", "Harbour"])
def test_search_by_name_email_and_urn(admin_client, data, query):
    response = admin_client.get(reverse("admin:roles_systemleader_changelist"), {"q": query})
    assert response.status_code == 200
    assert ("Amara Khan" in response.content.decode()) == (query != "Harbour")
    response = admin_client.get(reverse("admin:roles_designation_changelist"), {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("key", ["nle", "sle", "teaching_school"])
def test_designation_change_page_loads_without_listing_every_school(admin_client, data, key):
    SchoolFactory(name="A school nobody chose")
    response = admin_client.get(reverse("admin:roles_designation_change", args=[data[key].pk]))
    assert response.status_code == 200
    assert "A school nobody chose" not in response.content.decode()


def test_designations_cannot_be_deleted(admin_client, data):
    designation = data["nle"]
    response = admin_client.get(reverse("admin:roles_designation_delete", args=[designation.pk]))
    assert response.status_code == 403
    changelist = admin_client.get(reverse("admin:roles_designation_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert Designation.objects.filter(pk=designation.pk).exists()


def test_reference_data_is_read_only(admin_client):
    assert admin_client.get(reverse("admin:roles_role_add")).status_code == 403
    nle = Role.objects.get(code=Role.Code.NLE)
    response = admin_client.post(reverse("admin:roles_role_change", args=[nle.pk]), {"name": "Changed"})
    assert response.status_code == 403
    assert not admin.site._registry[Specialism].has_change_permission(None)


def designation_form(**values):
    form = {
        "role": Role.Code.NLE,
        "designated_on": "2023-09-01",
        "review_due": "",
        "ended_on": "",
        "end_reason": "",
        "council_seat": "",
    }
    form.update(values)
    return form


def test_designation_added_in_the_admin_obeys_the_service_rules(admin_client, data):
    leader = SystemLeaderFactory()
    teaching_school = data["teaching_school"].school
    url = reverse("admin:roles_designation_add")

    response = admin_client.post(
        url, designation_form(role=Role.Code.SLE, leader=leader.pk, teaching_school=teaching_school.pk)
    )
    assert response.status_code == 200
    assert "Choose at least one specialism for this SLE" in response.content.decode()

    response = admin_client.post(
        url, designation_form(role=Role.Code.NLG, leader=leader.pk, designated_on="2024-01-01")
    )
    assert "programme closed on 6 November 2023" in response.content.decode()

    maths = Specialism.objects.get(slug="maths")
    response = admin_client.post(
        url,
        designation_form(
            role=Role.Code.SLE, leader=leader.pk, teaching_school=teaching_school.pk, specialisms=[maths.pk]
        ),
    )
    assert response.status_code == 302
    assert list(Designation.objects.get(leader=leader).specialisms.all()) == [maths]


def test_editing_a_council_representative_does_not_count_them_twice(admin_client):
    representatives = [CouncilDesignationFactory(council_seat="peer", council_region=None) for _ in range(2)]
    designation = representatives[0]
    response = admin_client.post(
        reverse("admin:roles_designation_change", args=[designation.pk]),
        designation_form(
            role=Role.Code.TSC_REPRESENTATIVE,
            leader=designation.leader.pk,
            designated_on="2022-09-01",
            review_due="2028-09-01",
            council_seat="peer",
        ),
    )
    assert response.status_code == 302
    designation.refresh_from_db()
    assert designation.review_due == datetime.date(2028, 9, 1)


def test_school_autocomplete_answers(admin_client, data):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "roles", "model_name": "systemleader", "field_name": "school", "term": "123456"},
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_alliance_page_has_a_partnership_inline(admin_client, data):
    alliance = TeachingSchoolAlliance.objects.get()
    response = admin_client.get(reverse("admin:roles_teachingschoolalliance_change", args=[alliance.pk]))
    assert response.status_code == 200
    assert "partnerships-TOTAL_FORMS" in response.content.decode()
