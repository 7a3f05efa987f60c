"""The ranking's rules on hand-made candidates: no database, every score worked out by hand in the comments."""

from decimal import Decimal

from matching import ranking
from matching.models import Need
from matching.ranking import Candidate

PRIMARY = "primary"


def candidate(key, name, roles, **kwargs) -> Candidate:
    return Candidate(key=key, name=name, roles=frozenset(roles), **kwargs)


def names(matches) -> list[str]:
    return [match.candidate.name for match in matches]


def test_a_nearer_band_beats_a_better_fit():
    # NLE 30 miles away: band 2 (25–50), score 3. Teaching school 5 miles away: band 0, score 2.
    far_nle = candidate(1, "Far NLE", {"nle"}, distance_miles=30)
    near_school = candidate(2, "Near teaching school", {"teaching_school"}, distance_miles=5, is_school=True)
    matches = ranking.rank([far_nle, near_school], need=Need.LEADERSHIP)
    assert names(matches) == ["Near teaching school", "Far NLE"]
    assert [(m.band, m.score) for m in matches] == [(0, Decimal(2)), (2, Decimal(3))]


def test_within_a_band_fit_beats_distance():
    # Both in band 1 (10–25 miles): the NLE (3) beats the nearer teaching school (2).
    nle = candidate(1, "NLE", {"nle"}, distance_miles=20)
    school = candidate(2, "Teaching school", {"teaching_school"}, distance_miles=12, is_school=True)
    assert names(ranking.rank([school, nle], need=Need.LEADERSHIP)) == ["NLE", "Teaching school"]


def test_equal_fit_in_a_band_goes_by_distance_then_name():
    a = candidate(1, "Beth", {"nle"}, distance_miles=8)
    b = candidate(2, "Alan", {"nle"}, distance_miles=8)
    c = candidate(3, "Cara", {"nle"}, distance_miles=2)
    assert names(ranking.rank([a, b, c], need=Need.LEADERSHIP)) == ["Cara", "Alan", "Beth"]


def test_no_capacity_this_term_is_penalised_and_capacity_counts():
    # Same band. Full: 3 - 2 = 1. Unknown: 3. Free: 3 + 1 = 4.
    full = candidate(1, "Full", {"nle"}, distance_miles=3, days_free=Decimal("0"))
    unknown = candidate(2, "Unknown", {"nle"}, distance_miles=4)
    free = candidate(3, "Free", {"nle"}, distance_miles=5, days_free=Decimal("2.5"))
    matches = ranking.rank([full, unknown, free], need=Need.LEADERSHIP)
    assert names(matches) == ["Free", "Unknown", "Full"]
    assert [m.score for m in matches] == [Decimal(4), Decimal(3), Decimal(1)]
    assert "2.5 days free this term" in matches[0].reasons
    assert "no days free this term" in matches[2].reasons


def test_a_closed_programme_role_is_not_what_ranks_a_leader_when_it_is_left_out():
    # The selector leaves out closed programmes' roles (NLG) before ranking: then an NLG who is also an NLE ranks
    # as an NLE, and an NLG alone does not rank at all.
    both = candidate(1, "Both", {"nle"}, distance_miles=3)
    only_nlg = candidate(2, "Only NLG", set(), distance_miles=1)
    matches = ranking.rank([both, only_nlg], need=Need.GOVERNANCE)
    assert names(matches) == ["Both"]
    assert matches[0].role == "nle"


def test_an_sle_ranks_for_a_subject_only_with_that_specialism():
    maths = candidate(1, "Maths SLE", {"sle"}, specialism_slugs=frozenset({"maths"}), distance_miles=1)
    phonics = candidate(2, "Phonics SLE", {"sle"}, specialism_slugs=frozenset({"phonics"}), distance_miles=9)
    matches = ranking.rank([maths, phonics], need=Need.SPECIALISM, specialism_slug="phonics")
    assert names(matches) == ["Phonics SLE"]
    # SLE 3 + specialism 2
    assert matches[0].score == Decimal(5)
    assert matches[0].reasons == ["9 miles away", "offers the specialism you need"]


def test_a_need_implies_a_specialism_for_slees_and_teaching_schools():
    # Financial health means the school business management specialism: an SLE without it cannot help, an NLE can.
    sle = candidate(1, "SLE", {"sle"}, specialism_slugs=frozenset({"maths"}), distance_miles=1)
    sbm = candidate(2, "SBM SLE", {"sle"}, specialism_slugs=frozenset({ranking.NEED_SPECIALISM[Need.FINANCIAL_HEALTH]}))
    nle = candidate(3, "NLE", {"nle"}, distance_miles=2)
    matches = ranking.rank([sle, sbm, nle], need=Need.FINANCIAL_HEALTH)
    assert names(matches) == ["NLE", "SBM SLE"]


def test_pupil_premium_reviewers_come_before_slees_offering_closing_the_gap():
    # Reviewer 5; SLE 2 + closing the gap 2 = 4.
    reviewer = candidate(1, "Reviewer", {"pupil_premium_reviewer"}, distance_miles=9)
    sle = candidate(2, "SLE", {"sle"}, specialism_slugs=frozenset({"closing-the-gap"}), distance_miles=1)
    matches = ranking.rank([sle, reviewer], need=Need.PUPIL_PREMIUM)
    assert names(matches) == ["Reviewer", "SLE"]
    assert [m.score for m in matches] == [Decimal(5), Decimal(4)]


def test_roles_that_cannot_help_are_left_out():
    assert ranking.rank([candidate(1, "Reviewer", {"pupil_premium_reviewer"})], need=Need.GOVERNANCE) == []


def test_the_reasons_explain_the_ranking_in_words():
    # NLE 3 + primary 1 + 3 schools in the LA (3 × 0.5) + 4 schools anywhere (4 × 0.2) = 6.3
    leader = candidate(
        1,
        "Nadia",
        {"nle"},
        phase=PRIMARY,
        distance_miles=12.4,
        schools_supported=4,
        schools_supported_in_local_authority=3,
    )
    (match,) = ranking.rank([leader], need=Need.LEADERSHIP, school_phase=PRIMARY)
    assert match.score == Decimal("6.3")
    assert match.reasons == [
        "12 miles away",
        "works in a primary school",
        "supported 3 schools in your local authority (4 in all)",
    ]


def test_experience_counts_up_to_a_limit():
    # 10 schools in the LA count as 3 (1.5), 10 anywhere as 5 (1.0): 3 + 2.5
    busy = candidate(1, "Busy", {"nle"}, schools_supported=10, schools_supported_in_local_authority=10)
    (match,) = ranking.rank([busy], need=Need.LEADERSHIP)
    assert match.score == Decimal("5.5")
    elsewhere = candidate(2, "Elsewhere", {"nle"}, schools_supported=1)
    (match,) = ranking.rank([elsewhere], need=Need.LEADERSHIP)
    assert match.reasons[-1] == "supported 1 school"


def test_distance_reasons():
    assert ranking.distance_reason(candidate(1, "a", set(), distance_miles=0.4)) == "less than a mile away"
    assert ranking.distance_reason(candidate(1, "a", set(), distance_miles=1.2)) == "1 mile away"
    assert ranking.distance_reason(candidate(1, "a", set(), distance_miles=None)) == "distance not known"
    assert (
        ranking.distance_reason(candidate(1, "a", set(), distance_miles=None, same_local_authority=True))
        == "in your local authority"
    )


def test_a_school_is_described_as_a_school_and_all_through_fits_any_phase():
    school = candidate(1, "All through", {"teaching_school"}, is_school=True, phase="all_through")
    (match,) = ranking.rank([school], need=Need.LEADERSHIP, school_phase="secondary")
    assert "an all-through school" in match.reasons


def test_unknown_distance_ranks_last():
    unknown = candidate(1, "Unknown", {"nle"})
    far = candidate(2, "Far", {"nle"}, distance_miles=80)
    assert names(ranking.rank([unknown, far], need=Need.LEADERSHIP)) == ["Far", "Unknown"]


def test_size_keeps_the_best():
    people = [candidate(n, f"P{n}", {"nle"}, distance_miles=n) for n in range(1, 6)]
    assert names(ranking.rank(people, need=Need.LEADERSHIP, size=2)) == ["P1", "P2"]


def test_days_in_words():
    assert ranking.days(Decimal("1.0")) == "1 day"
    assert ranking.days(Decimal("2.5")) == "2.5 days"
    assert ranking.days(Decimal("10")) == "10 days"
