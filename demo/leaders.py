"""A fictional population of system leaders, placed on the real schools, for demonstrations and benchmarks.

Everything is drawn from one seeded random.Random, so the same schools, scale and date give the same people.
The people are invented: names from small lists below, example.org-style emails (RFC 2606) and telephone
numbers from Ofcom's ranges kept for drama. The data obeys every constraint and every rule in roles.services,
but is written in bulk, without the services, so that scale 10 (about 55,000 designations) loads in seconds.
"""

import dataclasses
import datetime
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Count, DateField, ExpressionWrapper, F, Q

from demo.deployments import demo_deployments_delete
from roles.models import (
    NLG_COMMISSIONS_CLOSED_ON,
    AlliancePartnership,
    Designation,
    Role,
    Specialism,
    SystemLeader,
    TeachingSchoolAlliance,
)
from roles.services import COUNCIL_SEATS
from schools.models import Region, School, TeachingSchoolHubArea

SEED = 20140325  # The day the guidance was first published.
BATCH_SIZE = 1000

# How many of each role at scale 1 on all of England's schools (about 20,000). Fewer schools, fewer people.
FULL_SIZE_SCHOOLS = 20_000
ROLE_COUNTS = {
    Role.Code.TEACHING_SCHOOL: 600,
    Role.Code.NLE: 1000,
    Role.Code.NLG: 300,
    Role.Code.SLE: 3000,
    Role.Code.PUPIL_PREMIUM_REVIEWER: 200,
    Role.Code.LLE: 150,
}
# Share of pupil premium reviewers who are also NLEs (the same person, a second designation).
REVIEWERS_WHO_ARE_NLES = 0.4
# Share of designations (other than NLGs, whose programme closed) that have ended, and of reviews overdue.
ENDED_SHARE = 0.07
REVIEW_OVERDUE_SHARE = 0.12
# Designations are reviewed every few years: never within a year of designation, never after one has ended.
REVIEW_NOT_BEFORE = datetime.timedelta(days=365)
REVIEW_CYCLE = datetime.timedelta(days=3 * 365)
# Share of current NLE, LLE, SLE and pupil premium reviewer designations that are paused (e.g. during an inquiry).
PAUSED_SHARE = 0.02
PAUSED_ROLES = {Role.Code.NLE, Role.Code.LLE, Role.Code.SLE, Role.Code.PUPIL_PREMIUM_REVIEWER}
PAUSE_REASONS = [
    "Own school's Ofsted inspection under way",
    "Leave of absence",
    "Change of headship at their school",
    "Awaiting the outcome of a review",
]

EARLIEST_DESIGNATION = datetime.date(2011, 9, 1)
FIRST_HUBS = datetime.date(2021, 9, 1)
SECOND_HUBS = datetime.date(2024, 9, 1)
COUNCIL_FROM = datetime.date(2021, 9, 1)
# Share of NLGs who completed DfE's training for external reviews of governance, before new commissions stopped.
NLG_TRAINED_SHARE = 0.6

FIRST_NAMES = [
    "Aisha", "Alex", "Amara", "Amir", "Anna", "Ben", "Bethan", "Callum", "Catherine", "Chloe", "Chris", "Daniel",
    "David", "Deepa", "Eleanor", "Elliot", "Emma", "Farah", "Fiona", "Gareth", "Grace", "Hannah", "Harriet",
    "Imran", "Isla", "Jack", "James", "Jasmine", "Joanne", "Jonathan", "Kamal", "Kate", "Kieran", "Laura", "Leon",
    "Lucy", "Mark", "Martin", "Maya", "Michael", "Nadia", "Naomi", "Nathan", "Nicola", "Oliver", "Olivia", "Owen",
    "Priya", "Rachel", "Rebecca", "Richard", "Rohan", "Ruth", "Sam", "Sarah", "Simon", "Sophie", "Stephen",
    "Tariq", "Thomas", "Tom", "Victoria", "Yusuf", "Zara",
]  # fmt: skip
LAST_NAMES = [
    "Abbott", "Ahmed", "Akhtar", "Allen", "Bailey", "Banerjee", "Barker", "Bennett", "Brooks", "Carter", "Chapman",
    "Clarke", "Cole", "Davies", "Dixon", "Edwards", "Ellis", "Evans", "Fletcher", "Foster", "Gill", "Graham",
    "Green", "Hall", "Harper", "Hill", "Holmes", "Hughes", "Hussain", "Jackson", "James", "Johnson", "Kaur",
    "Kelly", "Khan", "Knight", "Lawrence", "Lewis", "Marshall", "Mason", "Mills", "Morgan", "Morris", "Murphy",
    "Nelson", "Nolan", "Okafor", "Osei", "Owen", "Palmer", "Parker", "Patel", "Pearson", "Price", "Quinn", "Reid",
    "Richards", "Robinson", "Shah", "Sharma", "Singh", "Stevens", "Taylor", "Thompson", "Turner", "Walker",
    "Ward", "Watson", "Webb", "Wilson", "Wood", "Wright", "Young",
]  # fmt: skip
EMAIL_DOMAINS = ["example.org", "example.com", "example.net"]
# Ofcom's numbers for drama, by region (ONS code): "0113 496 0000" to "0113 496 0999" and so on.
TELEPHONE_RANGES = {
    "E12000001": ["0191 498 0"],
    "E12000002": ["0161 496 0", "0151 496 0"],
    "E12000003": ["0113 496 0", "0114 496 0"],
    "E12000004": ["0115 496 0", "0116 496 0"],
    "E12000005": ["0121 496 0"],
    "E12000006": ["01632 960"],
    "E12000007": ["020 7946 0"],
    "E12000008": ["0118 496 0"],
    "E12000009": ["0117 496 0"],
}
OTHER_TELEPHONE_RANGE = "01632 960"
MOBILE_RANGE = "07700 900"

JOB_TITLES = {
    Role.Code.NLE: ["Headteacher", "Executive headteacher", "Chief executive officer", "Principal"],
    Role.Code.NLG: ["Chair of governors", "Chair of trustees", "Vice chair of governors"],
    Role.Code.SLE: [
        "Assistant headteacher",
        "Deputy headteacher",
        "Head of department",
        "Subject leader",
        "Phase leader",
        "Special educational needs co-ordinator",
        "Head of year",
        "Director of learning",
    ],  # fmt: skip
    Role.Code.PUPIL_PREMIUM_REVIEWER: ["Headteacher", "Deputy headteacher", "Executive headteacher"],
    Role.Code.LLE: ["Headteacher", "Head of school", "Principal"],
    Role.Code.TSC_REPRESENTATIVE: ["Executive headteacher", "Director of teaching school", "Chief executive officer"],
}
OTHER_END_REASONS = [
    Designation.EndReason.STEPPED_DOWN,
    Designation.EndReason.LAPSED,
    Designation.EndReason.DE_DESIGNATED,
]
RATING_RANK = {
    School.OfstedRating.OUTSTANDING: 0,
    School.OfstedRating.GOOD: 1,
    School.OfstedRating.NOT_REPORTED: 2,
    School.OfstedRating.REQUIRES_IMPROVEMENT: 3,
    School.OfstedRating.INADEQUATE: 4,
}


@dataclasses.dataclass(frozen=True)
class SchoolRow:
    id: int
    urn: int
    name: str
    local_authority_id: int
    region_id: int
    rating: str
    easting: int | None
    northing: int | None

    @property
    def rank(self) -> int:
        return RATING_RANK.get(self.rating, 5)

    @property
    def is_good_or_better(self) -> bool:
        return self.rank <= 1

    def distance_squared(self, other: "SchoolRow") -> float:
        if None in (self.easting, self.northing, other.easting, other.northing):
            return math.inf
        return (self.easting - other.easting) ** 2 + (self.northing - other.northing) ** 2


@dataclasses.dataclass
class DemoPlan:
    """How many designations of each role, and how many people, the demo population has at a scale."""

    scale: int
    designations: dict[str, int]
    people: int

    @property
    def total_designations(self) -> int:
        return sum(self.designations.values())


@dataclasses.dataclass
class Population:
    leaders: list[SystemLeader] = dataclasses.field(default_factory=list)
    designations: list[Designation] = dataclasses.field(default_factory=list)
    specialisms: dict[int, list[int]] = dataclasses.field(default_factory=dict)  # designation index -> ids
    alliances: list[TeachingSchoolAlliance] = dataclasses.field(default_factory=list)
    partnerships: list[AlliancePartnership] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class TeachingSchool:
    school: SchoolRow
    designated_on: datetime.date
    ended_on: datetime.date | None
    members: list[SchoolRow]  # the teaching school and its partner schools

    def current_until(self, today: datetime.date) -> datetime.date:
        """The last day on which the teaching school designation is current (up to today)."""
        return min(self.ended_on - datetime.timedelta(days=1), today) if self.ended_on else today


class DemoSchools:
    """The real schools the demo population is placed on, read once."""

    def __init__(self):
        self.region_codes = dict(Region.objects.values_list("pk", "code"))
        # Schools that are teaching schools outside the demo population stay as they are.
        held = Designation.objects.of_role(Role.Code.TEACHING_SCHOOL).filter(ended_on__isnull=True, is_demo=False)
        taken_school_ids = set(held.values_list("school_id", flat=True)) | set(
            TeachingSchoolAlliance.objects.filter(is_demo=False).values_list("teaching_school_id", flat=True)
        )
        rows = (
            School.objects.open()
            .filter(gias_status__in=[School.GiasStatus.OPEN, School.GiasStatus.PROPOSED_TO_CLOSE])
            .order_by("urn")
            .values_list("pk", "urn", "name", "local_authority_id", "region_id", "ofsted_rating", "easting", "northing")
        )
        self.all = [SchoolRow(*row) for row in rows]
        self.teaching_school_candidates = [school for school in self.all if school.id not in taken_school_ids]
        self.by_local_authority = defaultdict(list)
        self.by_region = defaultdict(list)
        for school in self.all:
            self.by_local_authority[school.local_authority_id].append(school)
            self.by_region[school.region_id].append(school)
        self.hub_lead_school_ids = self._hub_lead_school_ids()
        self.council_seats_free = self._council_seats_free()

    def _hub_lead_school_ids(self) -> list[int]:
        held = set(
            Designation.objects.of_role(Role.Code.TEACHING_SCHOOL_HUB)
            .filter(ended_on__isnull=True, is_demo=False)
            .values_list("school_id", flat=True)
        )
        lead_ids = TeachingSchoolHubArea.objects.filter(lead_school__isnull=False).order_by("code")
        unique_ids = dict.fromkeys(lead_ids.values_list("lead_school_id", flat=True))
        return [school_id for school_id in unique_ids if school_id not in held]

    def _council_seats_free(self) -> dict[str, int]:
        """Seats not held by people outside the demo population, so the council never has too many members."""
        held = Counter(
            Designation.objects.of_role(Role.Code.TSC_REPRESENTATIVE)
            .filter(ended_on__isnull=True, is_demo=False)
            .values_list("council_seat", flat=True)
        )
        return {seat: max(0, limit - held[seat]) for seat, limit in COUNCIL_SEATS.items()}

    def region_code(self, school: SchoolRow) -> str:
        return self.region_codes.get(school.region_id, "")


def demo_plan(*, schools: DemoSchools, scale: int) -> DemoPlan:
    """The numbers follow the share of England's schools that are loaded, so a test database gets a few people."""
    share = min(1.0, len(schools.all) / FULL_SIZE_SCHOOLS)
    counts = {code: max(1, round(count * scale * share)) for code, count in ROLE_COUNTS.items()}
    counts[Role.Code.TEACHING_SCHOOL] = min(counts[Role.Code.TEACHING_SCHOOL], len(schools.teaching_school_candidates))
    if not counts[Role.Code.TEACHING_SCHOOL]:
        counts[Role.Code.SLE] = 0
    counts[Role.Code.TSC_REPRESENTATIVE] = sum(schools.council_seats_free.values())
    counts[Role.Code.TEACHING_SCHOOL_HUB] = len(schools.hub_lead_school_ids)
    reviewers_who_are_nles = _reviewers_who_are_nles(counts)
    people = sum(
        count
        for code, count in counts.items()
        if code not in (Role.Code.TEACHING_SCHOOL, Role.Code.TEACHING_SCHOOL_HUB)
    )
    return DemoPlan(scale=scale, designations=counts, people=people - reviewers_who_are_nles)


def _reviewers_who_are_nles(counts: dict[str, int]) -> int:
    return min(counts[Role.Code.NLE], round(counts[Role.Code.PUPIL_PREMIUM_REVIEWER] * REVIEWERS_WHO_ARE_NLES))


def demo_present() -> dict[str, int]:
    """Counts of the demo population now in the database."""
    rows = Designation.objects.demo().values("role_id").annotate(count=Count("pk")).order_by()
    return {"people": SystemLeader.objects.demo().count(), **{row["role_id"]: row["count"] for row in rows}}


def demo_implausible_reviews():
    """Demo designations whose review date breaks the rule DemoBuilder.review_due keeps (made by an older version of
    this module): due within a year of designation, or after the designation ended."""
    earliest = ExpressionWrapper(F("designated_on") + REVIEW_NOT_BEFORE, output_field=DateField())
    return (
        Designation.objects.demo()
        .filter(review_due__isnull=False)
        .filter(Q(review_due__lt=earliest) | Q(ended_on__isnull=False, review_due__gt=F("ended_on")))
    )


def demo_matches(plan: DemoPlan) -> bool:
    present = demo_present()
    return present.pop("people") == plan.people and present == {
        code: count for code, count in plan.designations.items() if count
    }


class DemoBuilder:
    """Builds the population in memory; DemoBuilder.write() then saves it in bulk."""

    def __init__(self, *, schools: DemoSchools, plan: DemoPlan, today: datetime.date):
        self.schools = schools
        self.plan = plan
        self.today = today
        self.rng = random.Random(f"{SEED}:{plan.scale}")
        # A generator of its own, so that pausing some designations leaves the rest of the population as it was.
        self.pause_rng = random.Random(f"{SEED}:{plan.scale}:paused")
        self.population = Population()
        self.email_counts = Counter()
        self.specialism_ids = list(Specialism.objects.order_by("pk").values_list("pk", flat=True))
        self.region_ids = sorted(schools.by_region)

    # People and dates

    def leader(self, school: SchoolRow, role: str) -> SystemLeader:
        rng = self.rng
        first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = ""
        if rng.random() < 0.95:
            local_part = f"{first_name}.{last_name}".lower()
            self.email_counts[local_part] += 1
            if self.email_counts[local_part] > 1:
                local_part += str(self.email_counts[local_part])
            email = f"{local_part}@{rng.choice(EMAIL_DOMAINS)}"
        telephone = self.telephone(school) if rng.random() < 0.8 else ""
        leader = SystemLeader(
            title="Dr" if rng.random() < 0.05 else "",
            first_name=first_name,
            last_name=last_name,
            job_title=rng.choice(JOB_TITLES[role]),
            job_title_is_public=rng.random() < 0.9,
            school_id=school.id,
            email=email,
            email_is_public=bool(email) and rng.random() < 0.7,
            telephone=telephone,
            telephone_is_public=bool(telephone) and rng.random() < 0.5,
            is_demo=True,
        )
        self.population.leaders.append(leader)
        return leader

    def telephone(self, school: SchoolRow) -> str:
        if self.rng.random() < 0.1:
            prefix = MOBILE_RANGE
        else:
            prefix = self.rng.choice(TELEPHONE_RANGES.get(self.schools.region_code(school), [OTHER_TELEPHONE_RANGE]))
        return f"{prefix}{self.rng.randrange(1000):03d}"

    def date_between(self, first: datetime.date, last: datetime.date, rng: random.Random | None = None):
        if last <= first:
            return first
        return first + datetime.timedelta(days=(rng or self.rng).randrange((last - first).days + 1))

    def end(self, designated_on: datetime.date) -> tuple[datetime.date | None, str]:
        """Most designations are current; some ended, on a date between designation and today."""
        earliest_end = designated_on + datetime.timedelta(days=180)
        if self.rng.random() >= ENDED_SHARE or earliest_end > self.today:
            return None, ""
        return self.date_between(earliest_end, self.today), self.rng.choice(OTHER_END_REASONS)

    def maybe_pause(self, designation: Designation) -> None:
        """A few current designations are paused, from a date in the last four months."""
        if designation.role_id not in PAUSED_ROLES or designation.ended_on or self.pause_rng.random() >= PAUSED_SHARE:
            return
        earliest = max(designation.designated_on, self.today - datetime.timedelta(days=120))
        if earliest > self.today:
            return
        designation.paused_on = self.date_between(earliest, self.today, rng=self.pause_rng)
        designation.pause_reason = self.pause_rng.choice(PAUSE_REASONS)

    def review_due(self, designated_on: datetime.date, ended_on: datetime.date | None) -> datetime.date | None:
        """A review at least a year after designation (REVIEW_NOT_BEFORE): for an ended designation, the one due
        before it ended (none if it ended within a year); for a current one, the next, or a recent overdue one."""
        earliest = designated_on + REVIEW_NOT_BEFORE
        if ended_on:
            return min(designated_on + REVIEW_CYCLE, ended_on) if earliest <= ended_on else None
        overdue_from = max(earliest, self.today - datetime.timedelta(days=240))
        if self.rng.random() < REVIEW_OVERDUE_SHARE and overdue_from <= self.today:
            return self.date_between(overdue_from, self.today)
        return self.date_between(max(earliest, self.today + datetime.timedelta(days=1)), self.today + REVIEW_CYCLE)

    def designation(self, role: str, **fields) -> Designation:
        designation = Designation(role_id=role, is_demo=True, **fields)
        self.maybe_pause(designation)
        self.population.designations.append(designation)
        return designation

    # Choosing schools

    def spread(
        self, count: int, candidates: Iterable[SchoolRow], *, distinct: bool, rank: Callable[[SchoolRow], int]
    ) -> list[SchoolRow]:
        """Pick schools across the regions in proportion to all schools there, preferring a low rank in each.

        With distinct=False a school may be picked more than once once a region's candidates run out.
        """
        by_region = defaultdict(list)
        for school in candidates:
            by_region[school.region_id].append(school)
        for region_schools in by_region.values():
            keys = {school.id: (rank(school), self.rng.random()) for school in region_schools}
            region_schools.sort(key=lambda school: keys[school.id])
        quotas = self.quotas(count, {region: len(self.schools.by_region[region]) for region in by_region})
        picked = []
        for region_id, quota in quotas.items():
            region_schools = by_region[region_id]
            if distinct:
                picked.extend(region_schools[:quota])
            else:
                picked.extend(region_schools[index % len(region_schools)] for index in range(quota))
        if distinct and len(picked) < count:  # Some region ran out: top up from the others' next best.
            chosen = {school.id for school in picked}
            rest = sorted(
                (school for schools in by_region.values() for school in schools if school.id not in chosen),
                key=lambda school: (rank(school), school.urn),
            )
            picked.extend(rest[: count - len(picked)])
        self.rng.shuffle(picked)
        return picked

    def quotas(self, count: int, weights: dict[int, int]) -> dict[int, int]:
        """Share count out in proportion to the weights, by largest remainder."""
        total = sum(weights.values())
        if not total:
            return {}
        exact = {key: count * weight / total for key, weight in sorted(weights.items())}
        quotas = {key: math.floor(value) for key, value in exact.items()}
        by_remainder = sorted(exact, key=lambda key: (quotas[key] - exact[key], key))
        for key in by_remainder[: count - sum(quotas.values())]:
            quotas[key] += 1
        return quotas

    def nearby(self, school: SchoolRow, count: int) -> list[SchoolRow]:
        """Up to count schools near this one in its local authority (or nearest anywhere, if it has too few)."""
        neighbours = [other for other in self.schools.by_local_authority[school.local_authority_id] if other != school]
        if len(neighbours) < count:
            chosen = {other.id for other in neighbours} | {school.id}
            others = [other for other in self.schools.all if other.id not in chosen]
            others.sort(key=lambda other: (school.distance_squared(other), other.urn))
            neighbours += others[: count - len(neighbours)]
        neighbours.sort(key=lambda other: (school.distance_squared(other), other.urn))
        pool = neighbours[: count * 2]
        return self.rng.sample(pool, min(count, len(pool)))

    # The roles

    def build(self) -> Population:
        counts = self.plan.designations
        teaching_schools = self.teaching_schools(counts[Role.Code.TEACHING_SCHOOL])
        self.specialist_leaders(counts[Role.Code.SLE], teaching_schools)
        nles = self.national_leaders_of_education(counts[Role.Code.NLE])
        self.national_leaders_of_governance(counts[Role.Code.NLG])
        self.pupil_premium_reviewers(counts[Role.Code.PUPIL_PREMIUM_REVIEWER], nles)
        self.local_leaders_of_education(counts[Role.Code.LLE], teaching_schools)
        self.council_representatives(teaching_schools)
        self.teaching_school_hubs()
        return self.population

    def teaching_schools(self, count: int) -> list[TeachingSchool]:
        """Teaching schools were designated by DfE until 2019, almost all Outstanding, each with an alliance."""
        closed_on = Role.objects.get(code=Role.Code.TEACHING_SCHOOL).programme_changed_on
        schools = self.spread(
            count, self.schools.teaching_school_candidates, distinct=True, rank=lambda school: school.rank
        )
        teaching_schools = []
        for school in sorted(schools, key=lambda school: school.urn):
            designated_on = self.date_between(EARLIEST_DESIGNATION, closed_on)
            ended_on, end_reason = self.end(designated_on)
            self.designation(
                Role.Code.TEACHING_SCHOOL,
                school_id=school.id,
                designated_on=designated_on,
                review_due=self.review_due(designated_on, ended_on),
                ended_on=ended_on,
                end_reason=end_reason,
            )
            partners = self.nearby(school, self.rng.randint(3, 10))
            alliance = TeachingSchoolAlliance(
                name=f"{school.name} Teaching School Alliance"[:200], teaching_school_id=school.id, is_demo=True
            )
            self.population.alliances.append(alliance)
            self.population.partnerships.extend(
                AlliancePartnership(
                    alliance=alliance,
                    school_id=partner.id,
                    joined_on=self.date_between(designated_on, ended_on or self.today),
                )
                for partner in partners
            )
            teaching_schools.append(TeachingSchool(school, designated_on, ended_on, [school, *partners]))
        return teaching_schools

    def specialist_leaders(self, count: int, teaching_schools: list[TeachingSchool]) -> None:
        """SLEs work in a school of the alliance whose teaching school designated them, with 1 to 3 specialisms."""
        if not teaching_schools:
            return
        order = self.rng.sample(self.specialism_ids, len(self.specialism_ids))
        for index in range(count):
            teaching_school = teaching_schools[index % len(teaching_schools)]
            leader = self.leader(self.rng.choice(teaching_school.members), Role.Code.SLE)
            designated_on = self.date_between(teaching_school.designated_on, teaching_school.current_until(self.today))
            ended_on, end_reason = self.end(designated_on)
            if teaching_school.ended_on and not ended_on:  # Its teaching school lost its designation.
                ended_on, end_reason = teaching_school.ended_on, Designation.EndReason.LAPSED
            self.designation(
                Role.Code.SLE,
                leader=leader,
                teaching_school_id=teaching_school.school.id,
                designated_on=designated_on,
                review_due=self.review_due(designated_on, ended_on),
                ended_on=ended_on,
                end_reason=end_reason,
            )
            first = order[index % len(order)]
            others = self.rng.sample([pk for pk in order if pk != first], self.rng.choice([0, 0, 0, 1, 1, 2]))
            self.population.specialisms[len(self.population.designations) - 1] = [first, *others]

    def national_leaders_of_education(self, count: int) -> list[SystemLeader]:
        """NLEs lead Good or Outstanding schools, which are their national support schools."""
        schools = self.spread(count, self.good_or_better(), distinct=False, rank=self.mostly_outstanding)
        leaders = []
        for school in schools:
            leader = self.leader(school, Role.Code.NLE)
            designated_on = self.date_between(EARLIEST_DESIGNATION, self.today - datetime.timedelta(days=60))
            ended_on, end_reason = self.end(designated_on)
            self.designation(
                Role.Code.NLE,
                leader=leader,
                national_support_school_id=school.id,
                designated_on=designated_on,
                review_due=self.review_due(designated_on, ended_on),
                ended_on=ended_on,
                end_reason=end_reason,
            )
            leaders.append(leader)
        return leaders

    def national_leaders_of_governance(self, count: int) -> None:
        """The NLG programme closed on 6 November 2023: every NLG designation ended then, or earlier."""
        closed_on = Role.objects.get(code=Role.Code.NLG).programme_changed_on
        for school in self.spread(count, self.good_or_better(), distinct=False, rank=self.any_good_or_better):
            leader = self.leader(school, Role.Code.NLG)
            designated_on = self.date_between(datetime.date(2012, 1, 1), datetime.date(2022, 12, 31))
            ended_on, end_reason = closed_on, Designation.EndReason.PROGRAMME_CLOSED
            if self.rng.random() < 0.2:
                ended_on = self.date_between(designated_on + datetime.timedelta(days=180), closed_on)
                end_reason = self.rng.choice([Designation.EndReason.STEPPED_DOWN, Designation.EndReason.LAPSED])
            trained_by = min(ended_on, NLG_COMMISSIONS_CLOSED_ON) - datetime.timedelta(days=1)
            trained_on = None
            if trained_by > designated_on and self.rng.random() < NLG_TRAINED_SHARE:
                trained_on = self.date_between(designated_on, trained_by)
            self.designation(
                Role.Code.NLG,
                leader=leader,
                governance_review_training_on=trained_on,
                designated_on=designated_on,
                review_due=self.review_due(designated_on, ended_on),
                ended_on=ended_on,
                end_reason=end_reason if ended_on < closed_on else Designation.EndReason.PROGRAMME_CLOSED,
            )

    def pupil_premium_reviewers(self, count: int, nles: list[SystemLeader]) -> None:
        """Some reviewers are NLEs too; the rest are other leaders of Good or Outstanding schools."""
        from_nles = _reviewers_who_are_nles(self.plan.designations)
        leaders = self.rng.sample(nles, from_nles)
        for school in self.spread(
            count - from_nles, self.good_or_better(), distinct=False, rank=self.any_good_or_better
        ):
            leaders.append(self.leader(school, Role.Code.PUPIL_PREMIUM_REVIEWER))
        for leader in leaders:
            designated_on = self.date_between(datetime.date(2014, 9, 1), self.today - datetime.timedelta(days=60))
            ended_on, end_reason = self.end(designated_on)
            self.designation(
                Role.Code.PUPIL_PREMIUM_REVIEWER,
                leader=leader,
                designated_on=designated_on,
                review_due=self.review_due(designated_on, ended_on),
                ended_on=ended_on,
                end_reason=end_reason,
            )

    def local_leaders_of_education(self, count: int, teaching_schools: list[TeachingSchool]) -> None:
        """DfE designated LLEs until 29 May 2019; since then only teaching schools do."""
        closed_on = Role.objects.get(code=Role.Code.LLE).programme_changed_on
        after_closure = closed_on + datetime.timedelta(days=1)
        still_designating = [ts for ts in teaching_schools if ts.current_until(self.today) > after_closure]
        schools = self.spread(count, self.good_or_better(), distinct=False, rank=self.any_good_or_better)
        for index, school in enumerate(schools):
            teaching_school = None
            if still_designating and index % 3 == 2:
                teaching_school = self.rng.choice(still_designating)
                school = self.rng.choice(teaching_school.members)
                designated_on = self.date_between(after_closure, teaching_school.current_until(self.today))
            else:
                designated_on = self.date_between(EARLIEST_DESIGNATION, closed_on)
            leader = self.leader(school, Role.Code.LLE)
            ended_on, end_reason = self.end(designated_on)
            self.designation(
                Role.Code.LLE,
                leader=leader,
                teaching_school_id=teaching_school.school.id if teaching_school else None,
                designated_on=designated_on,
                review_due=self.review_due(designated_on, ended_on),
                ended_on=ended_on,
                end_reason=end_reason,
            )

    def council_representatives(self, teaching_schools: list[TeachingSchool]) -> None:
        """17 regional representatives spread over the regions and 2 peer representatives, all "serving school
        leaders of designated teaching schools": of one in the region if it has one, else of another."""
        serving = [ts for ts in teaching_schools if ts.current_until(self.today) >= COUNCIL_FROM]
        if not serving:
            return
        current = [ts for ts in serving if not ts.ended_on] or serving
        by_region = defaultdict(list)
        for teaching_school in current:
            by_region[teaching_school.school.region_id].append(teaching_school)
        weights = {region: len(self.schools.by_region[region]) for region in self.region_ids}
        regional = self.schools.council_seats_free[Designation.CouncilSeat.REGIONAL]
        quotas = self.quotas(regional - len(weights), weights) if regional >= len(weights) else {}
        seats = []
        for region_id in self.region_ids[:regional]:
            seats.extend([(Designation.CouncilSeat.REGIONAL, region_id)] * (quotas.get(region_id, 0) + 1))
        seats.extend(
            [(Designation.CouncilSeat.PEER, None)] * self.schools.council_seats_free[Designation.CouncilSeat.PEER]
        )
        for seat, region_id in seats:
            teaching_school = self.rng.choice(by_region.get(region_id) or current)
            leader = self.leader(teaching_school.school, Role.Code.TSC_REPRESENTATIVE)
            designated_on = self.date_between(
                max(COUNCIL_FROM, teaching_school.designated_on),
                min(COUNCIL_FROM + datetime.timedelta(days=365), teaching_school.current_until(self.today)),
            )
            self.designation(
                Role.Code.TSC_REPRESENTATIVE,
                leader=leader,
                council_seat=seat,
                council_region_id=region_id,
                designated_on=designated_on,
                review_due=self.review_due(designated_on, None),
            )

    def teaching_school_hubs(self) -> None:
        """Each hub area's lead school, once even if it leads several areas."""
        for school_id in self.schools.hub_lead_school_ids:
            self.designation(
                Role.Code.TEACHING_SCHOOL_HUB,
                school_id=school_id,
                designated_on=FIRST_HUBS if self.rng.random() < 0.9 else SECOND_HUBS,
            )

    def mostly_outstanding(self, school: SchoolRow) -> int:
        """A rank for spread(): Outstanding schools first, along with a fifth of the Good ones."""
        return 0 if school.rating == School.OfstedRating.OUTSTANDING or self.rng.random() < 0.2 else 1

    def any_good_or_better(self, school: SchoolRow) -> int:
        return 0

    def good_or_better(self) -> list[SchoolRow]:
        return [school for school in self.schools.all if school.is_good_or_better] or self.schools.all


@transaction.atomic
def demo_write(population: Population) -> None:
    SystemLeader.objects.bulk_create(population.leaders, batch_size=BATCH_SIZE)
    Designation.objects.bulk_create(population.designations, batch_size=BATCH_SIZE)
    through = Designation.specialisms.through
    through.objects.bulk_create(
        (
            through(designation_id=population.designations[index].pk, specialism_id=specialism_id)
            for index, specialism_ids in population.specialisms.items()
            for specialism_id in specialism_ids
        ),
        batch_size=BATCH_SIZE,
    )
    TeachingSchoolAlliance.objects.bulk_create(population.alliances, batch_size=BATCH_SIZE)
    AlliancePartnership.objects.bulk_create(population.partnerships, batch_size=BATCH_SIZE)


@transaction.atomic
def demo_delete() -> dict[str, int]:
    """Delete the demo population: only this command ever deletes designations, and only demo ones.

    Their deployments go first (a deployment keeps its designations from deletion)."""
    deleted = {"deployments": demo_deployments_delete()}
    designations = Designation.objects.filter(Q(is_demo=True) | Q(leader__is_demo=True))
    deleted["designations"] = designations.count()
    designations.delete()
    deleted["alliances"] = TeachingSchoolAlliance.objects.demo().count()
    TeachingSchoolAlliance.objects.demo().delete()
    deleted["people"] = SystemLeader.objects.demo().count()
    SystemLeader.objects.demo().delete()
    return deleted
