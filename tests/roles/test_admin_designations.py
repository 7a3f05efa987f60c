"""The designation admin as a DfE curator uses it: the list and its filters, designating, history, no deleting,
export, and a bounded number of queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import ChangeRecord
from roles.models import Designation, Role, Specialism, SystemLeader, TeachingSchoolAlliance
from tests.factories import (
    DesignationFactory,
    LocalAuthorityFactory,
    RegionFactory,
    SchoolFactory,
    SLEDesignationFactory,
    SystemLeaderFactory,
    TeachingSchoolDesignationFactory,
    role,
)
from tests.roles.factories import NLGDesignationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CHANGELIST = reverse("admin:roles_designation_changelist")


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def world():
    """One designation in each status, spread over two regions and local authorities."""
    north, south = RegionFactory(name="North"), RegionFactory(name="South")
    leeds = LocalAuthorityFactory(name="Leeds", region=north)
    bristol = LocalAuthorityFactory(name="Bristol", region=south)
    leeds_school = SchoolFactory(name="Leeds Primary", urn=111111, local_authority=leeds)
    bristol_school = SchoolFactory(name="Bristol Academy", urn=222222, local_authority=bristol)
    teaching_school = TeachingSchoolDesignationFactory(
        school=SchoolFactory(name="Harbour Teaching School", local_authority=bristol), designated_on=days(-3000)
    )
    maths, english = Specialism.objects.get(slug="maths"), Specialism.objects.get(slug="english")
    return {
        "north": north,
        "leeds": leeds,
        "maths": maths,
        "teaching_school": teaching_school,
        "current": DesignationFactory(
            leader=SystemLeaderFactory(
                first_name="Amara", last_name="Khan", email="amara.khan@example.org", school=leeds_school
            ),
            designated_on=days(-400),
            review_due=days(400),
        ),
        "review_due": DesignationFactory(
            leader=SystemLeaderFactory(first_name="Ben", last_name="Okafor", school=bristol_school),
            designated_on=days(-800),
            review_due=days(-10),
        ),
        "review_soon": SLEDesignationFactory(
            leader=SystemLeaderFactory(first_name="Cara", last_name="Jones", school=leeds_school),
            teaching_school=teaching_school.school,
            specialisms=[maths],
            designated_on=days(-300),
            review_due=days(30),
        ),
        "paused": SLEDesignationFactory(
            leader=SystemLeaderFactory(first_name="Dev", last_name="Patel", school=bristol_school),
            teaching_school=teaching_school.school,
            specialisms=[english],
            designated_on=days(-300),
            review_due=days(300),
            paused_on=days(-5),
            pause_reason="On leave",
        ),
        "starts_later": DesignationFactory(
            leader=SystemLeaderFactory(first_name="Eve", last_name="Smith", school=bristol_school),
            designated_on=days(30),
            review_due=days(1000),
        ),
        "ended": NLGDesignationFactory(
            leader=SystemLeaderFactory(first_name="Finn", last_name="Brown", school=leeds_school),
            designated_on=datetime.date(2018, 9, 1),
            review_due=datetime.date(2021, 9, 1),
            ended_on=datetime.date(2023, 11, 6),
            end_reason=Designation.EndReason.PROGRAMME_CLOSED,
        ),
    }


def listed(response) -> set[int]:
    assert response.status_code == 200
    return {designation.pk for designation in response.context["cl"].queryset}


def keys(world, *names) -> set[int]:
    return {world[name].pk for name in names}


PEOPLE = ("current", "review_due", "review_soon", "paused", "starts_later", "ended")


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, (*PEOPLE, "teaching_school")),
        ({"role__code__exact": "sle"}, ("review_soon", "paused")),
        ({"status": "current"}, ("current", "review_due", "review_soon", "teaching_school")),
        ({"status": "review_due"}, ("review_due",)),
        ({"status": "paused"}, ("paused",)),
        ({"status": "starts_later"}, ("starts_later",)),
        ({"status": "ended"}, ("ended",)),
        ({"review": "overdue"}, ("review_due",)),
        ({"review": "soon"}, ("review_soon",)),
        ({"programme": "closed"}, ("ended",)),
        ({"programme": "closed_to_new"}, ("teaching_school",)),
        ({"q": "Khan"}, ("current",)),
        ({"q": "amara.khan@example.org"}, ("current",)),
        ({"q": "Amara Khan"}, ("current",)),
        ({"q": "222222"}, ("review_due", "paused", "starts_later")),
        ({"q": "Harbour"}, ("review_soon", "paused", "teaching_school")),
        ({"q": "nobody at all"}, ()),
    ],
)
def test_changelist_filters_and_search(curator_client, world, params, expected):
    assert listed(curator_client.get(CHANGELIST, params)) == keys(world, *expected)


def test_filter_by_region_local_authority_and_specialism(curator_client, world):
    in_leeds = keys(world, "current", "review_soon", "ended")
    assert listed(curator_client.get(CHANGELIST, {"region": world["north"].pk})) == in_leeds
    assert listed(curator_client.get(CHANGELIST, {"local_authority": world["leeds"].pk})) == in_leeds
    assert listed(curator_client.get(CHANGELIST, {"specialisms__id__exact": world["maths"].pk})) == keys(
        world, "review_soon"
    )


def test_local_authority_filter_lists_only_places_with_designations(curator_client, world):
    LocalAuthorityFactory(name="Rutland")
    content = curator_client.get(CHANGELIST).content.decode()
    assert "Leeds" in content
    assert "Rutland" not in content


@pytest.mark.parametrize("params", [{"region": "north"}, {"local_authority": "x"}, {"status": "nonsense"}])
def test_malformed_filter_values_do_not_break_the_list(curator_client, world, params):
    response = curator_client.get(CHANGELIST, params)
    assert response.status_code in (200, 302)


def test_status_is_a_coloured_label(curator_client, world):
    content = curator_client.get(CHANGELIST).content.decode()
    assert 'class="designation-status designation-status--paused">Paused<' in content
    assert 'class="designation-status designation-status--review_due">Current, review due<' in content
    assert "roles/admin.css" in content


def changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries)


def make_designations(count: int, teaching_school) -> None:
    maths = Specialism.objects.get(slug="maths")
    for n in range(count):
        if n % 3 == 0:
            SLEDesignationFactory(teaching_school=teaching_school, specialisms=[maths])
        elif n % 3 == 1:
            TeachingSchoolDesignationFactory()
        else:
            DesignationFactory()


def test_the_changelist_runs_a_constant_number_of_queries(curator_client, django_assert_max_num_queries):
    teaching_school = TeachingSchoolDesignationFactory().school
    make_designations(3, teaching_school)
    few = changelist_queries(curator_client)
    make_designations(27, teaching_school)
    assert Designation.objects.count() == 31
    with django_assert_max_num_queries(16):  # 16: the session is saved on every request
        many = changelist_queries(curator_client)
    assert many == few


def test_the_add_and_change_pages_never_list_every_school(curator_client, world):
    SchoolFactory(name="A school nobody chose")
    for url in [
        reverse("admin:roles_designation_add"),
        reverse("admin:roles_designation_change", args=[world["paused"].pk]),
    ]:
        response = curator_client.get(url)
        assert response.status_code == 200
        assert "A school nobody chose" not in response.content.decode()


# Designating


def designate_form(**values) -> dict:
    form = {"role": Role.Code.NLE, "designated_on": TODAY.isoformat(), "review_due": "", "council_seat": ""}
    form.update(values)
    return form


def test_designate_someone(curator_client, curator):
    leader = SystemLeaderFactory()
    nss = SchoolFactory()
    response = curator_client.post(
        reverse("admin:roles_designation_add"),
        designate_form(leader=leader.pk, national_support_school=nss.pk, review_due=days(365 * 3).isoformat()),
    )
    assert response.status_code == 302
    designation = Designation.objects.get(leader=leader)
    assert (designation.role_id, designation.national_support_school) == (Role.Code.NLE, nss)
    record = ChangeRecord.objects.for_object(designation).get()
    assert (record.user, record.source, record.action) == (curator, "admin", ChangeRecord.Action.CREATED)


def test_designate_an_sle_with_specialisms(curator_client, world):
    leader = SystemLeaderFactory()
    response = curator_client.post(
        reverse("admin:roles_designation_add"),
        designate_form(
            role=Role.Code.SLE,
            leader=leader.pk,
            teaching_school=world["teaching_school"].school.pk,
            specialisms=[world["maths"].pk],
        ),
    )
    assert response.status_code == 302
    assert list(Designation.objects.get(leader=leader).specialisms.all()) == [world["maths"]]


def test_the_add_page_groups_specialisms_under_focus_areas(curator_client):
    content = curator_client.get(reverse("admin:roles_designation_add")).content.decode()
    assert 'type="checkbox" name="specialisms"' in content
    assert "Designate someone" in content


@pytest.mark.parametrize(
    "values, message",
    [
        ({"role": Role.Code.SLE}, "Choose the teaching school that designated this SLE"),
        ({"role": Role.Code.SLE, "teaching_school": "TEACHING_SCHOOL"}, "Choose at least one specialism for this SLE"),
        ({"role": Role.Code.TSC_REPRESENTATIVE}, "Choose the council seat"),
        ({"role": Role.Code.NLG}, "programme closed on 6 November 2023"),
        ({"review_due": days(-1).isoformat()}, "The review date must be after the designation date"),
        ({"leader": "HOLDER"}, "This person already holds this role: end that designation first."),
        ({"role": Role.Code.TEACHING_SCHOOL}, "Choose the school that holds this role"),
        ({"designated_on": "31/02/2024"}, "Enter a valid date"),
        ({"designated_on": "9999-12-31"}, "The date must be between 1 January 2000 and"),
        ({"designated_on": "1999-12-31"}, "The date must be between 1 January 2000 and"),
    ],
)
def test_designate_refuses_with_a_readable_message_and_saves_nothing(curator_client, world, values, message):
    leader = SystemLeaderFactory()
    form = designate_form(**{"leader": leader.pk, **values})
    if form.get("teaching_school") == "TEACHING_SCHOOL":
        form["teaching_school"] = world["teaching_school"].school.pk
    if form["leader"] == "HOLDER":
        form["leader"] = world["current"].leader.pk
    designations, records = Designation.objects.count(), ChangeRecord.objects.count()

    response = curator_client.post(reverse("admin:roles_designation_add"), form)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Designation.objects.count(), ChangeRecord.objects.count()) == (designations, records)


def test_changing_a_designation_to_a_holder_of_the_role_is_refused(curator_client, world):
    """The role is read-only once designated, so this constraint is checked by the form itself, not the database."""
    designation = world["review_due"]
    response = curator_client.post(
        reverse("admin:roles_designation_change", args=[designation.pk]),
        designate_form(
            leader=world["current"].leader.pk,
            designated_on=designation.designated_on.isoformat(),
            review_due=designation.review_due.isoformat(),
        ),
    )
    assert response.status_code == 200
    assert "This person already holds this role" in response.content.decode()


def test_the_change_page_offers_the_changes_that_apply(curator_client, world):
    def buttons(key):
        content = curator_client.get(reverse("admin:roles_designation_change", args=[world[key].pk])).content
        return {name for name in ("renew", "pause", "resume", "end") if f"/{name}/" in content.decode()}

    assert buttons("current") == {"renew", "pause", "end"}
    assert buttons("paused") == {"renew", "resume", "end"}
    assert buttons("ended") == set()


# History


def test_history_page_shows_who_changed_what(curator_client, curator, world):
    designation = world["current"]
    curator_client.post(
        reverse("admin:roles_designation_pause", args=[designation.pk]),
        {"paused_on": TODAY.isoformat(), "reason": "Seconded to the local authority"},
    )
    response = curator_client.get(reverse("admin:roles_designation_history", args=[designation.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert curator.username in content
    assert "admin: Pause" in content
    assert "<strong>Pause reason</strong>: – → Seconded to the local authority" in content
    assert "Seconded to the local authority" in content


@pytest.mark.parametrize("model", ["systemleader", "teachingschoolalliance"])
def test_history_pages_of_leaders_and_alliances(curator_client, world, model):
    obj = (
        world["current"].leader
        if model == "systemleader"
        else TeachingSchoolAlliance.objects.create(
            name="Harbour Alliance", teaching_school=world["teaching_school"].school
        )
    )
    response = curator_client.get(reverse(f"admin:roles_{model}_history", args=[obj.pk]))
    assert response.status_code == 200
    assert "Created" in response.content.decode()


# No deleting


def test_nothing_can_be_deleted(curator_client, world):
    alliance = TeachingSchoolAlliance.objects.create(name="Alliance", teaching_school=world["teaching_school"].school)
    for model, pk in [
        ("designation", world["current"].pk),
        ("systemleader", world["current"].leader.pk),
        ("teachingschoolalliance", alliance.pk),
    ]:
        assert curator_client.get(reverse(f"admin:roles_{model}_delete", args=[pk])).status_code == 403
        assert (
            curator_client.post(reverse(f"admin:roles_{model}_delete", args=[pk]), {"post": "yes"}).status_code == 403
        )
        change_page = curator_client.get(reverse(f"admin:roles_{model}_change", args=[pk])).content.decode()
        assert "deletelink" not in change_page
    assert "delete_selected" not in curator_client.get(CHANGELIST).content.decode()
    assert Designation.objects.filter(pk=world["current"].pk).exists()
    assert SystemLeader.objects.filter(pk=world["current"].leader.pk).exists()


def test_superusers_cannot_delete_designations_either(admin_client, world):
    assert admin_client.get(reverse("admin:roles_designation_delete", args=[world["current"].pk])).status_code == 403


# Leaders and alliances


def test_a_leaders_page_lists_their_designations_read_only_with_links(curator_client, world):
    leader = world["current"].leader
    DesignationFactory(
        leader=leader,
        role=role(Role.Code.PUPIL_PREMIUM_REVIEWER),
        designated_on=days(-100),
        review_due=None,
        national_support_school=None,
    )
    response = curator_client.get(reverse("admin:roles_systemleader_change", args=[leader.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    for designation in leader.designations.all():
        assert reverse("admin:roles_designation_change", args=[designation.pk]) in content
    assert "designations-TOTAL_FORMS" in content
    assert 'name="designations-0-designated_on"' not in content  # read-only
    assert f"{reverse('admin:roles_designation_add')}?leader={leader.pk}" in content


def test_an_alliance_page_edits_its_partnerships(curator_client, world):
    alliance = TeachingSchoolAlliance.objects.create(name="Alliance", teaching_school=world["teaching_school"].school)
    response = curator_client.get(reverse("admin:roles_teachingschoolalliance_change", args=[alliance.pk]))
    assert response.status_code == 200
    assert "partnerships-TOTAL_FORMS" in response.content.decode()


# Export


def exported(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def test_export_the_filtered_list(curator_client, world):
    response = curator_client.get(reverse("admin:roles_designation_export"), {"role__code__exact": "sle", "o": "1"})
    rows = exported(response)
    assert {int(row["id"]) for row in rows} == keys(world, "review_soon", "paused")
    paused = next(row for row in rows if int(row["id"]) == world["paused"].pk)
    assert paused["role"] == "sle"
    assert paused["status"] == "Paused"
    assert paused["specialisms"] == "English"
    assert paused["teaching_school_urn"] == str(world["teaching_school"].school.urn)
    assert paused["local_authority"] == "Bristol"


def test_the_list_links_to_the_export_of_what_it_shows(curator_client, world):
    content = curator_client.get(CHANGELIST, {"status": "paused"}).content.decode()
    assert f"{reverse('admin:roles_designation_export')}?status=paused" in content


def test_export_selected(curator_client, world):
    response = curator_client.post(
        CHANGELIST,
        {"action": "export_selected", "index": 0, "_selected_action": [world["current"].pk, world["ended"].pk]},
    )
    assert {int(row["id"]) for row in exported(response)} == keys(world, "current", "ended")


def test_export_keeps_spreadsheets_from_running_formulas(curator_client):
    DesignationFactory(leader=SystemLeaderFactory(first_name="=HYPERLINK(1)", email="x@example.org"))
    rows = exported(curator_client.get(reverse("admin:roles_designation_export")))
    assert rows[0]["first_name"] == "'=HYPERLINK(1)"


def test_export_with_unreadable_filters_goes_back_to_the_list(curator_client, world):
    response = curator_client.get(reverse("admin:roles_designation_export"), {"no_such_field": "1"})
    assert response.status_code == 302


# Choosing a person: "Hannah Carter", "Hannah Carter" told apart


def test_the_leader_autocomplete_names_school_local_authority_and_current_roles(curator_client):
    from tests.factories import LocalAuthorityFactory, SLEDesignationFactory, SystemLeaderFactory

    derbyshire = LocalAuthorityFactory(name="Derbyshire")
    first = SystemLeaderFactory(
        first_name="Hannah", last_name="Carter", school__name="Lea Primary School", school__local_authority=derbyshire
    )
    SLEDesignationFactory(leader=first)
    second = SystemLeaderFactory(first_name="Hannah", last_name="Carter", school__name="Harrison Primary School")
    for _ in range(8):
        SLEDesignationFactory(leader__first_name="Hannah")
    with CaptureQueriesContext(connection) as queries:
        response = curator_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "roles", "model_name": "designation", "field_name": "leader", "term": "Hannah"},
        )
    assert response.status_code == 200
    assert len(queries) <= 10, [q["sql"] for q in queries]  # not one per choice
    choices = {choice["id"]: choice["text"] for choice in response.json()["results"]}
    assert choices[str(first.pk)] == "Hannah Carter, Lea Primary School (Derbyshire), current roles: SLE"
    other_la = second.school.local_authority.name
    assert choices[str(second.pk)] == f"Hannah Carter, Harrison Primary School ({other_la}), current roles: none"
