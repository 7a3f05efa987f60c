"""The ranking's rules on hand-made candidates: no database, every order worked out by hand in the comments.

The order (matching.ranking.order): another phase last; then no days free this term last; then the need's first
roles before the others; then nearest first."""

from decimal import Decimal

from matching import ranking
from matching.models import Need
from matching.ranking import Candidate, PhaseFit
from schools.models import PhaseGroup, SchoolPhase

PRIMARY, SECONDARY, ALL_THROUGH = "primary", "secondary", "all_through"
MATHS = "maths"


def candidate(key, name, roles, **kwargs) -> Candidate:
    return Candidate(key=key, name=name, roles=frozenset(roles), **kwargs)


def maths_sle(key, name, **kwargs) -> Candidate:
    return candidate(key, name, {"sle"}, specialism_slugs=frozenset({MATHS}), **kwargs)


def names(matches) -> list[str]:
    return [match.candidate.name for match in matches]


def miles(matches) -> list[float]:
    return [match.candidate.distance_miles for match in matches]


def test_equals_are_listed_nearest_first_whatever_their_fit_in_points():
    # The demo's broken promise: 4, 4, 8, 16, 16, 21, 22, 10, 17, 20 miles. Ten secondary maths SLEs, none saying
    # they have no days free, all first-tier: nothing but distance tells them apart, so they come out in miles order
    # whatever their experience or days free.
    distances = [4, 4, 8, 16, 16, 21, 22, 10, 17, 20]
    people = [
        maths_sle(n, f"SLE {n}", phase=SECONDARY, distance_miles=d, days_free=Decimal(n % 3 + 1), schools_supported=n)
        for n, d in enumerate(distances)
    ]
    matches = ranking.rank(people, need=Need.SPECIALISM, specialism_slug=MATHS, school_phase=SECONDARY)
    assert miles(matches) == [4, 4, 8, 10, 16, 16, 17, 20, 21, 22]
    # Equal distance: by name.
    assert names(matches)[:2] == ["SLE 0", "SLE 1"]


def test_a_secondary_school_asking_for_maths_gets_secondary_sles_before_nearer_primary_and_infant_ones():
    primary = maths_sle(1, "Primary SLE", phase=PRIMARY, distance_miles=4)
    infant = maths_sle(2, "Infant SLE", phase=PRIMARY, distance_miles=8)  # an infant school is primary in GIAS
    secondary = maths_sle(3, "Secondary SLE", phase=SECONDARY, distance_miles=21)
    all_through = maths_sle(4, "All-through SLE", phase=ALL_THROUGH, distance_miles=30)
    matches = ranking.rank(
        [primary, infant, secondary, all_through], need=Need.SPECIALISM, specialism_slug=MATHS, school_phase=SECONDARY
    )
    assert names(matches) == ["Secondary SLE", "All-through SLE", "Primary SLE", "Infant SLE"]
    assert [m.phase_fit for m in matches] == [PhaseFit.SAME, PhaseFit.SAME, PhaseFit.DIFFERENT, PhaseFit.DIFFERENT]
    assert "works in a secondary school, like yours" in matches[0].reasons
    assert "works in an all-through school" in matches[1].reasons
    assert "works in a primary school; yours is a secondary school" in matches[2].considerations
    assert not any("primary" in reason for reason in matches[2].reasons)


def test_another_phase_counts_more_than_having_no_days_free():
    # Rule 1 before rule 2: a secondary SLE with no days free still comes before a primary one with days free.
    busy = maths_sle(1, "Busy secondary", phase=SECONDARY, distance_miles=10, days_free=Decimal(0))
    free = maths_sle(2, "Free primary", phase=PRIMARY, distance_miles=2, days_free=Decimal(5))
    matches = ranking.rank([free, busy], need=Need.SPECIALISM, specialism_slug=MATHS, school_phase=SECONDARY)
    assert names(matches) == ["Busy secondary", "Free primary"]


def test_phase_groups_all_through_nursery_and_sixteen_plus():
    assert ranking.phase_fit(ALL_THROUGH, PRIMARY) == PhaseFit.SAME
    assert ranking.phase_fit(SECONDARY, ALL_THROUGH) == PhaseFit.SAME
    assert ranking.phase_fit("middle_deemed_primary", PRIMARY) == PhaseFit.SAME
    assert ranking.phase_fit("middle_deemed_secondary", PRIMARY) == PhaseFit.DIFFERENT
    # Nursery and 16 plus are stages of their own: not primary, not secondary, and all-through does not cover them.
    assert ranking.phase_fit("nursery", PRIMARY) == PhaseFit.DIFFERENT
    assert ranking.phase_fit("16_plus", SECONDARY) == PhaseFit.DIFFERENT
    assert ranking.phase_fit(ALL_THROUGH, "nursery") == PhaseFit.DIFFERENT
    # A phase not known or not applicable (a special school) neither helps nor counts against.
    assert ranking.phase_fit("not_applicable", SECONDARY) == PhaseFit.UNKNOWN
    assert ranking.phase_fit(SECONDARY, "") == PhaseFit.UNKNOWN
    assert ranking.other_phases(SECONDARY) == [PhaseGroup.NURSERY, PhaseGroup.PRIMARY, PhaseGroup.SIXTEEN_PLUS]
    assert ranking.other_phases(ALL_THROUGH) == [PhaseGroup.NURSERY, PhaseGroup.SIXTEEN_PLUS]
    assert ranking.other_phases("not_applicable") == []


def test_the_directory_and_the_ranking_share_one_phase_grouping():
    from directory.options import PHASES

    assert set(PHASES["primary"][1]) == {phase for phase in SchoolPhase if phase.group == PhaseGroup.PRIMARY}
    assert set(PHASES["secondary"][1]) == {phase for phase in SchoolPhase if phase.group == PhaseGroup.SECONDARY}
    assert SchoolPhase.NURSERY.group == PhaseGroup.NURSERY
    assert SchoolPhase.SIXTEEN_PLUS.group == PhaseGroup.SIXTEEN_PLUS
    assert SchoolPhase.NOT_APPLICABLE.group is None


def test_an_unknown_phase_is_neither_for_nor_against():
    special = maths_sle(1, "Special school SLE", phase="not_applicable", distance_miles=3)
    (match,) = ranking.rank([special], need=Need.SPECIALISM, specialism_slug=MATHS, school_phase=SECONDARY)
    assert match.phase_fit == PhaseFit.UNKNOWN
    assert not any("school" in text for text in match.reasons + match.considerations if "specialism" not in text)


def test_no_days_free_this_term_goes_after_everyone_else_and_is_a_thing_to_consider():
    full = candidate(1, "Full", {"nle"}, distance_miles=3, days_free=Decimal("0"))
    unknown = candidate(2, "Unknown", {"nle"}, distance_miles=4)
    free = candidate(3, "Free", {"nle"}, distance_miles=5, days_free=Decimal("2.5"))
    far = candidate(4, "Far", {"nle"}, distance_miles=40)
    matches = ranking.rank([full, unknown, free, far], need=Need.LEADERSHIP)
    # Not said and days free are equal in the order: 4, 5, 40 miles; then the one with none.
    assert names(matches) == ["Unknown", "Free", "Far", "Full"]
    assert "has 2.5 days free this term" in matches[1].reasons
    assert "has no days free this term" in matches[3].considerations
    assert not any("days free" in reason for reason in matches[3].reasons)
    assert "has not said how many days they have free this term" in matches[0].considerations


def test_a_teaching_schools_days_free_are_its_sles():
    # Its SLEs: 2 and not said -> 2 free; all said none -> none; none said, or some none and some not said -> not known.
    assert ranking.pooled_days_free([Decimal(2), None]) == Decimal(2)
    assert ranking.pooled_days_free([Decimal("1.5"), Decimal(0), Decimal(3)]) == Decimal("4.5")
    assert ranking.pooled_days_free([Decimal(0), Decimal(0)]) == Decimal(0)
    assert ranking.pooled_days_free([Decimal(0), None]) is None
    assert ranking.pooled_days_free([None]) is None
    assert ranking.pooled_days_free([]) is None


def test_a_teaching_school_with_nothing_recorded_is_not_put_after_anyone():
    # It cannot record days itself: with its SLEs' days not known it ranks as a leader who has not said, by distance.
    school = maths_sle(1, "Teaching school", is_school=True, distance_miles=5, phase=SECONDARY)
    school.roles = frozenset({"teaching_school"})
    leader = maths_sle(2, "SLE", distance_miles=6, phase=SECONDARY, days_free=Decimal(3))
    matches = ranking.rank([leader, school], need=Need.SPECIALISM, specialism_slug=MATHS, school_phase=SECONDARY)
    assert names(matches) == ["Teaching school", "SLE"]
    assert "its SLEs have not said how many days they have free this term" in matches[0].considerations
    assert "is a secondary school, like yours" in matches[0].reasons
    school.days_free = Decimal(4)
    (match,) = ranking.rank([school], need=Need.SPECIALISM, specialism_slug=MATHS)
    assert "its SLEs have 4 days free this term" in match.reasons


def test_the_needs_first_roles_come_before_those_that_can_also_help():
    # Leadership: NLEs and LLEs (tier 1) before teaching schools (tier 2), even further away.
    nle = candidate(1, "NLE", {"nle"}, distance_miles=20)
    school = candidate(2, "Teaching school", {"teaching_school"}, distance_miles=5, is_school=True)
    assert names(ranking.rank([school, nle], need=Need.LEADERSHIP)) == ["NLE", "Teaching school"]
    # Pupil premium: reviewers before SLEs offering closing the gap.
    reviewer = candidate(3, "Reviewer", {"pupil_premium_reviewer"}, distance_miles=9)
    sle = candidate(4, "SLE", {"sle"}, specialism_slugs=frozenset({"closing-the-gap"}), distance_miles=1)
    matches = ranking.rank([sle, reviewer], need=Need.PUPIL_PREMIUM)
    assert names(matches) == ["Reviewer", "SLE"]
    assert [m.tier for m in matches] == [1, 2]
    # A subject: an SLE and a teaching school offering it are equals (the school arranges its SLEs' support).
    sle = maths_sle(5, "Maths SLE", distance_miles=7)
    school = candidate(6, "Maths school", {"teaching_school"}, specialism_slugs=frozenset({MATHS}), distance_miles=3)
    assert names(ranking.rank([sle, school], need=Need.SPECIALISM, specialism_slug=MATHS)) == [
        "Maths school",
        "Maths SLE",
    ]


def test_a_role_that_fits_better_never_puts_someone_far_away_before_someone_near():
    # Financial health in Cornwall: an SBM SLE 88 miles away (tier 1) comes after an NLE 10 miles away (tier 2);
    # within 25 miles the tier decides (the SLE at 20 before the NLE at 10); beyond, the tier again (SLE 88 before
    # NLE 60), then distance.
    sbm = frozenset({ranking.NEED_SPECIALISM[Need.FINANCIAL_HEALTH]})
    far_sle = candidate(1, "SLE 88", {"sle"}, specialism_slugs=sbm, distance_miles=88)
    near_nle = candidate(2, "NLE 10", {"nle"}, distance_miles=10)
    near_sle = candidate(3, "SLE 20", {"sle"}, specialism_slugs=sbm, distance_miles=20)
    far_nle = candidate(4, "NLE 60", {"nle"}, distance_miles=60)
    matches = ranking.rank([far_sle, near_nle, near_sle, far_nle], need=Need.FINANCIAL_HEALTH)
    assert names(matches) == ["SLE 20", "NLE 10", "SLE 88", "NLE 60"]
    # A school with no grid reference: everyone in its local authority is near.
    here = candidate(5, "Here", {"nle"}, same_local_authority=True)
    assert ranking.is_near(here) and not ranking.is_near(candidate(6, "Nowhere", {"nle"}))


def test_a_leader_holding_two_roles_ranks_by_the_better_one():
    both = candidate(1, "NLE and teaching school", {"teaching_school", "nle"}, distance_miles=9)
    (match,) = ranking.rank([both], need=Need.LEADERSHIP)
    assert (match.role, match.tier) == ("nle", 1)


def test_a_closed_programme_role_is_not_what_ranks_a_leader_when_it_is_left_out():
    # The selector leaves out closed programmes' roles (NLG) before ranking: then an NLG who is also an NLE ranks
    # as an NLE, and an NLG alone does not rank at all.
    both = candidate(1, "Both", {"nle"}, distance_miles=3)
    only_nlg = candidate(2, "Only NLG", set(), distance_miles=1)
    matches = ranking.rank([both, only_nlg], need=Need.GOVERNANCE)
    assert names(matches) == ["Both"]
    assert matches[0].role == "nle"


def test_an_sle_ranks_for_a_subject_only_with_that_specialism():
    maths = maths_sle(1, "Maths SLE", distance_miles=1)
    phonics = candidate(2, "Phonics SLE", {"sle"}, specialism_slugs=frozenset({"phonics"}), distance_miles=9)
    matches = ranking.rank([maths, phonics], need=Need.SPECIALISM, specialism_slug="phonics")
    assert names(matches) == ["Phonics SLE"]
    assert matches[0].reasons == ["9 miles away", "offers the specialism you need"]
    assert matches[0].considerations == ["has not said how many days they have free this term"]


def test_a_need_implies_a_specialism_for_sles_and_teaching_schools():
    # Financial health means the school business management specialism: an SLE without it cannot help, an NLE can,
    # and the SLE with it (tier 1) comes before the nearer NLE (tier 2).
    sle = maths_sle(1, "SLE", distance_miles=1)
    sbm = candidate(
        2,
        "SBM SLE",
        {"sle"},
        specialism_slugs=frozenset({ranking.NEED_SPECIALISM[Need.FINANCIAL_HEALTH]}),
        distance_miles=12,
    )
    nle = candidate(3, "NLE", {"nle"}, distance_miles=2)
    assert names(ranking.rank([sle, sbm, nle], need=Need.FINANCIAL_HEALTH)) == ["SBM SLE", "NLE"]


def test_roles_that_cannot_help_are_left_out():
    assert ranking.rank([candidate(1, "Reviewer", {"pupil_premium_reviewer"})], need=Need.GOVERNANCE) == []


def test_reasons_for_and_things_to_consider_are_apart():
    nadia = candidate(
        1,
        "Nadia",
        {"nle"},
        phase=PRIMARY,
        distance_miles=12.4,
        days_free=Decimal(3),
        schools_supported=4,
        schools_supported_in_local_authority=3,
    )
    (match,) = ranking.rank([nadia], need=Need.LEADERSHIP, school_phase=PRIMARY)
    assert match.reasons == [
        "12 miles away",
        "works in a primary school, like yours",
        "has 3 days free this term",
        "has supported 3 schools in your local authority (4 in all)",
    ]
    assert match.considerations == []
    owen = candidate(2, "Owen", {"nle"}, phase=SECONDARY, distance_miles=31, days_free=Decimal(0), schools_supported=1)
    (match,) = ranking.rank([owen], need=Need.LEADERSHIP, school_phase=PRIMARY)
    assert match.reasons == ["has supported 1 school"]
    assert match.considerations == [
        "31 miles away",
        "works in a secondary school; yours is a primary school",
        "has no days free this term",
    ]


def test_distance_is_a_reason_within_25_miles_and_a_thing_to_consider_beyond():
    (near,) = ranking.rank([candidate(1, "a", {"nle"}, distance_miles=25)], need=Need.LEADERSHIP)
    (far,) = ranking.rank([candidate(1, "a", {"nle"}, distance_miles=25.5)], need=Need.LEADERSHIP)
    (unknown,) = ranking.rank([candidate(1, "a", {"nle"})], need=Need.LEADERSHIP)
    (here,) = ranking.rank([candidate(1, "a", {"nle"}, same_local_authority=True)], need=Need.LEADERSHIP)
    assert near.reasons[0] == "25 miles away"
    assert far.considerations[0] == "26 miles away"
    assert unknown.considerations[0] == "distance not known"
    assert here.reasons[0] == "in your local authority"


def test_distance_in_words():
    assert ranking.distance_reason(candidate(1, "a", set(), distance_miles=0.4)) == "less than a mile away"
    assert ranking.distance_reason(candidate(1, "a", set(), distance_miles=1.2)) == "1 mile away"
    assert ranking.distance_reason(candidate(1, "a", set(), distance_miles=None)) == "distance not known"


def test_unknown_distance_ranks_last():
    unknown = candidate(1, "Unknown", {"nle"})
    far = candidate(2, "Far", {"nle"}, distance_miles=80)
    assert names(ranking.rank([unknown, far], need=Need.LEADERSHIP)) == ["Far", "Unknown"]


def test_size_keeps_the_first():
    people = [candidate(n, f"P{n}", {"nle"}, distance_miles=n) for n in range(1, 6)]
    assert names(ranking.rank(people, need=Need.LEADERSHIP, size=2)) == ["P1", "P2"]


def test_the_order_in_words_says_exactly_the_rules_that_apply():
    plurals = {
        "nle": "national leaders of education",
        "lle": "local leaders of education",
        "teaching_school": "teaching schools",
        "sle": "specialist leaders of education",
    }
    capacity = (
        "anyone who has said they have no days free this term (for a teaching school, its SLEs) comes after "
        "everyone else"
    )
    reach = "anyone more than 25 miles away, or whose distance is not known, comes after everyone nearer"
    distance = "the nearest come first, and anyone whose distance is not known comes last"
    assert ranking.order_in_words(
        need=Need.SPECIALISM, school_phase=SECONDARY, roles={"sle", "teaching_school"}, role_plurals=plurals
    ) == ["anyone in nursery, primary or 16 to 19 schools comes after everyone else", capacity, reach, distance]
    assert ranking.order_in_words(
        need=Need.LEADERSHIP,
        school_phase="not_applicable",
        roles={"nle", "lle", "teaching_school"},
        role_plurals=plurals,
    ) == [
        capacity,
        reach,
        "national leaders of education and local leaders of education come before teaching schools",
        distance,
    ]
    # Only NLEs considered: the role rule cannot tell anyone apart, so it is not said.
    assert ranking.order_in_words(need=Need.LEADERSHIP, school_phase=PRIMARY, roles={"nle"}, role_plurals=plurals) == [
        "anyone in nursery, secondary or 16 to 19 schools comes after everyone else",
        capacity,
        reach,
        distance,
    ]


def test_days_in_words():
    assert ranking.days(Decimal("1.0")) == "1 day"
    assert ranking.days(Decimal("2.5")) == "2.5 days"
    assert ranking.days(Decimal("10")) == "10 days"


def test_the_shortlist_offers_exactly_the_roles_an_enquiry_can_reach():
    """The directory's "Ask" links (roles.models.ASKABLE_ROLES) and the shortlist's roles per need agree."""
    from roles.models import ASKABLE_ROLES

    assert {code for fits in ranking.ROLE_FIT.values() for code in fits} == ASKABLE_ROLES
