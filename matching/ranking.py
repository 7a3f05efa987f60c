"""How a shortlist is ordered, and how it explains itself. Pure: no database, so the rules can be tested by hand.

The order is five plain rules, each deciding only between candidates the rules before it left equal:

1. phase: anyone working in a school of another phase than the asking school's comes after everyone else (a
   secondary school asking for maths wants a secondary teacher; all-through fits primary and secondary);
2. capacity: anyone who has said they have no days free this term comes after everyone else (a teaching school's
   days free are its SLEs');
3. reach: anyone more than NEAR_MILES away (or whose distance is not known) comes after everyone nearer, so that a
   role's fit never puts someone 90 miles away before someone who can help from 10;
4. role: the guidance's route for the need before the roles that can also help (pupil premium reviewers before SLEs
   offering closing the gap), where the need has both;
5. distance: the nearest first; those whose distance is not known last.

`order_in_words` says exactly these rules to the person reading the list. Experience and the days free a candidate
has are said beside them as reasons, but do not order the list: a head teacher can weigh them, and "nearest first
among equals" stays true. Reasons for and things to consider are kept apart."""

from dataclasses import dataclass, field
from decimal import Decimal

from roles.models import RoleCode
from schools.models import PhaseGroup, SchoolPhase

from .models import Need

# For each need: the roles that can help, by tier (1: the guidance's route for the need, 2: can also help). The NLG
# programme closed in 2023: DfE now matches schools needing governance support with NLEs, so closed programmes' roles
# are left out by the selector.
ROLE_FIT = {
    # Teaching school hubs are left out: they run professional development, and an enquiry has no one to reach there.
    Need.LEADERSHIP: {RoleCode.NLE: 1, RoleCode.LLE: 1, RoleCode.TEACHING_SCHOOL: 2},
    Need.GOVERNANCE: {RoleCode.NLG: 1, RoleCode.NLE: 1, RoleCode.LLE: 2},
    # A teaching school arranges its SLEs' support: through its SLEs it is as good a route as they are.
    Need.FINANCIAL_HEALTH: {RoleCode.SLE: 1, RoleCode.TEACHING_SCHOOL: 1, RoleCode.NLE: 2},
    # A pupil premium reviewer is the guidance's route for pupil premium: before an SLE offering closing the gap.
    Need.PUPIL_PREMIUM: {RoleCode.PUPIL_PREMIUM_REVIEWER: 1, RoleCode.SLE: 2, RoleCode.TEACHING_SCHOOL: 2},
    Need.SPECIALISM: {RoleCode.SLE: 1, RoleCode.TEACHING_SCHOOL: 1},
}

# The specialism a need implies, by slug, when the school does not choose one.
NEED_SPECIALISM = {
    Need.FINANCIAL_HEALTH: "school-business-management-and-financial-management",
    Need.PUPIL_PREMIUM: "closing-the-gap",
}

# Roles that help with a specialism only through it: an SLE or a teaching school counts for a need with a
# specialism only if it offers that specialism.
HELP_THROUGH_SPECIALISM = {RoleCode.SLE, RoleCode.TEACHING_SCHOOL}

# Within this distance a candidate is near: it counts for them; beyond it, it is a thing to consider (rule 3).
NEAR_MILES = 25


class PhaseFit:
    SAME = "same"  # the same stage, or one that covers it (all-through)
    DIFFERENT = "different"
    UNKNOWN = "unknown"  # either phase not known, or not applicable (a special school, say)


@dataclass
class Candidate:
    """What the ranking needs to know of one listed system leader or school."""

    key: int
    name: str
    roles: frozenset[str]
    specialism_slugs: frozenset[str] = frozenset()
    phase: str = ""
    is_school: bool = False  # a school holding a role (a teaching school), not a person
    distance_miles: float | None = None
    same_local_authority: bool = False
    # This term; None when not recorded. For a teaching school, its SLEs' (see pooled_days_free).
    days_free: Decimal | None = None
    schools_supported: int = 0
    schools_supported_in_local_authority: int = 0


@dataclass
class Match:
    candidate: Candidate
    role: str
    tier: int
    phase_fit: str
    reasons: list[str] = field(default_factory=list)  # why they are on the list
    considerations: list[str] = field(default_factory=list)  # things to consider

    @property
    def no_days_free(self) -> bool:
        return self.candidate.days_free is not None and self.candidate.days_free <= 0

    @property
    def is_near(self) -> bool:
        return is_near(self.candidate)


def is_near(candidate: Candidate) -> bool:
    """Within NEAR_MILES; or, for a school with no grid reference, in its local authority."""
    if candidate.distance_miles is None:
        return candidate.same_local_authority
    return candidate.distance_miles <= NEAR_MILES


def pooled_days_free(values) -> Decimal | None:
    """A teaching school's days free this term, from its SLEs' (None for an SLE who has not said): the sum when any
    has days free; none only when every SLE has said they have none; otherwise not known."""
    values = list(values)
    known = [value for value in values if value is not None]
    if any(value > 0 for value in known):
        return sum(known, Decimal(0))
    if values and len(known) == len(values):
        return Decimal(0)
    return None


def phase_group(phase: str) -> PhaseGroup | None:
    try:
        return SchoolPhase(phase).group
    except ValueError:
        return None


def phase_fit(candidate_phase: str, school_phase: str) -> str:
    mine, theirs = phase_group(school_phase), phase_group(candidate_phase)
    if mine is None or theirs is None:
        return PhaseFit.UNKNOWN
    if mine == theirs or (PhaseGroup.ALL_THROUGH in (mine, theirs) and {mine, theirs} <= _SCHOOL_AGE):
        return PhaseFit.SAME
    return PhaseFit.DIFFERENT


# An all-through school teaches primary and secondary pupils: it fits either, and either fits it.
_SCHOOL_AGE = {PhaseGroup.PRIMARY, PhaseGroup.SECONDARY, PhaseGroup.ALL_THROUGH}


def other_phases(school_phase: str) -> list[PhaseGroup]:
    """The stages that count as another phase for the school, in the order of PhaseGroup."""
    mine = phase_group(school_phase)
    if mine is None:
        return []
    return [group for group in PhaseGroup if phase_fit(_a_phase_of(group), school_phase) == PhaseFit.DIFFERENT]


def _a_phase_of(group: PhaseGroup) -> str:
    return next(phase for phase in SchoolPhase if phase.group == group)


def fit(candidate: Candidate, *, need: str, specialism_slug: str = "", school_phase: str = "") -> Match | None:
    """The candidate's fit to the need, with its reasons; None when the candidate cannot help with it."""
    specialism_slug = specialism_slug or NEED_SPECIALISM.get(need, "")
    offers_specialism = bool(specialism_slug) and specialism_slug in candidate.specialism_slugs
    role, tier = "", 0
    for code, code_tier in ROLE_FIT.get(need, {}).items():
        if code not in candidate.roles:
            continue
        if code in HELP_THROUGH_SPECIALISM and specialism_slug and not offers_specialism:
            continue
        if not role or code_tier < tier:
            role, tier = code, code_tier
    if not role:
        return None

    match = Match(candidate=candidate, role=role, tier=tier, phase_fit=phase_fit(candidate.phase, school_phase))
    _distance_reason(match)
    if offers_specialism:
        match.reasons.append("offers the specialism you need")
    _phase_reason(match, school_phase)
    _capacity_reason(match)
    _experience_reason(match)
    return match


def _distance_reason(match: Match) -> None:
    if match.is_near:
        match.reasons.append(distance_reason(match.candidate))
    else:
        match.considerations.append(distance_reason(match.candidate))


def _phase_reason(match: Match, school_phase: str) -> None:
    candidate = match.candidate
    theirs = phase_group(candidate.phase)
    if match.phase_fit == PhaseFit.UNKNOWN:
        return
    place = f"{_article(theirs.label)} {theirs.label} school"
    said = f"is {place}" if candidate.is_school else f"works in {place}"
    mine = phase_group(school_phase)
    if match.phase_fit == PhaseFit.SAME:
        match.reasons.append(f"{said}, like yours" if theirs == mine else said)
    else:
        match.considerations.append(f"{said}; yours is {_article(mine.label)} {mine.label} school")


def _capacity_reason(match: Match) -> None:
    candidate = match.candidate
    whose = "its SLEs have" if candidate.is_school else "has"
    if candidate.days_free is None:
        match.considerations.append(f"{whose} not said how many days they have free this term")
    elif candidate.days_free > 0:
        match.reasons.append(f"{whose} {days(candidate.days_free)} free this term")
    else:
        match.considerations.append(f"{whose} no days free this term")


def _experience_reason(match: Match) -> None:
    candidate = match.candidate
    if candidate.schools_supported_in_local_authority:
        here = f"has supported {schools(candidate.schools_supported_in_local_authority)} in your local authority"
        if candidate.schools_supported > candidate.schools_supported_in_local_authority:
            here += f" ({candidate.schools_supported} in all)"
        match.reasons.append(here)
    elif candidate.schools_supported:
        match.reasons.append(f"has supported {schools(candidate.schools_supported)}")


def rank(
    candidates, *, need: str, specialism_slug: str = "", school_phase: str = "", size: int | None = None
) -> list[Match]:
    matches = [
        match
        for candidate in candidates
        if (match := fit(candidate, need=need, specialism_slug=specialism_slug, school_phase=school_phase))
    ]
    matches.sort(key=order)
    return matches if size is None else matches[:size]


def order(match: Match):
    """The sort key: the five rules of the module's docstring, then the name so that equals keep one order."""
    distance = match.candidate.distance_miles
    return (
        match.phase_fit == PhaseFit.DIFFERENT,
        match.no_days_free,
        not match.is_near,
        match.tier,
        float("inf") if distance is None else distance,
        match.candidate.name,
    )


def order_in_words(*, need: str, school_phase: str, roles, role_plurals: dict[str, str]) -> list[str]:
    """The rules of `order`, for the sentence above the list: only those that can tell the candidates apart for this
    school and need. `roles` are the roles considered; `role_plurals` names them ("national leaders of education")."""
    steps = []
    others = other_phases(school_phase)
    if others:
        steps.append(f"anyone in {_or([group.label for group in others])} schools comes after everyone else")
    steps.append(
        "anyone who has said they have no days free this term (for a teaching school, its SLEs) comes after everyone "
        "else"
    )
    steps.append(
        f"anyone more than {NEAR_MILES} miles away, or whose distance is not known, comes after everyone nearer"
    )
    tiers = {}
    for code, tier in ROLE_FIT.get(need, {}).items():
        if code in roles:
            tiers.setdefault(tier, []).append(role_plurals.get(code, code))
    if len(tiers) > 1:
        first, *rest = (tiers[tier] for tier in sorted(tiers))
        steps.append(f"{_and(first)} come before {_and([name for names in rest for name in names])}")
    steps.append("the nearest come first, and anyone whose distance is not known comes last")
    return steps


def distance_reason(candidate: Candidate) -> str:
    if candidate.distance_miles is None:
        return "in your local authority" if candidate.same_local_authority else "distance not known"
    if candidate.distance_miles < 1:
        return "less than a mile away"
    rounded = round(candidate.distance_miles)
    return f"{rounded} mile{'s' if rounded != 1 else ''} away"


def days(value: Decimal) -> str:
    text = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
    return f"{text} day{'' if Decimal(value) == 1 else 's'}"


def schools(count: int) -> str:
    return f"{count} school{'' if count == 1 else 's'}"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
