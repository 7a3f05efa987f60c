import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from directory import services
from roles.models import AlliancePartnership, Designation, Role, Specialism
from schools.models import School
from tests.factories import (
    DesignationFactory,
    HubAreaFactory,
    LocalAuthorityFactory,
    SchoolFactory,
    SLEDesignationFactory,
    TeachingSchoolAllianceFactory,
)

pytestmark = pytest.mark.django_db


def test_leader_page_shows_designations_school_and_public_contact_only(client, world, django_assert_num_queries):
    leader = world.nle.leader
    leader.email_is_public = False
    leader.save()
    client.get(f"/schools/{world.brudenell.urn}/")  # the demo-notice check and the roles, read once per data version
    with django_assert_num_queries(1):  # the leader with their days free and their designations with specialisms
        response = client.get(f"/leaders/{leader.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nadia Okafor" in html and "Brudenell Primary School" in html
    assert "0113 496 0001" in html
    assert leader.email not in html
    assert "National leader of education" in html and "3 to 4 days a week" in html


@pytest.mark.parametrize("page", ["leader", "teaching school", "school"])
def test_an_sles_specialisms_are_listed_in_the_guidances_order_on_every_page_that_shows_them(client, world, page):
    chosen = ["phonics", "maths", "closing-the-gap", "assessment"]
    world.sle.specialisms.set(Specialism.objects.filter(slug__in=chosen))
    in_order = list(
        Specialism.objects.filter(slug__in=chosen)
        .order_by("focus_area__position", "position")
        .values_list("name", flat=True)
    )
    path = {
        "leader": f"/leaders/{world.sle.leader_id}/",
        "teaching school": f"/teaching-schools/{world.spring_bank.urn}/",
        "school": f"/schools/{world.sle.leader.school.urn}/",
    }[page]

    html = client.get(path).content.decode()

    assert ", ".join(in_order) in html
    unlisted = SLEDesignationFactory(teaching_school=world.spring_bank)  # no specialisms: an empty list, not an error
    assert client.get(f"/leaders/{unlisted.leader_id}/").status_code == 200


def in_the_roles_order_with_dates_the_other_way(leader) -> list[Designation]:
    """Gives the leader three more roles, each designated later than the one before it, so that most recent first
    would be the other way round; returns the leader's designations in the roles' order, most recent first within a
    role."""
    others = Role.objects.filter(code__in=[Role.Code.NLE, Role.Code.LLE, Role.Code.NLG]).order_by("position")
    for year, role in enumerate(others, start=2019):
        DesignationFactory(leader=leader, role=role, designated_on=datetime.date(year, 9, 1))
    return list(Designation.objects.filter(leader=leader).order_by("role__position", "-designated_on"))


def test_a_leaders_designations_are_listed_in_the_roles_order_whatever_their_dates(client, world):
    leader = world.sle.leader
    expected = [designation.role.name for designation in in_the_roles_order_with_dates_the_other_way(leader)]

    html = client.get(f"/leaders/{leader.pk}/").content.decode()

    table = html[html.index('<tbody class="govuk-table__body">') :]
    shown = [table.index(f"\n{name}") for name in expected]
    assert len(expected) == 4 and shown == sorted(shown)


def test_a_specialism_or_place_added_since_the_process_read_them_is_still_named(client, world):
    client.get(f"/teaching-schools/{world.spring_bank.urn}/?first")  # the process reads the specialisms and places
    # Added in this test's transaction, whose commit (which would replace the data version) never comes.
    area = HubAreaFactory(hub_name="Newly Drawn Hub")
    School.objects.filter(pk=world.spring_bank.pk).update(hub_area=area)
    specialism = Specialism.objects.create(
        focus_area=Specialism.objects.get(slug="maths").focus_area,
        name="Newly Listed Specialism",
        slug="new",
        position=99,
    )
    world.sle.specialisms.add(specialism)

    html = client.get(f"/teaching-schools/{world.spring_bank.urn}/").content.decode()

    assert "Newly Drawn Hub" in html and "Newly Listed Specialism" in html


def test_sle_page_points_to_the_teaching_school_that_manages_placements(client, world):
    html = client.get(f"/leaders/{world.sle.leader_id}/").content.decode()
    assert "Spring Bank Primary School" in html and "arranges Samir's placements" in html
    assert "Phonics" in html


def test_closed_programme_is_clearly_marked_on_the_leader_page(client, world):
    html = client.get(f"/leaders/{world.nlg.leader_id}/").content.decode()
    assert "Programme closed" in html
    assert "The NLG programme closed in 2023" in html


def test_teaching_school_page_lists_its_sles_and_specialisms(client, world, django_assert_num_queries):
    # The demo-notice check, the roles, specialisms and places, read once per data version.
    client.get(f"/teaching-schools/{world.spring_bank.urn}/?first")
    # The school with its designations and those it made, with their specialisms (and its alliance's partners if it
    # leads one).
    with django_assert_num_queries(1):
        response = client.get(f"/teaching-schools/{world.spring_bank.urn}/")
    html = response.content.decode()
    assert "Samir Patel" in html and "Phonics" in html
    assert client.get(f"/teaching-schools/{world.brudenell.urn}/").status_code == 404


def test_teaching_school_page_lists_its_alliance_partners_by_name_with_links(client, world, django_assert_num_queries):
    alliance = TeachingSchoolAllianceFactory(teaching_school=world.spring_bank)
    for name in ["Zeal Primary", "Abbey Infants", "Moor Academy"]:
        AlliancePartnership.objects.create(alliance=alliance, school=SchoolFactory(name=name))
    # The demo-notice check, the roles, specialisms and places, read once per data version.
    client.get(f"/teaching-schools/{world.spring_bank.urn}/?first")

    with django_assert_num_queries(1):  # the school with its alliance's partners and the designations
        html = client.get(f"/teaching-schools/{world.spring_bank.urn}/").content.decode()

    partners = html[html.index("Alliance partner schools") :]
    assert partners.index("Abbey Infants") < partners.index("Moor Academy") < partners.index("Zeal Primary")
    abbey = School.objects.get(name="Abbey Infants")
    assert f'href="/schools/{abbey.urn}/">Abbey Infants</a>' in partners


def test_school_page_shows_ofsted_and_leaders_based_there(client, world, django_assert_num_queries):
    client.get(f"/teaching-schools/{world.spring_bank.urn}/")  # the demo notice and roles, read once per data version
    with django_assert_num_queries(1):  # the school with its own and its leaders' designations and their specialisms
        response = client.get(f"/schools/{world.brudenell.urn}/")
    html = response.content.decode()
    assert "URN" in html and "107885" in html and "Good" in html and "Nadia Okafor" in html
    assert client.get("/schools/1/").status_code == 404
    assert client.get("/leaders/999999/").status_code == 404


@pytest.mark.parametrize("page", ["teaching school", "school"])
def test_school_pages_show_each_designations_status_from_its_dates(client, world, page):
    """The school pages read designations as values, not model instances: their statuses, end reasons, names and
    demo marks must be what the designations' own rules give."""
    today = timezone.localdate()
    days = datetime.timedelta
    base = world.sle.leader.school

    def sle(last_name, is_demo=False, **dates):
        return SLEDesignationFactory(
            teaching_school=world.spring_bank,
            leader__school=base,
            leader__last_name=last_name,
            leader__is_demo=is_demo,
            **dates,
        )

    made = {
        "ended": sle(
            "Ended",
            designated_on=today - days(900),
            ended_on=today - days(10),
            end_reason=Designation.EndReason.STEPPED_DOWN,
        ),
        "paused": sle("Paused", designated_on=today - days(900), paused_on=today - days(5)),
        "later": sle("Later", is_demo=True, designated_on=today + days(30)),
    }
    path = {"teaching school": f"/teaching-schools/{world.spring_bank.urn}/", "school": f"/schools/{base.urn}/"}[page]

    response = client.get(path)

    shown = {
        designation.holder_name: status
        for designation, status in response.context["designations_made" if page == "teaching school" else "leaders"]
    }
    for designation in made.values():
        assert shown[designation.leader.full_name] == designation.status_on(today)
    html = response.content.decode()
    assert "(stepped down)" in html and "Paused" in html and "Starts later" in html
    assert f'href="/leaders/{made["ended"].leader_id}/">{made["ended"].leader.full_name}</a>' in html
    if page == "school":
        assert response.context["has_demo_leaders"]


def test_results_name_a_local_authority_added_since_the_process_read_them(client, world):
    """Results name their rows' local authorities from a map kept per version of the data."""
    client.get("/search/?q=spring+bank&first")  # the process reads the local authorities
    # Added in this test's transaction, whose commit (which would replace the data version) never comes.
    authority = LocalAuthorityFactory(dfe_code="999", name="Newly Made Authority", region=world.spring_bank.region)
    School.objects.filter(pk=world.spring_bank.pk).update(local_authority=authority)
    services.listing_refresh_for_school(School.objects.get(pk=world.spring_bank.pk))

    html = client.get("/search/?q=spring+bank").content.decode()

    assert "Newly Made Authority" in html


def test_results_show_a_renamed_local_authority_at_once(client, world, django_capture_on_commit_callbacks):
    client.get("/search/?q=spring+bank")
    authority = world.spring_bank.local_authority
    authority.name = "Renamed Authority"
    with django_capture_on_commit_callbacks(execute=True):
        authority.save()

    assert "Renamed Authority" in client.get("/search/?q=spring+bank").content.decode()


def test_a_results_roles_are_listed_in_the_roles_order_whatever_their_dates(client, world):
    leader = world.sle.leader
    expected = [(d.role_id, d.designated_on) for d in in_the_roles_order_with_dates_the_other_way(leader)]

    rows = client.get(f"/search/?q={leader.last_name}&status=all").context["rows"]

    assert [(listed.role.code, listed.designated_on) for listed in rows[0].listing.listed_roles] == expected


@pytest.mark.parametrize("page", ["leader", "teaching school", "school"])
def test_a_renamed_local_authority_or_specialism_shows_on_the_detail_pages_at_once(
    client, world, page, django_capture_on_commit_callbacks
):
    """The detail pages take places' and specialisms' names from what is kept per version of the data; a curator's
    change is a new version."""
    path = {
        "leader": f"/leaders/{world.sle.leader_id}/",
        "teaching school": f"/teaching-schools/{world.spring_bank.urn}/",
        "school": f"/schools/{world.sle.leader.school.urn}/",
    }[page]
    client.get(path)
    authority = (
        world.sle.leader.school.local_authority if page != "teaching school" else world.spring_bank.local_authority
    )
    specialism = world.sle.specialisms.first()
    authority.name, specialism.name = "Renamed Authority", "Renamed Specialism"
    with django_capture_on_commit_callbacks(execute=True):
        authority.save()
        specialism.save()

    html = client.get(path).content.decode()

    assert "Renamed Authority" in html and "Renamed Specialism" in html


def test_a_roles_new_name_shows_on_the_school_pages_at_once(client, world, django_capture_on_commit_callbacks):
    """The school pages take roles' names from what is kept per version of the data; a curator's change is a new
    version."""
    client.get(f"/teaching-schools/{world.spring_bank.urn}/")
    role = Role.objects.get(code=Role.Code.SLE)
    role.name = "Specialist leader of education (renamed)"
    with django_capture_on_commit_callbacks(execute=True):  # the data's version is replaced once the change commits
        role.save()

    assert (
        "Specialist leader of education (renamed)"
        in client.get(f"/teaching-schools/{world.spring_bank.urn}/").content.decode()
    )
    assert (
        "Specialist leader of education (renamed)"
        in client.get(f"/schools/{world.sle.leader.school.urn}/").content.decode()
    )


def test_guidance_pages_cover_every_role(client, world):
    index = client.get("/guidance/").content.decode()
    for role in Role.objects.all():
        assert role.plural_name in index
    assert "£300 and £500" in client.get("/guidance/pupil-premium-reviewer/").content.decode()
    nlg = client.get("/guidance/nlg/").content.decode()
    assert "5 days" in nlg and "programme closed" in nlg.lower()
    assert client.get("/guidance/wizard/").status_code == 404


def test_csv_download_has_the_same_filters_and_public_fields_only(client, world):
    response = client.get("/search/results.csv", {"role": "sle"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == ["Samir Patel"]
    assert rows[0]["email"] == ""  # not public
    assert rows[0]["sle_specialisms"] == "Maths; Phonics" or rows[0]["sle_specialisms"] == "Phonics; Maths"


def test_json_download_with_distance(client, world):
    response = client.get("/search/results.json", {"postcode": "LS6 1EN", "radius": "3"})
    data = json.loads(b"".join(response.streaming_content))
    assert data["results"][0]["name"] == "Nadia Okafor"
    assert data["results"][0]["distance_miles"] <= 0.1
    assert data["results"][0]["telephone"] == "0113 496 0001"


def test_download_with_bad_filters_is_refused_with_a_message(client, world):
    response = client.get("/search/results.csv", {"la": "999"})
    assert response.status_code == 400
    assert b"Select local authorities from the list" in response.content


def test_a_table_of_designations_escapes_what_people_typed(client, world):
    leader = world.sle.leader
    leader.first_name, leader.last_name = "<b>Sam", "O'Neil & Co"
    leader.save()

    html = client.get(f"/teaching-schools/{world.spring_bank.urn}/").content.decode()

    assert f'href="/leaders/{leader.pk}/">&lt;b&gt;Sam O&#39;Neil &amp; Co</a>' in html
    assert "<b>Sam" not in html
