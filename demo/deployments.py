"""Demo deployments: the support the fictional population of demo.leaders gives to real schools, with a negotiation
timeline for each, for demonstrations and benchmarks.

The deployments are built from the demo designations as saved (read back from the database), from one seeded
random.Random, so the same designations, scale and date give the same deployments. They are written in bulk,
without the services, but obey every constraint and every rule in deployments.services: the designations are current
on the day of the request and on the first day of support, an NLG's first 5 days are free and every NLG's support
ended before the programme closed, a pupil premium review takes 2 to 4 days with all its stages, totals are worked
out with negotiation_total_cost_pence, and each deployment's status follows from its records and dates.
"""

import dataclasses
import datetime
import math
import random
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, QuerySet

from deployments.models import (
    Deployment,
    DeploymentKind,
    DeploymentLeader,
    DeploymentOutcome,
    DeploymentStatus,
    NegotiationKind,
    NegotiationParty,
    NegotiationRecord,
    Payer,
    PupilPremiumReviewStage,
    ReviewStage,
    SleSupport,
    TimePattern,
)
from deployments.services import TIME_COMMITMENT_FIELDS, negotiation_total_cost_pence
from roles.models import NLG_COMMISSIONS_CLOSED_ON, Designation, FocusArea, Role
from schools.models import School

SEED = "20140325:deployments"
BATCH_SIZE = 1000
FULL_SIZE_SCHOOLS = 20_000

# How many deployments of each role's kinds at scale 1 on all of England's schools: about 600.
DEPLOYMENT_COUNTS = {
    Role.Code.NLE: 180,
    Role.Code.SLE: 200,
    Role.Code.PUPIL_PREMIUM_REVIEWER: 90,
    Role.Code.NLG: 70,
    Role.Code.TEACHING_SCHOOL: 60,
}
# The kinds of each role's deployments, with weights.
KIND_WEIGHTS = {
    Role.Code.NLE: {"nle-alongside-own-staff": 5, "nle-alone": 3, "nle-staff-under-direction": 2},
    Role.Code.SLE: {
        "sle-data-analysis": 1,
        "sle-coaching": 1,
        "sle-facilitating-training": 1,
        "sle-joint-action-planning": 1,
    },
    Role.Code.PUPIL_PREMIUM_REVIEWER: {"pupil-premium-review": 1},
    Role.Code.NLG: {
        "nlg-mentoring": 5,
        "nlg-governance-review": 3,
        "nlg-interim-executive-board": 1,
        "nlg-governing-body-leadership": 1,
    },
    Role.Code.TEACHING_SCHOOL: {"teaching-school-support": 1},
}
STATUS_WEIGHTS = {
    DeploymentStatus.REQUESTED: 6,
    DeploymentStatus.NEGOTIATING: 8,
    DeploymentStatus.AGREED: 7,
    DeploymentStatus.ACTIVE: 20,
    DeploymentStatus.COMPLETED: 45,
    DeploymentStatus.CANCELLED: 14,
}
# The NLG programme closed on 6 November 2023: all its support was over by then.
NLG_STATUS_WEIGHTS = {DeploymentStatus.COMPLETED: 85, DeploymentStatus.CANCELLED: 15}
OPEN_STATUSES = (
    DeploymentStatus.REQUESTED,
    DeploymentStatus.NEGOTIATING,
    DeploymentStatus.AGREED,
    DeploymentStatus.ACTIVE,
)
# When a cancelled deployment stopped: before negotiation, during it, once agreed, or while active.
CANCELLED_AT_WEIGHTS = {"requested": 2, "negotiating": 4, "agreed": 1, "active": 3}
OUTCOME_WEIGHTS = {
    DeploymentOutcome.IMPROVED: 50,
    DeploymentOutcome.PARTLY_IMPROVED: 35,
    DeploymentOutcome.NO_CHANGE: 15,
}

TYPICAL_DAY_RATES = [300, 325, 350, 375, 400, 425, 450, 475, 500]  # pounds
UNUSUAL_DAY_RATES = [250, 275, 550, 600, 650]
UNUSUAL_DAY_RATE_SHARE = 0.07
STRUGGLING = (School.OfstedRating.REQUIRES_IMPROVEMENT, School.OfstedRating.INADEQUATE)
TRUST_NAMES = [
    "Northern Lights Academy Trust",
    "Riverside Learning Partnership",
    "Three Spires Multi-Academy Trust",
    "Coast and Country Schools Trust",
    "Oakfield Education Trust",
    "Beacon Hill Learning Trust",
]
NSS_STAFF = [
    "Deputy headteacher",
    "Assistant headteacher for teaching and learning",
    "Maths and English leads",
    "Special educational needs co-ordinator",
    "School business manager",
    "Early years lead",
]
TIME_NOTES = {
    Role.Code.NLE: ["", "", "Mondays to Wednesdays", "Headteacher's absence cover in the first term"],
    Role.Code.SLE: ["", "", "Tuesday afternoons", "Department meeting times", "Two twilight sessions a month"],
    Role.Code.PUPIL_PREMIUM_REVIEWER: ["", "Review day in the second half of term"],
    Role.Code.NLG: ["", "Before governing body meetings", "One evening a month", "Weekend calls as needed"],
    Role.Code.TEACHING_SCHOOL: ["", "", "Fridays", "Staff training days and twilights"],
}
OUTCOME_NOTES = {
    DeploymentOutcome.IMPROVED: ["", "Judged good at the next inspection.", "Leadership capacity now secure."],
    DeploymentOutcome.PARTLY_IMPROVED: [
        "",
        "Teaching improved; outcomes still below floor.",
        "Further support agreed.",
    ],
    DeploymentOutcome.NO_CHANGE: ["", "Leadership changes delayed the work."],
    DeploymentOutcome.WITHDRAWN: ["", "The school joined a trust, which took over its support."],
    DeploymentOutcome.NOT_STARTED: ["", "The school found support elsewhere.", "Funding was not agreed."],
}
PROPOSED_BY = {
    Role.Code.NLE: NegotiationParty.SYSTEM_LEADER,
    Role.Code.SLE: NegotiationParty.TEACHING_SCHOOL,
    Role.Code.PUPIL_PREMIUM_REVIEWER: NegotiationParty.SYSTEM_LEADER,
    Role.Code.NLG: NegotiationParty.SYSTEM_LEADER,
    Role.Code.TEACHING_SCHOOL: NegotiationParty.TEACHING_SCHOOL,
}


def demo_deployment_counts(*, school_count: int, scale: int) -> dict[str, int]:
    """Like the people, the deployments follow the share of England's schools that are loaded."""
    share = min(1.0, school_count / FULL_SIZE_SCHOOLS)
    return {code: max(1, round(count * scale * share)) for code, count in DEPLOYMENT_COUNTS.items()}


@dataclasses.dataclass(frozen=True)
class DemoLead:
    """A demo designation, as saved, with what choosing its deployments needs."""

    designation_id: int
    role_id: str
    home_school_id: int  # where the person works, or the school holding the designation
    own_school_ids: frozenset
    teaching_school_id: int | None
    designated_on: datetime.date
    last_day: datetime.date  # the last day it is current, up to today
    specialism_ids: tuple
    governance_review_training_on: datetime.date | None = None  # an NLG's


@dataclasses.dataclass
class DemoDeployments:
    deployments: list[Deployment] = dataclasses.field(default_factory=list)
    leaders: list[DeploymentLeader] = dataclasses.field(default_factory=list)
    records: list[NegotiationRecord] = dataclasses.field(default_factory=list)
    stages: list[PupilPremiumReviewStage] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Terms:
    """Days, day rate and time commitment of one negotiation step."""

    days: Decimal
    day_rate_pence: int | None
    free_days: Decimal
    time: dict


@dataclasses.dataclass
class Timeline:
    """Days after the request on which each thing happens."""

    proposal: int
    counter: int | None
    agreement: int
    start: int
    end: int
    stages: list[tuple[str, int, Decimal | None]]  # pupil premium review: (stage, day, days)

    @property
    def last_record(self) -> int:
        return self.counter if self.counter is not None else self.proposal


class DemoDeploymentBuilder:
    """Builds the deployments in memory; demo_deployments_write() saves them in bulk."""

    def __init__(self, *, today: datetime.date, counts: dict[str, int], scale: int = 1):
        self.today = today
        self.counts = counts
        self.rng = random.Random(f"{SEED}:{scale}")
        self.built = DemoDeployments()
        self.kinds = {kind.code: kind for kind in DeploymentKind.objects.all()}
        self.focus_areas = {area.slug: area.pk for area in FocusArea.objects.all()}
        self.nlg_closed_on = Role.objects.get(code=Role.Code.NLG).programme_changed_on
        self._read_schools()
        self._read_leads()

    def _read_schools(self) -> None:
        rows = (
            School.objects.open().order_by("urn").values_list("pk", "local_authority_id", "region_id", "ofsted_rating")
        )
        self.schools = {pk: (authority, region, rating) for pk, authority, region, rating in rows}
        self.all_school_ids = list(self.schools)
        self.by_authority, self.by_region = defaultdict(list), defaultdict(list)
        self.struggling_by_authority, self.struggling_by_region = defaultdict(list), defaultdict(list)
        for pk, (authority, region, rating) in self.schools.items():
            self.by_authority[authority].append(pk)
            self.by_region[region].append(pk)
            if rating in STRUGGLING:
                self.struggling_by_authority[authority].append(pk)
                self.struggling_by_region[region].append(pk)

    def _read_leads(self) -> None:
        specialisms = defaultdict(list)
        through = Designation.specialisms.through.objects.filter(designation__is_demo=True)
        for designation_id, specialism_id in through.order_by("designation_id", "specialism_id").values_list(
            "designation_id", "specialism_id"
        ):
            specialisms[designation_id].append(specialism_id)
        rows = (
            Designation.objects.demo()
            .filter(role_id__in=DEPLOYMENT_COUNTS)
            .order_by("pk")
            .values_list(
                "pk",
                "role_id",
                "leader__school_id",
                "school_id",
                "national_support_school_id",
                "teaching_school_id",
                "designated_on",
                "ended_on",
                "paused_on",
                "governance_review_training_on",
            )
        )
        self.leads = defaultdict(list)
        for (
            pk,
            role_id,
            works_at,
            holds,
            support_school,
            teaching_school,
            designated_on,
            ended_on,
            paused_on,
            trained_on,
        ) in rows:
            last_day = self.today
            for stop in (ended_on, paused_on):
                if stop is not None:
                    last_day = min(last_day, stop - datetime.timedelta(days=1))
            home = works_at or holds
            if last_day < designated_on or home not in self.schools:
                continue
            own = frozenset(school for school in (works_at, holds, support_school) if school)
            self.leads[role_id].append(
                DemoLead(
                    pk,
                    role_id,
                    home,
                    own,
                    teaching_school,
                    designated_on,
                    last_day,
                    tuple(specialisms[pk]),
                    trained_on,
                )
            )

    # Choices

    def weighted(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def day_rate(self) -> int:
        rates = UNUSUAL_DAY_RATES if self.rng.random() < UNUSUAL_DAY_RATE_SHARE else TYPICAL_DAY_RATES
        return self.rng.choice(rates) * 100

    def half_days(self, low: float, high: float) -> Decimal:
        return Decimal(self.rng.randint(int(low * 2), int(high * 2))) / 2

    def date(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))

    # Building

    def build(self) -> DemoDeployments:
        for role_id, count in self.counts.items():
            if not self.leads.get(role_id):
                continue
            for _ in range(count):
                self.deployment(role_id)
        return self.built

    def deployment(self, role_id: str) -> None:
        is_nlg = role_id == Role.Code.NLG
        status = self.weighted(NLG_STATUS_WEIGHTS if is_nlg else STATUS_WEIGHTS)
        cancelled_at = self.weighted(CANCELLED_AT_WEIGHTS) if status == DeploymentStatus.CANCELLED else None
        for _ in range(30):  # Find a leader whose designation fits the timeline.
            lead = self.rng.choice(self.leads[role_id])
            proposal, counter, agreed = self.negotiation(role_id)
            timeline = self.timeline(role_id, agreed, has_counter=counter is not None)
            requested_on = self.place(status, cancelled_at, lead, timeline)
            if requested_on is not None:
                break
        else:
            return
        self.write(role_id, status, cancelled_at, lead, requested_on, timeline, proposal, counter, agreed)

    def negotiation(self, role_id: str) -> tuple[Terms, Terms | None, Terms]:
        """The proposal, perhaps a counter-proposal, and the terms agreed (those of the last of them)."""
        proposal = self.terms(role_id, factor=1.0, day_rate=self.day_rate())
        counter = None
        if self.rng.random() < 0.5:
            rate = proposal.day_rate_pence
            if rate is not None:
                rate = max(25_000, rate - self.rng.choice([0, 2_500, 5_000]))
            counter = self.shrink(role_id, proposal, rate)
        return proposal, counter, counter or proposal

    def terms(self, role_id: str, *, factor: float, day_rate: int) -> Terms:
        rng = self.rng
        time = {"pattern": "", "time_notes": rng.choice(TIME_NOTES[role_id])}
        if role_id == Role.Code.NLE:
            low = rng.choice([2, 2, 3, 3])
            high = min(4, low + rng.choice([0, 1, 1]))
            weeks = rng.choice([rng.randint(6, 20), rng.randint(20, 52), rng.randint(52, 104)])
            time.update(
                pattern=TimePattern.DAYS_PER_WEEK,
                days_per_week_min=Decimal(low),
                days_per_week_max=Decimal(high),
                period_weeks=weeks,
                face_to_face=True,
            )
            days = Decimal(math.ceil((low + high) / 2 * weeks))
        elif role_id == Role.Code.SLE:
            if rng.random() < 0.5:
                time["pattern"] = TimePattern.BLOCK
                days = Decimal(rng.randint(2, 15))
            else:
                time["pattern"] = TimePattern.PART_DAYS
                days = self.half_days(2, 30)
            time["face_to_face"] = True
        elif role_id == Role.Code.PUPIL_PREMIUM_REVIEWER:
            time.update(pattern=TimePattern.FLEXIBLE, face_to_face=True)
            days = self.half_days(3, 4)
        elif role_id == Role.Code.NLG:
            time.update(
                pattern=rng.choice([TimePattern.EVENINGS_WEEKENDS, TimePattern.PART_DAYS, TimePattern.FLEXIBLE]),
                by_phone=rng.random() < 0.8,
                by_email=rng.random() < 0.7,
                face_to_face=True,
            )
            days = self.half_days(3, 15)
            day_rate = rng.choice([300, 325, 350, 375, 400, 450]) * 100
        else:  # a teaching school
            if rng.random() < 0.5:
                weeks, per_week = rng.randint(4, 39), rng.choice([1, 1, 2])
                time.update(
                    pattern=TimePattern.DAYS_PER_WEEK,
                    days_per_week_min=Decimal(per_week),
                    days_per_week_max=Decimal(per_week),
                    period_weeks=weeks,
                )
                days = Decimal(per_week * weeks)
            else:
                time["pattern"] = TimePattern.FLEXIBLE
                days = Decimal(rng.randint(5, 40))
            time["face_to_face"] = True
        free_days = min(Decimal(5), days) if role_id == Role.Code.NLG else Decimal(0)
        if free_days == days:
            day_rate = None  # every day is free
        time["total_days"] = days
        return Terms(days=days, day_rate_pence=day_rate, free_days=free_days, time=time)

    def shrink(self, role_id: str, terms: Terms, day_rate: int | None) -> Terms:
        """A counter-proposal: a little less time, perhaps a lower rate."""
        time = dict(terms.time)
        if role_id == Role.Code.PUPIL_PREMIUM_REVIEWER:
            days = max(Decimal(2), terms.days - self.rng.choice([Decimal("0.5"), Decimal(1)]))
        elif time.get("pattern") == TimePattern.DAYS_PER_WEEK:
            weeks = max(6 if role_id == Role.Code.NLE else 4, round(time["period_weeks"] * 0.75))
            time["period_weeks"] = weeks
            days = Decimal(math.ceil((time["days_per_week_min"] + time["days_per_week_max"]) / 2 * weeks))
        else:
            days = max(Decimal(2), (terms.days * Decimal("1.6")).to_integral_value() / 2)
        free_days = min(Decimal(5), days) if role_id == Role.Code.NLG else Decimal(0)
        if free_days == days:
            day_rate = None
        time["total_days"] = days
        return Terms(days=days, day_rate_pence=day_rate, free_days=free_days, time=time)

    def timeline(self, role_id: str, agreed: Terms, *, has_counter: bool) -> Timeline:
        rng = self.rng
        proposal = rng.randint(2, 21)
        counter = proposal + rng.randint(3, 14) if has_counter else None
        agreement = (counter or proposal) + rng.randint(2, 14)
        start = agreement + rng.randint(7, 42)
        stages = []
        time = agreed.time
        if role_id == Role.Code.PUPIL_PREMIUM_REVIEWER:
            review = start + rng.randint(7, 21)
            follow_up = review + rng.randint(42, 90)
            stages = [
                (ReviewStage.INITIAL_DISCUSSION, rng.randint(1, proposal), None),
                (ReviewStage.SELF_EVALUATION, start, Decimal(1)),
                (ReviewStage.REVIEW, review, agreed.days - Decimal("1.5")),
                (ReviewStage.FOLLOW_UP, follow_up, Decimal("0.5")),
            ]
            run = follow_up - start
        elif time.get("pattern") == TimePattern.DAYS_PER_WEEK:
            run = time["period_weeks"] * 7
        elif time.get("pattern") == TimePattern.BLOCK:
            run = math.ceil(agreed.days * 7 / 5)
        elif time.get("pattern") == TimePattern.PART_DAYS and role_id == Role.Code.SLE:
            run = min(364, int(agreed.days * 14))
        else:
            run = rng.randint(30, 270)
        return Timeline(proposal, counter, agreement, start, start + max(1, run), stages)

    def place(self, status, cancelled_at, lead: DemoLead, timeline: Timeline) -> datetime.date | None:
        """The request date that puts today in the right part of the timeline, or the whole of an ended
        deployment before today and within its leader's designation. None if this leader cannot fit it."""
        if status in OPEN_STATUSES:
            if lead.last_day != self.today:
                return None
            low, high = {
                DeploymentStatus.REQUESTED: (0, timeline.proposal - 1),
                DeploymentStatus.NEGOTIATING: (timeline.last_record, timeline.agreement - 1),
                DeploymentStatus.AGREED: (timeline.agreement, timeline.start - 1),
                DeploymentStatus.ACTIVE: (timeline.start, timeline.end - 1),
            }[status]
            earliest = max(lead.designated_on, self.today - datetime.timedelta(days=high))
            latest = self.today - datetime.timedelta(days=low)
        else:
            last = self.ended_on_offset(status, cancelled_at, timeline)
            earliest = lead.designated_on
            latest = lead.last_day - datetime.timedelta(days=last)
            if lead.role_id == Role.Code.NLG:
                latest = min(latest, self.nlg_closed_on - datetime.timedelta(days=last + 1))
                latest = min(latest, NLG_COMMISSIONS_CLOSED_ON - datetime.timedelta(days=1))
        if earliest > latest:
            return None
        return self.date(earliest, latest)

    def ended_on_offset(self, status, cancelled_at, timeline: Timeline) -> int:
        """Days from the request to the day the deployment ended (completed, or cancelled)."""
        if status == DeploymentStatus.COMPLETED:
            return timeline.end
        return {
            "requested": timeline.proposal - 1,
            "negotiating": timeline.last_record + 3,
            "agreed": timeline.agreement + 3,
            "active": timeline.start + max(1, (timeline.end - timeline.start) // 2),
        }[cancelled_at]

    def write(self, role_id, status, cancelled_at, lead, requested_on, timeline, proposal, counter, agreed) -> None:
        rng = self.rng

        def day(offset: int) -> datetime.date:
            return requested_on + datetime.timedelta(days=offset)

        kind = self.kinds[self.weighted(KIND_WEIGHTS[role_id])]
        trained_on = lead.governance_review_training_on
        if kind.needs_governance_review_training and (trained_on is None or trained_on > requested_on):
            kind = self.kinds["nlg-mentoring"]  # only NLGs who completed DfE's training review governance
        school_id, trust = self.supported(role_id, lead)
        deployment = Deployment(
            kind=kind,
            supported_school_id=school_id,
            supported_trust=trust,
            requested_on=requested_on,
            status=status,
            is_demo=True,
            **self.focus(role_id, lead),
            **self.organisations(role_id),
        )
        if role_id == Role.Code.SLE:
            deployment.sle_support = rng.choice(SleSupport.values)
        if role_id == Role.Code.NLE and kind.code != "nle-alone":
            deployment.national_support_school_staff = rng.choice(NSS_STAFF)
        self.built.deployments.append(deployment)
        self.built.leaders.append(DeploymentLeader(deployment=deployment, designation_id=lead.designation_id))
        for other in self.others(role_id, lead, requested_on):
            self.built.leaders.append(DeploymentLeader(deployment=deployment, designation_id=other, is_lead=False))

        # How far it got: the records and dates up to then.
        if status in OPEN_STATUSES:
            ended_at = (self.today - requested_on).days
        else:
            ended_at = self.ended_on_offset(status, cancelled_at, timeline)
        stage_reached = cancelled_at or status
        party = PROPOSED_BY[role_id]
        steps = []
        if stage_reached != "requested":
            steps.append((NegotiationKind.PROPOSAL, party, timeline.proposal, proposal))
            if counter is not None:
                steps.append(
                    (NegotiationKind.COUNTER_PROPOSAL, NegotiationParty.SUPPORTED_SCHOOL, timeline.counter, counter)
                )
        if stage_reached in ("agreed", "active", DeploymentStatus.COMPLETED):
            steps.append(
                (
                    NegotiationKind.AGREEMENT,
                    NegotiationParty.SUPPORTED_SCHOOL if counter is None else party,
                    timeline.agreement,
                    agreed,
                )
            )
        for kind_, by, offset, terms in steps:
            self.record(deployment, kind_, by, day(offset), terms, role_id)
        started = stage_reached in ("active", DeploymentStatus.COMPLETED)
        time_source = agreed if stage_reached in ("agreed", "active", DeploymentStatus.COMPLETED) else proposal
        for name in TIME_COMMITMENT_FIELDS:
            if name in time_source.time:
                setattr(deployment, name, time_source.time[name])
        if started:
            deployment.starts_on = day(timeline.start)
        if status == DeploymentStatus.COMPLETED:
            deployment.ends_on = day(timeline.end)
            deployment.outcome = self.weighted(OUTCOME_WEIGHTS)
        elif status == DeploymentStatus.CANCELLED:
            deployment.outcome = DeploymentOutcome.WITHDRAWN if started else DeploymentOutcome.NOT_STARTED
            if started:
                deployment.ends_on = day(ended_at)
            if stage_reached != "requested":
                withdrawal = NegotiationRecord(
                    deployment=deployment,
                    kind=NegotiationKind.WITHDRAWAL,
                    proposed_by=rng.choice(
                        [NegotiationParty.SUPPORTED_SCHOOL, NegotiationParty.SUPPORTED_SCHOOL, party]
                    ),
                    recorded_on=day(ended_at),
                )
                self.built.records.append(withdrawal)
        if deployment.outcome:
            deployment.outcome_notes = rng.choice(OUTCOME_NOTES[deployment.outcome])
            if status == DeploymentStatus.CANCELLED and stage_reached != "requested":
                self.built.records[-1].notes = deployment.outcome_notes

        # A pupil premium review's stages: the initial discussion once asked, the rest once agreed.
        for stage, offset, days in timeline.stages:
            if stage_reached == "requested" or (
                stage != ReviewStage.INITIAL_DISCUSSION and stage_reached == "negotiating"
            ):
                continue
            if status == DeploymentStatus.CANCELLED and offset > ended_at:
                continue  # it was cancelled first
            on = day(offset)
            self.built.stages.append(
                PupilPremiumReviewStage(
                    deployment=deployment,
                    stage=stage,
                    scheduled_on=on,
                    completed_on=on if on <= self.today else None,
                    days=days,
                )
            )

    def record(self, deployment, kind, proposed_by, recorded_on, terms: Terms, role_id) -> None:
        total = negotiation_total_cost_pence(
            days=terms.days, free_days=terms.free_days, day_rate_pence=terms.day_rate_pence
        )
        payer = Payer.NO_CHARGE if total == 0 else self.payer(role_id, deployment)
        self.built.records.append(
            NegotiationRecord(
                deployment=deployment,
                kind=kind,
                proposed_by=proposed_by,
                recorded_on=recorded_on,
                day_rate_pence=terms.day_rate_pence,
                days=terms.days,
                free_days=terms.free_days,
                total_cost_pence=total,
                payer=payer,
                **terms.time,
            )
        )

    def payer(self, role_id, deployment) -> str:
        if not deployment.supported_school_id:
            return Payer.TRUST
        if role_id == Role.Code.NLE:
            return self.weighted({Payer.SUPPORTED_SCHOOL: 6, Payer.TRUST: 1, Payer.LOCAL_AUTHORITY: 2, Payer.DFE: 1})
        return self.weighted({Payer.SUPPORTED_SCHOOL: 8, Payer.TRUST: 2})

    def supported(self, role_id: str, lead: DemoLead) -> tuple[int | None, str]:
        """A school near the leader: for an SLE, in the local authority of its teaching school; for an NLE or a
        teaching school, mostly one that requires improvement or is inadequate."""
        if role_id in (Role.Code.NLE, Role.Code.NLG) and self.rng.random() < 0.08:
            return None, self.rng.choice(TRUST_NAMES)
        authority, region, _ = self.schools[lead.home_school_id]
        if role_id == Role.Code.SLE and lead.teaching_school_id in self.schools:
            authority = self.schools[lead.teaching_school_id][0]
        if role_id in (Role.Code.SLE, Role.Code.TEACHING_SCHOOL):
            pools = (self.struggling_by_authority[authority], self.by_authority[authority], self.by_region[region])
        else:
            pools = (self.struggling_by_region[region], self.by_region[region])
        prefer = {Role.Code.NLE: 0.85, Role.Code.TEACHING_SCHOOL: 0.7, Role.Code.NLG: 0.6}.get(role_id, 0.4)
        if self.rng.random() >= prefer:
            pools = pools[1:]
        for pool in (*pools, self.all_school_ids):
            school_id = self.pick(pool, lead.own_school_ids)
            if school_id is not None:
                return school_id, ""
        raise ValueError("Only the leader's own schools are loaded: there is no other school to support")

    def pick(self, pool: list[int], exclude: frozenset) -> int | None:
        """A school from the pool that is not excluded, or None."""
        for _ in range(8):
            if not pool:
                return None
            school_id = self.rng.choice(pool)
            if school_id not in exclude:
                return school_id
        rest = [school_id for school_id in pool if school_id not in exclude]
        return self.rng.choice(rest) if rest else None

    def focus(self, role_id: str, lead: DemoLead) -> dict:
        if role_id == Role.Code.SLE and lead.specialism_ids:
            return {"focus_specialism_id": self.rng.choice(lead.specialism_ids)}
        slug = {
            Role.Code.NLE: self.rng.choice(["leadership-and-management", "pupil-achievement", "quality-of-teaching"]),
            Role.Code.PUPIL_PREMIUM_REVIEWER: "pupil-achievement",
            Role.Code.NLG: "leadership-and-management",
        }.get(role_id)
        return {"focus_area_id": self.focus_areas.get(slug)} if slug else {}

    def organisations(self, role_id: str) -> dict:
        chances = {
            Role.Code.NLE: (0.4, 0.5, 0.25, 0.1),
            Role.Code.NLG: (0.2, 0.4, 0.2, 0.1),
        }.get(role_id, (0.02, 0.15, 0.02, 0.05))
        names = [
            "involves_ofsted",
            "involves_local_authority",
            "involves_regional_schools_commissioner",
            "involves_diocese",
        ]
        return {name: self.rng.random() < chance for name, chance in zip(names, chances, strict=True)}

    def others(self, role_id: str, lead: DemoLead, requested_on: datetime.date) -> list[int]:
        """Sometimes an NLE brings another NLE or an SLE, and a reviewer an SLE, current on the day asked."""
        chance = {Role.Code.NLE: 0.2, Role.Code.PUPIL_PREMIUM_REVIEWER: 0.15}.get(role_id, 0)
        if self.rng.random() >= chance:
            return []
        role = (
            Role.Code.SLE if role_id == Role.Code.PUPIL_PREMIUM_REVIEWER or self.rng.random() < 0.6 else Role.Code.NLE
        )
        for _ in range(10):
            if not self.leads.get(role):
                return []
            other = self.rng.choice(self.leads[role])
            if other.designation_id != lead.designation_id and other.designated_on <= requested_on <= other.last_day:
                return [other.designation_id]
        return []


@transaction.atomic
def demo_deployments_write(built: DemoDeployments) -> None:
    Deployment.objects.bulk_create(built.deployments, batch_size=BATCH_SIZE)
    DeploymentLeader.objects.bulk_create(built.leaders, batch_size=BATCH_SIZE)
    NegotiationRecord.objects.bulk_create(built.records, batch_size=BATCH_SIZE)
    PupilPremiumReviewStage.objects.bulk_create(built.stages, batch_size=BATCH_SIZE)


def demo_deployments_load(*, today: datetime.date, scale: int, school_count: int) -> DemoDeployments:
    """Build and write the demo deployments for the demo designations now saved."""
    counts = demo_deployment_counts(school_count=school_count, scale=scale)
    built = DemoDeploymentBuilder(today=today, counts=counts, scale=scale).build()
    demo_deployments_write(built)
    return built


def demo_deployments() -> QuerySet[Deployment]:
    """Demo deployments, and any other deployment given through a demo designation (the people are fictional)."""
    through_demo = DeploymentLeader.objects.filter(
        Q(designation__is_demo=True) | Q(designation__leader__is_demo=True)
    ).values("deployment_id")
    return Deployment.objects.filter(Q(is_demo=True) | Q(pk__in=through_demo))


@transaction.atomic
def demo_deployments_delete() -> int:
    """Delete the demo deployments with their records (kept from deletion otherwise), leaders and stages."""
    deployments = demo_deployments()
    count = deployments.count()
    pks = list(deployments.values_list("pk", flat=True))
    NegotiationRecord.objects.filter(deployment_id__in=pks).delete()
    Deployment.objects.filter(pk__in=pks).delete()
    return count


def demo_deployments_summary() -> dict[tuple[str, str], int]:
    """Counts of demo deployments by role and status (role None: all roles)."""
    counts = Counter()
    for role_id, status in Deployment.objects.filter(is_demo=True).values_list("kind__role_id", "status"):
        counts[role_id, status] += 1
        counts[None, status] += 1
    return counts


def demo_untrained_governance_reviews() -> QuerySet[Deployment]:
    """Demo external reviews of governance led by an NLG with no DfE training recorded by the request: made by a
    version of the demo data older than that rule (issue #15); --replace makes them again."""
    untrained = DeploymentLeader.objects.filter(is_lead=True).filter(
        Q(designation__governance_review_training_on__isnull=True)
        | Q(designation__governance_review_training_on__gt=F("deployment__requested_on"))
    )
    return Deployment.objects.filter(
        is_demo=True, kind__needs_governance_review_training=True, pk__in=untrained.values("deployment_id")
    )
