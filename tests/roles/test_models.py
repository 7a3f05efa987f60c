"""Every named constraint in roles/models.py, both ways: full_clean() words a message for a person, and a raw save
that skips clean() is refused by the database. Then the QuerySet methods and statuses, on explicit dates."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from roles.models import AlliancePartnership, Designation, FocusArea, Role, Specialism, SystemLeader
from tests.constraints import (
    ConstraintCase,
    assert_database_refuses_it,
    assert_full_clean_words_it,
    constraint_names,
)
from tests.factories import (
    DesignationFactory,
    RegionFactory,
    SchoolFactory,
    SLEDesignationFactory,
    SystemLeaderFactory,
    TeachingSchoolAllianceFactory,
    TeachingSchoolDesignationFactory,
    role,
)
from tests.roles.factories import (
    AlliancePartnershipFactory,
    CouncilDesignationFactory,
    HubDesignationFactory,
    NLGDesignationFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2020, 9, 1)


Case = ConstraintCase


def designation(code=Role.Code.NLE, **fields):
    values = {"designated_on": START}
    if code in (Role.Code.TEACHING_SCHOOL, Role.Code.TEACHING_SCHOOL_HUB):
        values["school"] = SchoolFactory()
    else:
        values["leader"] = SystemLeaderFactory()
    return Designation(role=role(code), **{**values, **fields})


def a_role(**fields):
    values = {
        "code": Role.Code.NLE,
        "name": "A new kind of leader",
        "short_name": "NKL",
        "plural_name": "New kind of leaders",
        "holder": Role.Holder.PERSON,
        "designated_by": Role.DesignatedBy.DFE,
        "summary": "Made up for a test.",
    }
    return Role(**{**values, **fields})


def second_open_designation():
    first = DesignationFactory()
    return Designation(role=first.role, leader=first.leader, designated_on=START)


def second_teaching_school_designation():
    first = TeachingSchoolDesignationFactory()
    return Designation(role=first.role, school=first.school, designated_on=START)


def second_partnership():
    first = AlliancePartnershipFactory()
    return AlliancePartnership(alliance=first.alliance, school=first.school)


CASES = [
    # Role
    Case("role_code_valid", lambda: a_role(code="head_of_everything"), "code", "not a valid choice"),
    Case("role_holder_valid", lambda: a_role(holder="robot"), "holder", "not a valid choice"),
    Case("role_designated_by_valid", lambda: a_role(designated_by="ofsted"), "designated_by", "not a valid choice"),
    Case(
        "role_programme_valid",
        lambda: a_role(programme="paused", programme_changed_on=START),
        "programme",
        "not a valid choice",
    ),
    Case(
        "role_closed_programme_has_date",
        lambda: a_role(programme=Role.Programme.CLOSED),
        "programme_changed_on",
        "Enter the date the programme closed",
    ),
    # Specialism
    Case(
        "specialism_unique_position_in_focus_area",
        lambda: Specialism(
            focus_area=FocusArea.objects.get(slug="behaviour-and-safety"), name="Uniform", slug="uniform", position=1
        ),
        NON_FIELD_ERRORS,
        "already exists",
        named_by_database=False,
    ),
    # SystemLeader
    Case(
        "system_leader_has_name",
        lambda: SystemLeader(first_name="", last_name="Khan", school=SchoolFactory()),
        "first_name",
        "cannot be blank",
    ),
    Case(
        "system_leader_has_name",
        lambda: SystemLeader(first_name="Amara", last_name="", school=SchoolFactory()),
        "last_name",
        "cannot be blank",
    ),
    Case(
        "system_leader_public_email_present",
        lambda: SystemLeader(first_name="Amara", last_name="Khan", school=SchoolFactory(), email_is_public=True),
        "email",
        "Enter an email address, or do not show it publicly",
    ),
    Case(
        "system_leader_public_telephone_present",
        lambda: SystemLeader(first_name="Amara", last_name="Khan", school=SchoolFactory(), telephone_is_public=True),
        "telephone",
        "Enter a telephone number, or do not show it publicly",
    ),
    # AlliancePartnership
    Case(
        "alliance_partnership_unique_school",
        second_partnership,
        NON_FIELD_ERRORS,
        "already exists",
        named_by_database=False,
    ),
    # Designation
    Case(
        "designation_holder_matches_role",
        lambda: designation(Role.Code.NLE, leader=None),
        "leader",
        "Choose the person who holds this role",
    ),
    Case(
        "designation_holder_matches_role",
        lambda: designation(Role.Code.NLE, school=SchoolFactory()),
        "school",
        "This role is held by a person: leave the school blank",
    ),
    Case(
        "designation_holder_matches_role",
        lambda: designation(Role.Code.TEACHING_SCHOOL, school=None),
        "school",
        "Choose the school that holds this role",
    ),
    Case(
        "designation_holder_matches_role",
        lambda: designation(Role.Code.TEACHING_SCHOOL_HUB, leader=SystemLeaderFactory()),
        "leader",
        "This role is held by a school, not a person",
    ),
    Case(
        "designation_ends_after_it_starts",
        lambda: designation(ended_on=START - datetime.timedelta(days=1), end_reason="stepped_down"),
        "ended_on",
        "The end date must be the same as or after the designation date",
    ),
    Case(
        "designation_dates_in_range",
        lambda: designation(designated_on=datetime.date(1999, 12, 31)),
        "designated_on",
        "must be between 1 January 2000 and",
    ),
    Case(
        "designation_dates_in_range",
        lambda: designation(review_due=datetime.date(9999, 12, 31)),
        "review_due",
        "must be between 1 January 2000 and",
    ),
    Case(
        "designation_review_after_start",
        lambda: designation(review_due=START),
        "review_due",
        "The review date must be after the designation date",
    ),
    Case(
        "designation_paused_while_in_force",
        lambda: designation(paused_on=START - datetime.timedelta(days=1)),
        "paused_on",
        "A designation cannot be paused before it starts",
    ),
    Case(
        "designation_paused_while_in_force",
        lambda: designation(
            paused_on=datetime.date(2024, 1, 1), ended_on=datetime.date(2023, 1, 1), end_reason="stepped_down"
        ),
        "paused_on",
        "A designation cannot be paused after it ended",
    ),
    Case(
        "designation_pause_reason_only_when_paused",
        lambda: designation(pause_reason="Illness"),
        "paused_on",
        "Enter the date the designation was paused",
    ),
    Case(
        "designation_end_reason_with_end_date",
        lambda: designation(ended_on=datetime.date(2022, 1, 1)),
        "end_reason",
        "Choose why the designation ended",
    ),
    Case(
        "designation_end_reason_with_end_date",
        lambda: designation(end_reason=Designation.EndReason.LAPSED),
        "ended_on",
        "Enter the date the designation ended",
    ),
    Case(
        "designation_end_reason_with_end_date",
        lambda: designation(ended_on=datetime.date(2022, 1, 1), end_reason="retired"),
        "end_reason",
        "not a valid choice",
    ),
    Case(
        "designation_sle_has_teaching_school",
        lambda: designation(Role.Code.SLE),
        "teaching_school",
        "Choose the teaching school that designated this SLE",
    ),
    Case(
        "designation_teaching_school_only_for_sle_lle",
        lambda: designation(Role.Code.NLE, teaching_school=SchoolFactory()),
        "teaching_school",
        "Only SLEs and LLEs are designated by a teaching school",
    ),
    Case(
        "designation_support_school_only_for_nle",
        lambda: designation(Role.Code.NLG, national_support_school=SchoolFactory()),
        "national_support_school",
        "Only an NLE has a national support school",
    ),
    Case(
        # "external reviews of governance (NLGs who have completed Department for Education (DfE) training)"
        "designation_governance_review_training_only_for_nlg",
        lambda: designation(Role.Code.NLE, governance_review_training_on=START),
        "governance_review_training_on",
        "Only an NLG completes DfE training for external reviews of governance",
    ),
    Case(
        "designation_training_date_in_range",
        lambda: designation(Role.Code.NLG, governance_review_training_on=datetime.date(1999, 12, 31)),
        "governance_review_training_on",
        "must be between 1 January 2000 and",
    ),
    Case(
        "designation_council_seat_only_for_tsc",
        lambda: designation(Role.Code.TSC_REPRESENTATIVE),
        "council_seat",
        "Choose the council seat",
    ),
    Case(
        "designation_council_seat_only_for_tsc",
        lambda: designation(Role.Code.TSC_REPRESENTATIVE, council_seat="chair"),
        "council_seat",
        "not a valid choice",
    ),
    Case(
        "designation_council_seat_only_for_tsc",
        lambda: designation(Role.Code.NLE, council_seat=Designation.CouncilSeat.PEER),
        "council_seat",
        "Only a Teaching Schools Council representative has a council seat",
    ),
    Case(
        "designation_council_seat_only_for_tsc",
        lambda: designation(Role.Code.NLE, council_region=RegionFactory()),
        "council_seat",
        "Only a Teaching Schools Council representative has a council seat",
    ),
    Case(
        "designation_regional_seat_has_region",
        lambda: designation(Role.Code.TSC_REPRESENTATIVE, council_seat=Designation.CouncilSeat.REGIONAL),
        "council_region",
        "Choose the region this representative covers",
    ),
    Case(
        "designation_one_open_per_leader_and_role",
        second_open_designation,
        NON_FIELD_ERRORS,
        "This person already holds this role: end that designation first.",
        named_by_database=False,
    ),
    Case(
        "designation_one_open_per_school_and_role",
        second_teaching_school_designation,
        NON_FIELD_ERRORS,
        "This school already holds this role: end that designation first.",
        named_by_database=False,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_full_clean_words_the_constraint_for_a_person(case):
    assert_full_clean_words_it(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_database_refuses_a_raw_save(case):
    assert_database_refuses_it(case)


def test_every_named_constraint_has_a_case():
    models = [Role, Specialism, SystemLeader, AlliancePartnership, Designation]
    assert constraint_names(*models) == {case.constraint for case in CASES}


@pytest.mark.parametrize(
    "build",
    [
        lambda: designation(Role.Code.NLE, national_support_school=SchoolFactory(), review_due=START.replace(2023)),
        lambda: designation(Role.Code.SLE, teaching_school=SchoolFactory()),
        lambda: designation(Role.Code.LLE, teaching_school=SchoolFactory()),
        lambda: designation(Role.Code.LLE),
        lambda: designation(Role.Code.TSC_REPRESENTATIVE, council_seat=Designation.CouncilSeat.PEER),
        lambda: designation(
            Role.Code.TSC_REPRESENTATIVE, council_seat=Designation.CouncilSeat.REGIONAL, council_region=RegionFactory()
        ),
        lambda: designation(Role.Code.TEACHING_SCHOOL),
        lambda: designation(Role.Code.TEACHING_SCHOOL_HUB),
        lambda: designation(ended_on=START, end_reason=Designation.EndReason.PROGRAMME_CLOSED),
        lambda: designation(Role.Code.NLG, governance_review_training_on=START),
    ],
    ids=[
        "nle",
        "sle",
        "lle-by-teaching-school",
        "lle-by-dfe",
        "tsc-peer",
        "tsc-regional",
        "ts",
        "hub",
        "ended",
        "nlg-trained",
    ],
)
def test_valid_designations_pass_both_ways(build):
    instance = build()
    instance.full_clean()
    instance.save()


def test_a_new_open_designation_is_allowed_once_the_last_has_ended():
    first = DesignationFactory(
        designated_on=START, ended_on=datetime.date(2022, 1, 1), end_reason=Designation.EndReason.STEPPED_DOWN
    )
    again = Designation(role=first.role, leader=first.leader, designated_on=datetime.date(2023, 1, 1))
    again.full_clean()
    again.save()


def test_a_teaching_school_cannot_partner_its_own_alliance():
    alliance = TeachingSchoolAllianceFactory()
    partnership = AlliancePartnership(alliance=alliance, school=alliance.teaching_school)
    with pytest.raises(ValidationError) as raised:
        partnership.full_clean()
    assert raised.value.message_dict["school"] == ["A teaching school cannot be a partner in its own alliance"]


# QuerySet methods and statuses, on explicit dates


@pytest.fixture
def history():
    """Four NLE designations with the dates that matter, and one SLE."""
    return {
        "current": DesignationFactory(designated_on=START, review_due=datetime.date(2023, 9, 1)),
        "ended": DesignationFactory(
            designated_on=START, ended_on=datetime.date(2022, 6, 30), end_reason=Designation.EndReason.STEPPED_DOWN
        ),
        "later": DesignationFactory(designated_on=datetime.date(2024, 1, 1), review_due=None),
        "no_review": DesignationFactory(designated_on=START, review_due=None),
        "sle": SLEDesignationFactory(designated_on=START, review_due=None),
    }


def names(queryset, history):
    by_pk = {value.pk: key for key, value in history.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


def test_current_includes_the_first_day_and_excludes_the_end_day(history):
    assert names(Designation.objects.current(on=START - datetime.timedelta(days=1)), history) == set()
    assert names(Designation.objects.current(on=START), history) == {"current", "ended", "no_review", "sle"}
    assert "ended" in names(Designation.objects.current(on=datetime.date(2022, 6, 29)), history)
    assert "ended" not in names(Designation.objects.current(on=datetime.date(2022, 6, 30)), history)
    assert names(Designation.objects.current(on=datetime.date(2024, 1, 1)), history) == {
        "current",
        "later",
        "no_review",
        "sle",
    }


def test_ended_counts_from_the_end_day(history):
    assert names(Designation.objects.ended(on=datetime.date(2022, 6, 29)), history) == set()
    assert names(Designation.objects.ended(on=datetime.date(2022, 6, 30)), history) == {"ended"}


def test_review_due_is_current_with_a_review_date_reached(history):
    assert names(Designation.objects.review_due(on=datetime.date(2023, 8, 31)), history) == set()
    assert names(Designation.objects.review_due(on=datetime.date(2023, 9, 1)), history) == {"current"}


def test_of_role_and_demo(history):
    assert names(Designation.objects.of_role(Role.Code.SLE), history) == {"sle"}
    history["sle"].is_demo = True
    history["sle"].save()
    assert names(Designation.objects.demo(), history) == {"sle"}


@pytest.mark.parametrize(
    "on, expected",
    [
        (
            datetime.date(2021, 1, 1),
            {"current": "current", "ended": "current", "later": "starts_later", "no_review": "current"},
        ),
        (
            datetime.date(2023, 9, 1),
            {"current": "review_due", "ended": "ended", "later": "starts_later", "no_review": "current"},
        ),
        (
            datetime.date(2024, 1, 1),
            {"current": "review_due", "ended": "ended", "later": "current", "no_review": "current"},
        ),
    ],
)
def test_with_status_and_status_on_agree(history, on, expected):
    annotated = {d.pk: d.status for d in Designation.objects.with_status(on=on)}
    for key, status in expected.items():
        designation = history[key]
        assert designation.status_on(on) == status
        assert annotated[designation.pk] == status
    values = dict(Designation.objects.with_status(on=on).values_list("pk", "status"))
    assert values == annotated


def test_status_without_an_annotation_is_the_status_today(history):
    assert history["ended"].status == Designation.Status.ENDED
    assert history["current"].status == history["current"].status_on()


def test_str_and_holder_names():
    nle = DesignationFactory(leader__first_name="Amara", leader__last_name="Khan")
    hub = HubDesignationFactory(school__name="Harbour Primary School")
    assert str(nle) == "NLE: Amara Khan"
    assert str(hub) == "Teaching school hub: Harbour Primary School"
    assert nle.designated_by_name == "Department for Education"


def test_nlg_factory_makes_a_valid_designation():
    NLGDesignationFactory().full_clean()
    CouncilDesignationFactory().full_clean()
