"""The shortlist against the database: the small Leeds directory of tests/directory/conftest.py (an NLE at
Brudenell, an SLE for phonics and maths at Quarry Mount whose teaching school is Spring Bank, an NLG whose programme
closed, a pupil premium reviewer in the City of London), asked for by a school a mile away."""

import datetime
from decimal import Decimal

import pytest

from core.terms import term_containing
from matching import selectors
from matching.models import Need
from roles.models import Capacity, Designation, Role, Specialism
from schools.models import School
from tests.deployments.factories import DeploymentFactory, DeploymentLeaderFactory
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.factories import DesignationFactory, SchoolFactory, SLEDesignationFactory, SystemLeaderFactory, role

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def asking(world):  # noqa: F811
    """A primary school in Leeds about a mile from the others."""
    return SchoolFactory(
        urn=107900,
        name="Little London Primary School",
        postcode="LS7 1HT",
        easting=429900,
        northing=434800,
        local_authority=world.leeds,
        region=world.yorkshire,
        phase=School.Phase.PRIMARY,
    )


def names(result) -> list[str]:
    return [entry.listing.name for entry in result.entries]


def test_phonics_lists_the_sle_and_their_teaching_school_with_reasons(world, asking):  # noqa: F811
    phonics = Specialism.objects.get(slug="phonics")
    result = selectors.shortlist(school=asking, need=Need.SPECIALISM, specialism=phonics)
    assert names(result) == ["Samir Patel", "Spring Bank Primary School"]
    samir, spring_bank = result.entries
    assert samir.role_name == "Specialist leader of education"
    assert samir.reasons == [
        "less than a mile away",
        "offers the specialism you need",
        "works in a primary school, like yours",
    ]
    assert samir.considerations == ["has not said how many days they have free this term"]
    assert samir.url == f"/leaders/{world.sle.leader_id}/"
    assert spring_bank.url == f"/teaching-schools/{world.spring_bank.urn}/"
    assert "is a primary school, like yours" in spring_bank.reasons
    assert "its SLEs have not said how many days they have free this term" in spring_bank.considerations
    assert result.searched_miles == 100  # too few near: widened to the last radius
    assert result.need_label == "Phonics"


def test_an_sle_without_the_specialism_is_not_listed(world, asking):  # noqa: F811
    science = Specialism.objects.exclude(slug__in=["phonics", "maths"]).first()
    result = selectors.shortlist(school=asking, need=Need.SPECIALISM, specialism=science)
    assert result.entries == []


def test_closed_nlg_programme_is_left_out_and_said(world, asking):  # noqa: F811
    current_nlg = DesignationFactory(
        role=role(Role.Code.NLG),
        leader=SystemLeaderFactory(first_name="Gary", last_name="Current", school=world.heenan),
        designated_on=datetime.date(2020, 1, 1),
    )
    result = selectors.shortlist(school=asking, need=Need.GOVERNANCE)
    assert current_nlg.leader.full_name not in names(result)
    assert names(result) == ["Nadia Okafor"]
    assert result.entries[0].role_name == "National leader of education"
    assert [r.code for r in result.closed_roles] == [Role.Code.NLG]


def test_the_radius_widens_until_the_list_can_be_filled(world, asking):  # noqa: F811
    # Twice the list's size is enough to rank from: 25 miles hold 2 candidates (Nadia, Spring Bank), 50 miles 4.
    for name in ("Far", "Further"):
        DesignationFactory(
            leader=SystemLeaderFactory(
                first_name=name,
                last_name="Away",
                school=SchoolFactory(easting=asking.easting + 60_000, northing=asking.northing),
            )
        )
    assert selectors.shortlist(school=asking, need=Need.LEADERSHIP, size=1).searched_miles == 25
    assert selectors.shortlist(school=asking, need=Need.LEADERSHIP, size=2).searched_miles == 50
    wide = selectors.shortlist(school=asking, need=Need.LEADERSHIP)
    assert wide.searched_miles == 100
    # Within 25 miles NLEs before teaching schools; those further away after everyone nearer.
    assert names(wide) == ["Nadia Okafor", "Spring Bank Primary School", "Far Away", "Further Away"]
    assert wide.entries[2].considerations[0] == "37 miles away"


def test_capacity_and_experience_are_shown_and_counted(world, asking):  # noqa: F811
    term = term_containing(TODAY)
    Capacity.objects.create(leader=world.nle.leader, term_starts_on=term.starts_on, days_free=Decimal("0"))
    DeploymentFactory(
        status="active",
        starts_on=datetime.date(2024, 2, 1),
        supported_school=SchoolFactory(local_authority=world.leeds),
        lead__designation=world.teaching_school,
    )
    result = selectors.shortlist(school=asking, need=Need.LEADERSHIP)
    # Nadia has said she has no days free: after the teaching school, though an NLE comes first for leadership.
    assert names(result) == ["Spring Bank Primary School", "Nadia Okafor"]
    assert result.entries[1].days_free == Decimal("0")
    assert "has no days free this term" in result.entries[1].considerations
    assert not any("days free" in reason for reason in result.entries[1].reasons)
    assert "has supported 1 school in your local authority" in result.entries[0].reasons


def test_experience_counts_only_support_given(world, asking):  # noqa: F811
    DeploymentLeaderFactory(designation=world.nle, deployment=DeploymentFactory(lead=None))  # only requested
    result = selectors.shortlist(school=asking, need=Need.LEADERSHIP)
    assert not any("supported" in reason for entry in result.entries for reason in entry.reasons)


def test_the_asking_school_is_not_on_its_own_list(world):  # noqa: F811
    result = selectors.shortlist(school=world.brudenell, need=Need.LEADERSHIP)
    assert "Nadia Okafor" not in names(result)


def test_roles_narrow_what_a_leader_is_matched_as(world, asking):  # noqa: F811
    DesignationFactory(role=role(Role.Code.LLE), leader=world.nle.leader)
    assert selectors.shortlist(school=asking, need=Need.LEADERSHIP).entries[0].match.role in {"nle", "lle"}
    (entry,) = selectors.shortlist(school=asking, need=Need.LEADERSHIP, roles=[Role.Code.NLE]).entries
    assert entry.match.role == Role.Code.NLE


def test_a_school_without_a_grid_reference_is_matched_in_its_local_authority(world):  # noqa: F811
    unplaced = SchoolFactory(easting=None, northing=None, local_authority=world.leeds, region=world.yorkshire)
    result = selectors.shortlist(school=unplaced, need=Need.LEADERSHIP)
    assert result.searched_miles is None
    assert names(result) == ["Nadia Okafor", "Spring Bank Primary School"]
    assert result.entries[0].reasons[0] == "in your local authority"


def test_a_shortlist_takes_a_bounded_number_of_queries(world, asking, django_assert_max_num_queries):  # noqa: F811
    phonics = Specialism.objects.get(slug="phonics")
    for _ in range(15):
        DesignationFactory(leader=SystemLeaderFactory(school=SchoolFactory(local_authority=world.leeds)))
    with django_assert_max_num_queries(10):
        selectors.shortlist(school=asking, need=Need.LEADERSHIP)
    with django_assert_max_num_queries(10):
        selectors.shortlist(school=asking, need=Need.SPECIALISM, specialism=phonics)


def test_pupil_premium_reaches_reviewers_far_away_only_within_the_widest_radius(world, asking):  # noqa: F811
    result = selectors.shortlist(school=asking, need=Need.PUPIL_PREMIUM)
    assert "Ada Lovelace" not in names(result)  # in London, beyond 100 miles


def test_enquiry_recipient_is_judged_as_the_shortlist_judges(world, asking):  # noqa: F811
    phonics = Specialism.objects.get(slug="phonics")
    samir = selectors.enquiry_recipient(
        school=asking, need=Need.SPECIALISM, specialism=phonics, leader_id=world.sle.leader_id
    )
    assert samir.leader == world.sle.leader and samir.teaching_school is None
    assert "offers the specialism you need" in samir.entry.reasons
    school = selectors.enquiry_recipient(
        school=asking, need=Need.SPECIALISM, specialism=phonics, teaching_school_urn=world.spring_bank.urn
    )
    assert school.teaching_school == world.spring_bank and school.leader is None
    # An NLE cannot take phonics; the closed NLG programme cannot take governance; nonsense ids are nobody.
    assert (
        selectors.enquiry_recipient(
            school=asking, need=Need.SPECIALISM, specialism=phonics, leader_id=world.nle.leader_id
        )
        is None
    )
    assert selectors.enquiry_recipient(school=asking, need=Need.GOVERNANCE, leader_id=world.nlg.leader_id) is None
    for ident in ("", "abc", "-1", "9" * 40, 0):
        assert selectors.enquiry_recipient(school=asking, need=Need.LEADERSHIP, leader_id=ident) is None


def test_school_search_by_name_urn_and_postcode(world, asking):  # noqa: F811
    closed = SchoolFactory(name="Brudenell Closed School", later_status=School.LaterStatus.CLOSED)
    assert [s.urn for s in selectors.school_search("brudenell").schools] == [world.brudenell.urn]
    assert closed not in selectors.school_search("Brudenell").schools
    assert selectors.school_search("primary  little").schools == [asking]
    assert selectors.school_search("107885").schools == [world.brudenell]
    assert selectors.school_search("ls6 1en").schools == [world.brudenell]
    assert world.quarry_mount in selectors.school_search("LS6").schools
    # A postcode with no school: the schools within a mile of it.
    assert world.brudenell in selectors.school_search("LS6 1AA").schools
    assert selectors.school_search("ZZ99 9ZZ").schools == []
    assert selectors.school_search("9" * 40).schools == []


def test_school_search_is_bounded(world):  # noqa: F811
    for n in range(5):
        SchoolFactory(name=f"Bounded Academy {n}")
    found = selectors.school_search("bounded academy", limit=3)
    assert len(found.schools) == 3 and found.more


def test_a_teaching_schools_days_free_are_its_current_sles_offering_what_is_asked(world, asking):  # noqa: F811
    term = term_containing(TODAY)
    phonics = Specialism.objects.get(slug="phonics")
    other = SLEDesignationFactory(
        leader=SystemLeaderFactory(school=world.spring_bank),
        teaching_school=world.spring_bank,
        designated_on=datetime.date(2020, 9, 1),
        specialisms=[Specialism.objects.exclude(slug__in=["phonics", "maths"]).first()],
    )
    ended = SLEDesignationFactory(
        leader=SystemLeaderFactory(school=world.spring_bank),
        teaching_school=world.spring_bank,
        designated_on=datetime.date(2016, 9, 1),
        ended_on=datetime.date(2020, 1, 1),
        end_reason=Designation.EndReason.STEPPED_DOWN,
        specialisms=[phonics],
    )
    for designation, days in ((world.sle, "3"), (other, "5"), (ended, "9")):
        Capacity.objects.create(leader=designation.leader, term_starts_on=term.starts_on, days_free=Decimal(days))

    phonics_list = selectors.shortlist(school=asking, need=Need.SPECIALISM, specialism=phonics)
    spring_bank = next(entry for entry in phonics_list.entries if entry.listing.name == "Spring Bank Primary School")
    assert spring_bank.days_free == Decimal(3)  # Samir's: the other SLE does not offer phonics, the third has ended
    assert "its SLEs have 3 days free this term" in spring_bank.reasons

    leadership = selectors.shortlist(school=asking, need=Need.LEADERSHIP)
    spring_bank = next(entry for entry in leadership.entries if entry.listing.name == "Spring Bank Primary School")
    assert spring_bank.days_free == Decimal(8)  # all its current SLEs'

    # Every SLE saying none: the teaching school has none, and goes after everyone else.
    Capacity.objects.filter(leader__in=[world.sle.leader, other.leader]).update(days_free=0)
    leadership = selectors.shortlist(school=asking, need=Need.LEADERSHIP)
    assert names(leadership)[-1] == "Spring Bank Primary School"
    assert "its SLEs have no days free this term" in leadership.entries[-1].considerations


def test_a_secondary_school_asking_for_maths_gets_secondary_sles_first(world):  # noqa: F811
    maths = Specialism.objects.get(slug="maths")
    asking = SchoolFactory(
        name="Leeds Secondary", easting=429900, northing=434800, local_authority=world.leeds, phase="secondary"
    )
    secondary = SLEDesignationFactory(
        leader=SystemLeaderFactory(first_name="Sara", last_name="Second", school=world.heenan),
        teaching_school=world.spring_bank,
        designated_on=datetime.date(2020, 9, 1),
        specialisms=[maths],
    )
    result = selectors.shortlist(school=asking, need=Need.SPECIALISM, specialism=maths)
    # Samir (primary, under a mile) and Spring Bank (primary) come after Sara (secondary, 3.4 miles).
    assert names(result) == ["Sara Second", "Samir Patel", "Spring Bank Primary School"]
    assert result.entries[0].listing.leader_id == secondary.leader_id
    assert "works in a secondary school, like yours" in result.entries[0].reasons
    assert "works in a primary school; yours is a secondary school" in result.entries[1].considerations
    assert result.order_in_words[0] == "anyone in nursery, primary or 16 to 19 schools comes after everyone else"


def test_the_shortlist_page_says_its_order_and_keeps_reasons_and_things_to_consider_apart(client, world, asking):  # noqa: F811
    Capacity.objects.create(leader=world.sle.leader, term_starts_on=term_containing(TODAY).starts_on, days_free=0)
    response = client.get(
        "/ask-for-support/shortlist/", {"urn": asking.urn, "need": "specialism", "specialism": "phonics"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Those nearest come first" not in page
    assert "They are listed in this order:" in page
    assert "then anyone who has said they have no days free this term" in page
    reasons, considerations = page.split("Things to consider", 1)
    assert "Why they are on the list" in reasons
    # "No days free" is a thing to consider, never a reason they are on the list.
    assert "Has no days free this term" in considerations
    assert "Has no days free this term" not in reasons


def test_demo_leaders_and_teaching_schools_are_tagged_demo_on_the_shortlist(client, world, asking):  # noqa: F811
    """Issue #11: wherever a demo designation appears, it is marked as demo on that page."""
    query = {"urn": asking.urn, "need": "specialism", "specialism": "phonics"}
    assert ">Demo<" not in client.get("/ask-for-support/shortlist/", query).content.decode()
    Designation.objects.filter(pk=world.sle.pk).update(is_demo=True)
    result = selectors.shortlist(school=asking, need=Need.SPECIALISM, specialism=Specialism.objects.get(slug="phonics"))
    assert [entry.listing.is_demo for entry in result.entries if entry.listing.leader_id] == [True]
    assert ">Demo<" in client.get("/ask-for-support/shortlist/", query).content.decode()
