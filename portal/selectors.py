"""Reads for the portal. Every query a portal page makes about SLEs or placements starts here, scoped to the signed-in
user's teaching school, so another school's ids are simply not found."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from core.terms import Term, term_containing
from deployments.models import Deployment, DeploymentKind, DeploymentLeader, NegotiationRecord
from matching.models import EnquiryRecipient
from matching.ranking import days
from roles.models import Capacity, Designation, Role, Specialism, SystemLeader, TeachingSchoolMembership
from schools.models import School

PORTAL_ROLES = (Role.Code.SLE, Role.Code.LLE)


def membership_for(user) -> TeachingSchoolMembership | None:
    """The user's membership, with its school and whether that school is still a designated teaching school."""
    if not user.is_authenticated:
        return None
    return (
        TeachingSchoolMembership.objects.with_school_is_teaching_school()
        .select_related("school")
        .filter(user=user)
        .first()
    )


def designations_for(school: School) -> QuerySet[Designation]:
    """The SLE and LLE designations the teaching school made, with their holders, statuses and specialisms."""
    return (
        Designation.objects.filter(teaching_school=school, role_id__in=PORTAL_ROLES)
        .select_related("role", "leader__school")
        .prefetch_related(Prefetch("specialisms", queryset=Specialism.objects.select_related("focus_area")))
        .with_status()
        .order_by("leader__last_name", "leader__first_name", "-designated_on", "pk")
    )


def current_sles_for(school: School) -> QuerySet[Designation]:
    """The school's SLEs who may be placed today."""
    return designations_for(school).of_role(Role.Code.SLE).current()


def leaders_for(school: School, role: str = Role.Code.SLE) -> QuerySet[SystemLeader]:
    """People the teaching school has designated before, who could be designated as its SLE (or LLE) again."""
    return (
        SystemLeader.objects.filter(designations__teaching_school=school)
        .exclude(pk__in=Designation.objects.of_role(role).filter(ended_on__isnull=True).values("leader_id"))
        .select_related("school")
        .distinct()
    )


def sle_kinds() -> QuerySet[DeploymentKind]:
    return DeploymentKind.objects.filter(role_id=Role.Code.SLE).order_by("position")


def placements_for(school: School) -> QuerySet[Deployment]:
    """Deployments of an SLE kind led by one of the teaching school's SLE designations."""
    return (
        Deployment.objects.filter(
            kind__role_id=Role.Code.SLE,
            leaders__is_lead=True,
            leaders__designation__role_id=Role.Code.SLE,
            leaders__designation__teaching_school=school,
        )
        .select_related("kind", "supported_school", "focus_specialism", "focus_area")
        .prefetch_related(
            Prefetch(
                "leaders",
                queryset=DeploymentLeader.objects.filter(is_lead=True).select_related("designation__leader"),
                to_attr="lead_leaders",
            )
        )
    )


def negotiation_records_for(deployment: Deployment) -> QuerySet[NegotiationRecord]:
    """A placement's negotiation timeline. Pass only a deployment that came from placements_for()."""
    return deployment.negotiation_records.select_related("recorded_by").order_by("recorded_on", "pk")


def open_designations_for(school: School, today: datetime.date) -> QuerySet[Designation]:
    """The school's SLEs and LLEs not ended: those whose specialisms and days free it may still change."""
    return designations_for(school).not_ended(today)


@dataclass
class TermCapacity:
    term: Term
    days_free: Decimal | None  # None: not recorded
    may_change: bool = True  # whether the teaching school asking records this term's days free

    @property
    def summary(self) -> str:
        return "Not recorded" if self.days_free is None else days(self.days_free)


def capacity_terms(leader: SystemLeader, today: datetime.date, school: School | None = None) -> list[TermCapacity]:
    """The leader's days free this term and next term, as recorded; with a school, which of them it records."""
    this_term = term_containing(today)
    terms = [this_term, this_term.next()]
    recorded = dict(
        Capacity.objects.filter(leader=leader, term_starts_on__in=[term.starts_on for term in terms]).values_list(
            "term_starts_on", "days_free"
        )
    )
    return [
        TermCapacity(
            term=term,
            days_free=recorded.get(term.starts_on),
            may_change=school is None or capacity_recorder(leader, term, today) == school.pk,
        )
        for term in terms
    ]


def capacity_recorder(leader: SystemLeader, term: Term, today: datetime.date) -> int | None:
    """The id of the teaching school that records the person's days free for a term: the one whose designation of
    them is in force on the term's first day (this term: today). Teaching schools' designations of one person never
    overlap (roles.services); should older records have two in force, neither school records them."""
    on = max(term.starts_on, today)
    schools = set(
        Designation.objects.in_force(on)
        .filter(leader=leader, teaching_school__isnull=False)
        .values_list("teaching_school_id", flat=True)
    )
    return schools.pop() if len(schools) == 1 else None


def enquiries_for(school: School) -> QuerySet[EnquiryRecipient]:
    """What schools sent the teaching school, to itself or to one of its SLEs or LLEs: the recipient rows it
    received when each enquiry was made (never worked out from designation dates), newest first."""
    return (
        EnquiryRecipient.objects.received_by(school)
        .select_related("enquiry__school", "enquiry__specialism", "leader", "deployment")
        .order_by("-enquiry__created_at", "-pk")
    )
