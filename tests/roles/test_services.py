import datetime

import pytest
from django.core.exceptions import ValidationError

from roles import services
from roles.models import Designation, Role, Specialism, SystemLeader
from tests.factories import (
    DesignationFactory,
    RegionFactory,
    SchoolFactory,
    SLEDesignationFactory,
    SystemLeaderFactory,
    TeachingSchoolDesignationFactory,
    role,
)
from tests.roles.factories import CouncilDesignationFactory, NLGDesignationFactory

pytestmark = pytest.mark.django_db


def errors(raised) -> dict:
    return raised.value.message_dict


def specialism(slug):
    return Specialism.objects.get(slug=slug)


@pytest.fixture
def teaching_school():
    """A school that was a teaching school from 2014 until 31 August 2021."""
    designation = TeachingSchoolDesignationFactory(
        designated_on=datetime.date(2014, 4, 1),
        ended_on=datetime.date(2021, 8, 31),
        end_reason=Designation.EndReason.LAPSED,
    )
    return designation.school


# system_leader_create


def test_system_leader_create_saves_a_tidy_person():
    school = SchoolFactory()
    leader = services.system_leader_create(
        school=school, first_name=" Amara ", last_name="Khan", email="amara.khan@example.org", email_is_public=True
    )
    assert SystemLeader.objects.get() == leader
    assert (leader.first_name, leader.school, leader.is_demo) == ("Amara", school, False)


def test_system_leader_create_refuses_a_public_email_that_is_missing():
    with pytest.raises(ValidationError) as raised:
        services.system_leader_create(
            school=SchoolFactory(), first_name="Amara", last_name="Khan", email_is_public=True
        )
    assert errors(raised) == {"email": ["Enter an email address, or do not show it publicly"]}
    assert not SystemLeader.objects.exists()


def test_system_leader_create_needs_a_name():
    with pytest.raises(ValidationError) as raised:
        services.system_leader_create(school=SchoolFactory(), first_name=" ", last_name="Khan")
    assert "first_name" in errors(raised)


# designation_create: the holder and the row's own rules come from full_clean


def test_designation_create_nle_with_its_national_support_school():
    leader = SystemLeaderFactory()
    designation = services.designation_create(
        role=role(Role.Code.NLE),
        leader=leader,
        designated_on=datetime.date(2023, 9, 1),
        review_due=datetime.date(2026, 9, 1),
        national_support_school=leader.school,
    )
    assert designation.status_on(datetime.date(2024, 1, 1)) == Designation.Status.CURRENT
    assert designation.national_support_school == leader.school


def test_designation_create_accepts_a_role_code():
    designation = services.designation_create(
        role=Role.Code.PUPIL_PREMIUM_REVIEWER, leader=SystemLeaderFactory(), designated_on=datetime.date(2023, 1, 1)
    )
    assert designation.role_id == Role.Code.PUPIL_PREMIUM_REVIEWER


def test_designation_create_checks_the_row_with_full_clean():
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=role(Role.Code.NLE), school=SchoolFactory(), designated_on=datetime.date(2023, 1, 1)
        )
    assert set(errors(raised)) == {"leader", "school"}
    assert not Designation.objects.exists()


def test_designation_create_refuses_a_second_open_designation_for_the_same_role():
    first = DesignationFactory()
    with pytest.raises(ValidationError) as raised:
        services.designation_create(role=first.role, leader=first.leader, designated_on=datetime.date(2024, 1, 1))
    assert errors(raised) == {"__all__": ["This person already holds this role: end that designation first."]}


# Specialisms


def test_sle_needs_at_least_one_specialism(teaching_school):
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=role(Role.Code.SLE),
            leader=SystemLeaderFactory(),
            designated_on=datetime.date(2016, 1, 1),
            teaching_school=teaching_school,
        )
    assert errors(raised) == {"specialisms": ["Choose at least one specialism for this SLE"]}
    assert not Designation.objects.of_role(Role.Code.SLE).exists()


def test_other_roles_have_no_specialisms():
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=role(Role.Code.NLE),
            leader=SystemLeaderFactory(),
            designated_on=datetime.date(2023, 1, 1),
            specialisms=[specialism("maths")],
        )
    assert errors(raised) == {"specialisms": ["Only SLEs have specialisms"]}


def test_sle_with_specialisms_and_a_current_teaching_school(teaching_school):
    designation = services.designation_create(
        role=role(Role.Code.SLE),
        leader=SystemLeaderFactory(),
        designated_on=datetime.date(2016, 1, 1),
        teaching_school=teaching_school,
        specialisms=[specialism("maths"), specialism("phonics")],
    )
    assert set(designation.specialisms.values_list("slug", flat=True)) == {"maths", "phonics"}
    assert designation.designated_by_name == teaching_school.name


# The designating teaching school


@pytest.mark.parametrize(
    "designated_on",
    [datetime.date(2014, 3, 31), datetime.date(2021, 8, 31), datetime.date(2022, 1, 1)],
    ids=["before-it-was-designated", "on-the-day-it-ended", "after-it-ended"],
)
def test_sle_teaching_school_must_be_current_on_the_designation_date(teaching_school, designated_on):
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=role(Role.Code.SLE),
            leader=SystemLeaderFactory(),
            designated_on=designated_on,
            teaching_school=teaching_school,
            specialisms=[specialism("maths")],
        )
    assert errors(raised)["teaching_school"] == [
        f"This school was not a designated teaching school on {designated_on.day} {designated_on:%B %Y}"
    ]


def test_sle_teaching_school_must_be_a_teaching_school_at_all():
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=role(Role.Code.SLE),
            leader=SystemLeaderFactory(),
            designated_on=datetime.date(2016, 1, 1),
            teaching_school=SchoolFactory(),
            specialisms=[specialism("maths")],
        )
    assert "teaching_school" in errors(raised)


def test_a_teaching_school_hub_is_not_a_teaching_school():
    hub = SchoolFactory()
    services.designation_create(role=Role.Code.TEACHING_SCHOOL_HUB, school=hub, designated_on=datetime.date(2021, 9, 1))
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=role(Role.Code.SLE),
            leader=SystemLeaderFactory(),
            designated_on=datetime.date(2022, 1, 1),
            teaching_school=hub,
            specialisms=[specialism("maths")],
        )
    assert "teaching_school" in errors(raised)


# Programmes that have closed


def test_nlg_cannot_be_designated_after_the_programme_closed():
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=role(Role.Code.NLG), leader=SystemLeaderFactory(), designated_on=datetime.date(2023, 11, 7)
        )
    assert errors(raised) == {
        "designated_on": [
            "The national leader of governance programme closed on 6 November 2023: no one can be designated after that"
        ]
    }


@pytest.mark.parametrize("designated_on", [datetime.date(2015, 1, 1), datetime.date(2023, 11, 6)])
def test_nlg_could_be_designated_until_the_programme_closed(designated_on):
    designation = services.designation_create(
        role=role(Role.Code.NLG), leader=SystemLeaderFactory(), designated_on=designated_on
    )
    assert designation.pk


def test_dfe_no_longer_designates_teaching_schools():
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=role(Role.Code.TEACHING_SCHOOL), school=SchoolFactory(), designated_on=datetime.date(2019, 5, 30)
        )
    assert errors(raised) == {
        "designated_on": [
            "DfE no longer designates new teaching schools: this directory records DfE's designations up to "
            "29 May 2019, when its guidance was last updated"
        ]
    }
    services.designation_create(
        role=role(Role.Code.TEACHING_SCHOOL), school=SchoolFactory(), designated_on=datetime.date(2019, 5, 29)
    )


def test_lle_after_2019_must_be_designated_by_a_teaching_school():
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=role(Role.Code.LLE), leader=SystemLeaderFactory(), designated_on=datetime.date(2020, 1, 1)
        )
    assert errors(raised) == {
        "teaching_school": [
            "DfE no longer designates local leaders of education (teaching schools may): this directory records "
            "DfE's designations up to 29 May 2019, when its guidance was last updated. Choose the teaching school "
            "that designated them"
        ]
    }


def test_lle_designated_by_dfe_before_2019_or_by_a_teaching_school_after(teaching_school):
    by_dfe = services.designation_create(
        role=role(Role.Code.LLE), leader=SystemLeaderFactory(), designated_on=datetime.date(2018, 1, 1)
    )
    by_teaching_school = services.designation_create(
        role=role(Role.Code.LLE),
        leader=SystemLeaderFactory(),
        designated_on=datetime.date(2020, 1, 1),
        teaching_school=teaching_school,
    )
    assert by_dfe.designated_by_name == "Department for Education"
    assert by_teaching_school.teaching_school == teaching_school


def test_lle_teaching_school_must_be_current(teaching_school):
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=role(Role.Code.LLE),
            leader=SystemLeaderFactory(),
            designated_on=datetime.date(2022, 1, 1),
            teaching_school=teaching_school,
        )
    assert "teaching_school" in errors(raised)


# One teaching school at a time


@pytest.fixture
def person_of_two_schools():
    """A person who was A's SLE from 2020 to 2021, then B's LLE from 1 January 2022."""
    school_a, school_b = (
        TeachingSchoolDesignationFactory(designated_on=datetime.date(2015, 4, 1)).school for _ in "ab"
    )
    leader = SystemLeaderFactory()
    SLEDesignationFactory(
        leader=leader,
        teaching_school=school_a,
        designated_on=datetime.date(2020, 1, 1),
        review_due=None,
        ended_on=datetime.date(2021, 12, 31),
        end_reason=Designation.EndReason.STEPPED_DOWN,
    )
    lle = DesignationFactory(
        role=role(Role.Code.LLE), leader=leader, teaching_school=school_b, designated_on=datetime.date(2022, 1, 1)
    )
    return leader, school_a, lle


def sle_by(school, leader, on, **values):
    return services.designation_create(
        role=Role.Code.SLE,
        leader=leader,
        teaching_school=school,
        designated_on=on,
        specialisms=[specialism("maths")],
        **values,
    )


def test_a_teaching_school_cannot_backdate_into_another_schools_designation(person_of_two_schools):
    leader, school_a, lle = person_of_two_schools
    with pytest.raises(ValidationError) as raised:
        sle_by(school_a, leader, datetime.date(2022, 1, 1))
    assert errors(raised) == {
        "designated_on": [
            f"{leader.full_name} has been {lle.teaching_school.name}'s LLE from 1 January 2022: another teaching "
            "school cannot designate them while that designation lasts"
        ]
    }
    assert not Designation.objects.filter(leader=leader, role_id=Role.Code.SLE, ended_on__isnull=True).exists()


@pytest.mark.parametrize("on", [datetime.date(2019, 1, 1), datetime.date(2023, 6, 1)])
def test_nor_overlap_it_from_before_or_during(person_of_two_schools, on):
    leader, school_a, _ = person_of_two_schools
    with pytest.raises(ValidationError) as raised:
        sle_by(school_a, leader, on)
    assert "another teaching school cannot designate them" in errors(raised)["designated_on"][0]


def test_after_the_other_schools_designation_ends_a_school_may_designate_them(person_of_two_schools):
    leader, school_a, lle = person_of_two_schools
    services.designation_end(
        designation=lle, ended_on=datetime.date(2023, 8, 31), reason=Designation.EndReason.STEPPED_DOWN
    )
    with pytest.raises(ValidationError) as raised:
        sle_by(school_a, leader, datetime.date(2023, 8, 30))
    assert errors(raised)["designated_on"] == [
        f"{leader.full_name} was {lle.teaching_school.name}'s LLE from 1 January 2022 to 31 August 2023: "
        "the date designated must be 31 August 2023 or later"
    ]
    assert sle_by(school_a, leader, datetime.date(2023, 8, 31)).pk


def test_a_designation_that_ended_before_the_other_began_is_no_overlap(person_of_two_schools):
    leader, school_a, _ = person_of_two_schools
    designation = sle_by(
        school_a,
        leader,
        datetime.date(2019, 1, 1),
        ended_on=datetime.date(2019, 12, 31),
        end_reason=Designation.EndReason.LAPSED,
    )
    assert designation.pk


def test_the_same_school_and_dfe_roles_are_not_another_teaching_school(person_of_two_schools):
    leader, _, lle = person_of_two_schools
    DesignationFactory(leader=leader, designated_on=datetime.date(2022, 1, 1))  # an NLE, designated by DfE
    assert sle_by(lle.teaching_school, leader, datetime.date(2023, 1, 1)).pk


# Teaching Schools Council seats


def council_create(seat, on=datetime.date(2022, 1, 1), region=None, leader=None):
    if leader is None:
        teaching_school = TeachingSchoolDesignationFactory(designated_on=datetime.date(2014, 4, 1))
        leader = SystemLeaderFactory(school=teaching_school.school)
    return services.designation_create(
        role=role(Role.Code.TSC_REPRESENTATIVE),
        leader=leader,
        designated_on=on,
        council_seat=seat,
        council_region=region or (RegionFactory() if seat == Designation.CouncilSeat.REGIONAL else None),
    )


def test_council_representatives_are_serving_leaders_of_designated_teaching_schools():
    """ "All of whom are serving school leaders of designated teaching schools": checked on the designation date."""
    teaching_school = TeachingSchoolDesignationFactory(
        designated_on=datetime.date(2014, 4, 1),
        ended_on=datetime.date(2021, 8, 31),
        end_reason=Designation.EndReason.LAPSED,
    )
    leader = SystemLeaderFactory(first_name="Dev", last_name="Patel", school=teaching_school.school)
    with pytest.raises(ValidationError) as raised:
        council_create(Designation.CouncilSeat.PEER, on=datetime.date(2022, 1, 1), leader=leader)
    assert errors(raised) == {
        "leader": [
            "Teaching Schools Council representatives are serving school leaders of designated teaching schools: "
            f"{teaching_school.school.name}, Dev Patel's school, was not a designated teaching school on "
            "1 January 2022"
        ]
    }
    with pytest.raises(ValidationError):
        council_create(Designation.CouncilSeat.PEER, leader=SystemLeaderFactory())  # not a teaching school at all
    assert not Designation.objects.of_role(Role.Code.TSC_REPRESENTATIVE).exists()

    assert council_create(Designation.CouncilSeat.PEER, on=datetime.date(2021, 1, 1), leader=leader).pk


def test_council_has_at_most_17_regional_representatives():
    region = RegionFactory()
    for _ in range(17):
        council_create(Designation.CouncilSeat.REGIONAL, region=region)
    with pytest.raises(ValidationError) as raised:
        council_create(Designation.CouncilSeat.REGIONAL, region=region)
    assert errors(raised) == {
        "council_seat": [
            "The council already has 17 regional representatives on 1 January 2022 or later: "
            "end one of those designations first"
        ]
    }
    council_create(Designation.CouncilSeat.PEER)


def test_council_has_at_most_2_peer_representatives():
    council_create(Designation.CouncilSeat.PEER)
    council_create(Designation.CouncilSeat.PEER)
    with pytest.raises(ValidationError) as raised:
        council_create(Designation.CouncilSeat.PEER)
    assert "2 peer representatives" in errors(raised)["council_seat"][0]


def test_an_ended_seat_is_free_again_from_its_end_date():
    first = CouncilDesignationFactory(council_seat=Designation.CouncilSeat.PEER, council_region=None)
    CouncilDesignationFactory(council_seat=Designation.CouncilSeat.PEER, council_region=None)
    services.designation_end(
        designation=first, ended_on=datetime.date(2023, 8, 31), reason=Designation.EndReason.STEPPED_DOWN
    )
    with pytest.raises(ValidationError):
        council_create(Designation.CouncilSeat.PEER, on=datetime.date(2023, 8, 30))
    council_create(Designation.CouncilSeat.PEER, on=datetime.date(2023, 8, 31))


def test_a_seat_taken_later_counts_too():
    council_create(Designation.CouncilSeat.PEER, on=datetime.date(2024, 1, 1))
    council_create(Designation.CouncilSeat.PEER, on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        council_create(Designation.CouncilSeat.PEER, on=datetime.date(2023, 1, 1))


def test_representatives_who_never_overlap_do_not_fill_the_seats():
    # Two earlier representatives in turn, then two at once: never more than 2 at a time.
    earlier = council_create(Designation.CouncilSeat.PEER, on=datetime.date(2018, 1, 1))
    services.designation_end(designation=earlier, ended_on=datetime.date(2019, 1, 1), reason="stepped_down")
    council_create(Designation.CouncilSeat.PEER, on=datetime.date(2020, 1, 1))
    council_create(Designation.CouncilSeat.PEER, on=datetime.date(2018, 6, 1))
    assert Designation.objects.of_role(Role.Code.TSC_REPRESENTATIVE).count() == 3


# designation_end


def test_designation_end_records_the_date_and_reason():
    designation = DesignationFactory()
    ended = services.designation_end(
        designation=designation, ended_on=datetime.date(2024, 3, 31), reason=Designation.EndReason.DE_DESIGNATED
    )
    designation.refresh_from_db()
    assert (designation.ended_on, designation.end_reason) == (datetime.date(2024, 3, 31), "de_designated")
    assert ended.status_on(datetime.date(2024, 3, 31)) == Designation.Status.ENDED


def test_designation_end_refuses_an_ended_designation():
    designation = DesignationFactory(ended_on=datetime.date(2023, 1, 1), end_reason=Designation.EndReason.LAPSED)
    with pytest.raises(ValidationError) as raised:
        services.designation_end(designation=designation, ended_on=datetime.date(2024, 1, 1), reason="lapsed")
    assert errors(raised) == {"ended_on": ["This designation already ended on 1 January 2023"]}


@pytest.mark.parametrize(
    "ended_on, reason, field",
    [
        (datetime.date(2022, 8, 31), "stepped_down", "ended_on"),
        (datetime.date(2024, 1, 1), "", "end_reason"),
        (datetime.date(2024, 1, 1), "retired", "end_reason"),
    ],
    ids=["before-it-started", "no-reason", "unknown-reason"],
)
def test_designation_end_validates(ended_on, reason, field):
    designation = DesignationFactory()  # designated on 1 September 2022
    with pytest.raises(ValidationError) as raised:
        services.designation_end(designation=designation, ended_on=ended_on, reason=reason)
    assert field in errors(raised)
    designation.refresh_from_db()
    assert designation.ended_on is None


# designation_renew


def test_designation_renew_moves_the_review_date_on():
    designation = DesignationFactory(review_due=datetime.date(2025, 9, 1))
    services.designation_renew(designation=designation, review_due=datetime.date(2028, 9, 1))
    designation.refresh_from_db()
    assert designation.review_due == datetime.date(2028, 9, 1)


@pytest.mark.parametrize("review_due", [datetime.date(2025, 9, 1), datetime.date(2024, 1, 1)])
def test_designation_renew_needs_a_later_date(review_due):
    designation = DesignationFactory(review_due=datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError) as raised:
        services.designation_renew(designation=designation, review_due=review_due)
    assert errors(raised) == {"review_due": ["The new review date must be after 1 September 2025"]}


def test_designation_renew_without_an_old_review_date_still_needs_one_after_designation():
    designation = DesignationFactory(review_due=None)  # designated on 1 September 2022
    with pytest.raises(ValidationError) as raised:
        services.designation_renew(designation=designation, review_due=datetime.date(2022, 9, 1))
    assert "review_due" in errors(raised)


def test_designation_renew_refuses_an_ended_designation():
    designation = DesignationFactory(ended_on=datetime.date(2023, 1, 1), end_reason=Designation.EndReason.LAPSED)
    with pytest.raises(ValidationError) as raised:
        services.designation_renew(designation=designation, review_due=datetime.date(2030, 1, 1))
    assert errors(raised) == {"review_due": ["This designation has ended: it cannot be renewed"]}


# designation_set_specialisms


def test_designation_set_specialisms_replaces_them():
    designation = SLEDesignationFactory()
    services.designation_set_specialisms(
        designation=designation, specialisms=[specialism("english"), specialism("attendance")]
    )
    assert set(designation.specialisms.values_list("slug", flat=True)) == {"english", "attendance"}


def test_designation_set_specialisms_keeps_at_least_one_for_an_sle():
    designation = SLEDesignationFactory()
    with pytest.raises(ValidationError) as raised:
        services.designation_set_specialisms(designation=designation, specialisms=[])
    assert errors(raised) == {"specialisms": ["Choose at least one specialism for this SLE"]}
    assert designation.specialisms.count() == 1


def test_an_ended_designations_specialisms_cannot_change():
    designation = SLEDesignationFactory(ended_on=datetime.date(2024, 8, 31), end_reason=Designation.EndReason.LAPSED)
    with pytest.raises(ValidationError) as raised:
        services.designation_set_specialisms(designation=designation, specialisms=[specialism("english")])
    assert errors(raised) == {
        "specialisms": ["This designation ended on 31 August 2024: its specialisms can no longer change"]
    }
    assert list(designation.specialisms.values_list("slug", flat=True)) == ["maths"]


def test_designation_set_specialisms_only_for_sles():
    with pytest.raises(ValidationError):
        services.designation_set_specialisms(designation=DesignationFactory(), specialisms=[specialism("maths")])


# programme_close


def test_programme_close_ends_every_open_designation():
    closed_on = datetime.date(2023, 11, 6)
    still_open = NLGDesignationFactory()
    ending_later = NLGDesignationFactory(ended_on=datetime.date(2024, 3, 31), end_reason="stepped_down")
    ended_before = NLGDesignationFactory(ended_on=datetime.date(2020, 1, 1), end_reason="lapsed")
    nle = DesignationFactory()

    assert services.programme_close(role=role(Role.Code.NLG), closed_on=closed_on) == 2

    for designation in (still_open, ending_later, ended_before, nle):
        designation.refresh_from_db()
    assert (still_open.ended_on, still_open.end_reason) == (closed_on, "programme_closed")
    assert (ending_later.ended_on, ending_later.end_reason) == (closed_on, "programme_closed")
    assert (ended_before.ended_on, ended_before.end_reason) == (datetime.date(2020, 1, 1), "lapsed")
    assert nle.ended_on is None
    assert not Designation.objects.of_role(Role.Code.NLG).current(on=closed_on).exists()


def test_programme_close_closes_the_role_to_new_designations():
    reviewers = role(Role.Code.PUPIL_PREMIUM_REVIEWER)
    reviewer = DesignationFactory(role=reviewers, designated_on=datetime.date(2020, 1, 1))
    assert services.programme_close(role=reviewers, closed_on=datetime.date(2025, 3, 31)) == 1
    reviewers.refresh_from_db()
    assert (reviewers.programme, reviewers.programme_changed_on) == ("closed", datetime.date(2025, 3, 31))
    reviewer.refresh_from_db()
    assert reviewer.end_reason == Designation.EndReason.PROGRAMME_CLOSED
    with pytest.raises(ValidationError) as raised:
        services.designation_create(
            role=reviewers, leader=SystemLeaderFactory(), designated_on=datetime.date(2025, 4, 1)
        )
    assert "designated_on" in errors(raised)


def test_programme_close_refuses_while_designations_start_after_the_date():
    NLGDesignationFactory(designated_on=datetime.date(2023, 11, 6), review_due=None)
    with pytest.raises(ValidationError) as raised:
        services.programme_close(role=role(Role.Code.NLG), closed_on=datetime.date(2023, 11, 5))
    assert "closed_on" in errors(raised)
    assert Designation.objects.get().ended_on is None
