"""How a shortlist is ordered, and how it explains itself. Pure: no database, so the rules can be tested by hand.

Near first: candidates fall into distance bands, and a nearer band always comes first. Within a band, fit decides:
the fit of the candidate's role to the need, whether they offer the specialism asked for, whether they work in the
same phase as the school, their capacity this term, and their experience of similar deployments. The exact
distance breaks ties. Every point of fit that counted is said in words beside the candidate."""

from dataclasses import dataclass, field
from decimal import Decimal

from roles.models import RoleCode
from schools.models import SchoolPhase

from .models import Need

# Upper bounds (miles) of the distance bands, nearest first; beyond the last is the last band.
DISTANCE_BANDS = (10, 25, 50)

# For each need: the roles that can help, and how well (3 best). The NLG programme closed in 2023: DfE now
# matches schools needing governance support with NLEs, so closed programmes' roles are left out by the selector.
ROLE_FIT = {
    # Teaching school hubs are left out: they run professional development, and an enquiry has no one to reach there.
    Need.LEADERSHIP: {RoleCode.NLE: 3, RoleCode.LLE: 3, RoleCode.TEACHING_SCHOOL: 2},
    Need.GOVERNANCE: {RoleCode.NLG: 3, RoleCode.NLE: 3, RoleCode.LLE: 1},
    Need.FINANCIAL_HEALTH: {RoleCode.SLE: 3, RoleCode.NLE: 2, RoleCode.TEACHING_SCHOOL: 2},
    # A pupil premium reviewer is the guidance's route for pupil premium: above an SLE offering closing the gap.
    Need.PUPIL_PREMIUM: {RoleCode.PUPIL_PREMIUM_REVIEWER: 5, RoleCode.SLE: 2, RoleCode.TEACHING_SCHOOL: 1},
    Need.SPECIALISM: {RoleCode.SLE: 3, RoleCode.TEACHING_SCHOOL: 2},
}

# The specialism a need implies, by slug, when the school does not choose one.
NEED_SPECIALISM = {
    Need.FINANCIAL_HEALTH: "school-business-management-and-financial-management",
    Need.PUPIL_PREMIUM: "closing-the-gap",
}

# Roles that help with a specialism only through it: an SLE or a teaching school counts for a need with a
# specialism only if it offers that specialism.
HELP_THROUGH_SPECIALISM = {RoleCode.SLE, RoleCode.TEACHING_SCHOOL}

SPECIALISM_POINTS = 2
PHASE_POINTS = 1
CAPACITY_POINTS = 1
NO_CAPACITY_POINTS = -2
LOCAL_EXPERIENCE_POINTS = Decimal("0.5")  # per school supported in the same local authority, up to 3
EXPERIENCE_POINTS = Decimal("0.2")  # per school supported anywhere, up to 5

PHASE_GROUPS = {
    SchoolPhase.PRIMARY: "primary",
    SchoolPhase.MIDDLE_DEEMED_PRIMARY: "primary",
    SchoolPhase.NURSERY: "primary",
    SchoolPhase.SECONDARY: "secondary",
    SchoolPhase.MIDDLE_DEEMED_SECONDARY: "secondary",
    SchoolPhase.SIXTEEN_PLUS: "secondary",
    SchoolPhase.ALL_THROUGH: "all-through",
}


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
    days_free: Decimal | None = None  # this term; None when not recorded
    schools_supported: int = 0
    schools_supported_in_local_authority: int = 0


@dataclass
class Match:
    candidate: Candidate
    band: int
    score: Decimal
    role: str
    reasons: list[str] = field(default_factory=list)


def fit(candidate: Candidate, *, need: str, specialism_slug: str = "", school_phase: str = "") -> Match | None:
    """The candidate's fit to the need, with its reasons; None when the candidate cannot help with it."""
    specialism_slug = specialism_slug or NEED_SPECIALISM.get(need, "")
    offers_specialism = bool(specialism_slug) and specialism_slug in candidate.specialism_slugs
    role, role_points = "", 0
    for code, points in ROLE_FIT.get(need, {}).items():
        if code not in candidate.roles:
            continue
        if code in HELP_THROUGH_SPECIALISM and specialism_slug and not offers_specialism:
            continue
        if points > role_points:
            role, role_points = code, points
    if not role:
        return None

    score = Decimal(role_points)
    reasons = [distance_reason(candidate)]
    if offers_specialism:
        score += SPECIALISM_POINTS
        reasons.append("offers the specialism you need")
    phase = phase_group(candidate.phase)
    if phase and (phase == phase_group(school_phase) or phase == "all-through"):
        score += PHASE_POINTS
        article = "an" if phase == "all-through" else "a"
        reasons.append(f"{article} {phase} school" if candidate.is_school else f"works in {article} {phase} school")
    if candidate.days_free is not None:
        if candidate.days_free > 0:
            score += CAPACITY_POINTS
            reasons.append(f"{days(candidate.days_free)} free this term")
        else:
            score += NO_CAPACITY_POINTS
            reasons.append("no days free this term")
    local = min(candidate.schools_supported_in_local_authority, 3)
    anywhere = min(candidate.schools_supported, 5)
    score += local * LOCAL_EXPERIENCE_POINTS + anywhere * EXPERIENCE_POINTS
    if candidate.schools_supported_in_local_authority:
        here = f"supported {schools(candidate.schools_supported_in_local_authority)} in your local authority"
        if candidate.schools_supported > candidate.schools_supported_in_local_authority:
            here += f" ({candidate.schools_supported} in all)"
        reasons.append(here)
    elif candidate.schools_supported:
        reasons.append(f"supported {schools(candidate.schools_supported)}")
    return Match(candidate=candidate, band=band(candidate.distance_miles), score=score, role=role, reasons=reasons)


def rank(
    candidates, *, need: str, specialism_slug: str = "", school_phase: str = "", size: int | None = None
) -> list[Match]:
    matches = [
        match
        for candidate in candidates
        if (match := fit(candidate, need=need, specialism_slug=specialism_slug, school_phase=school_phase))
    ]
    matches.sort(key=_order)
    return matches if size is None else matches[:size]


def _order(match: Match):
    distance = match.candidate.distance_miles
    return (match.band, -match.score, float("inf") if distance is None else distance, match.candidate.name)


def band(distance_miles: float | None) -> int:
    if distance_miles is None:
        return len(DISTANCE_BANDS)
    for position, limit in enumerate(DISTANCE_BANDS):
        if distance_miles <= limit:
            return position
    return len(DISTANCE_BANDS)


def phase_group(phase: str) -> str:
    return PHASE_GROUPS.get(phase, "")


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
