"""The schools admin: read-only lists that search and filter without loading whole tables."""

import pytest
from django.urls import reverse

from schools.models import HubAreaDistrict, School
from tests.factories import HubAreaFactory, LocalAuthorityFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    camden = LocalAuthorityFactory(dfe_code="202", name="Camden", region__code="E12000007", region__name="London")
    aldgate = SchoolFactory(urn=100000, name="The Aldgate School", postcode="EC3A 5DE", local_authority=camden)
    others = SchoolFactory.create_batch(30, local_authority=camden)
    area = HubAreaFactory(code="L6", hub_name="Central London Teaching School Hub", lead_school=aldgate)
    HubAreaDistrict.objects.create(hub_area=area, position=1, name="Camden", local_authority=camden)
    School.objects.filter(local_authority=camden).update(hub_area=area)
    return [aldgate, *others]


@pytest.mark.parametrize(
    ("search", "found"),
    [("100000", ["The Aldgate School"]), ("aldgate", ["The Aldgate School"]), ("EC3A", ["The Aldgate School"])],
)
def test_search_schools_by_urn_name_or_postcode(admin_client, schools, search, found):
    response = admin_client.get(reverse("admin:schools_school_changelist"), {"q": search})
    assert response.status_code == 200
    assert [school.name for school in response.context["cl"].result_list] == found


def test_filter_schools(admin_client, schools):
    region = schools[0].region
    response = admin_client.get(
        reverse("admin:schools_school_changelist"), {"region__id__exact": region.pk, "phase__exact": "primary"}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 31


def test_the_school_list_takes_a_fixed_number_of_queries(admin_client, schools, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("admin:schools_school_changelist")).status_code == 200


@pytest.mark.parametrize("model", ["region", "localauthority", "teachingschoolhubarea", "hubareadistrict", "school"])
def test_every_list_opens_and_nothing_can_be_added(admin_client, schools, model):
    assert admin_client.get(reverse(f"admin:schools_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:schools_{model}_add")).status_code == 403


def test_a_school_and_a_hub_area_can_be_viewed_not_deleted(admin_client, schools):
    aldgate = schools[0]
    response = admin_client.get(reverse("admin:schools_school_change", args=[aldgate.pk]))
    assert response.status_code == 200
    assert b"The Aldgate School" in response.content
    assert admin_client.post(reverse("admin:schools_school_delete", args=[aldgate.pk])).status_code == 403
    area = aldgate.hub_areas_led.get()
    response = admin_client.get(reverse("admin:schools_teachingschoolhubarea_change", args=[area.pk]))
    assert response.status_code == 200
    assert b"Camden" in response.content  # its districts, inline
