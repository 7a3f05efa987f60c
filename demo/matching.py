"""Demo matching data for the fictional population of demo.leaders: days free this term (and next) for a share of the
demo NLEs, SLEs and LLEs (some with none), a few curators' improvement-offer flags on real schools, and a few
enquiries from real schools to demo leaders and teaching schools, already emailed.

Built from one seeded random.Random over rows read in a fixed order, so the same population and date give the same
rows. Written in bulk: the demo data is not curated data and is not written to the history. Demo flags and
enquiries are told apart by their reason and reference (DEMO_FLAG_REASON_PREFIX, DEMO_REFERENCE_PREFIX); demo
capacities are those of demo leaders."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from core.terms import term_containing
from matching.models import DeliveryStatus, Enquiry, EnquiryRecipient, Need
from roles.models import Capacity, Designation, Role, SystemLeader
from schools.models import School, SupportFlag

SEED = "20260901:matching"
CAPACITY_ROLES = (Role.Code.NLE, Role.Code.SLE, Role.Code.LLE)
CAPACITY_SHARE = 0.4  # of the demo leaders with a current NLE, SLE or LLE designation
NEXT_TERM_SHARE = 0.5  # of those, who have also said what they have free next term
DAYS_FREE_CHOICES = [Decimal(days) for days in ("0", "0", "0.5", "1", "2", "2.5", "3", "5", "8", "10", "15", "20")]
FLAG_COUNT = 12
ENQUIRY_COUNT = 24
DEMO_FLAG_REASON_PREFIX = "Demo: "
DEMO_REFERENCE_PREFIX = "ENQ-DEMO"
FLAG_REASONS = [
    "falling results at key stage 2 since the last inspection",
    "new headteacher and a deficit budget",
    "the local authority asked DfE for support",
    "governance concerns raised by the diocese",
    "high staff turnover in the leadership team",
    "pupil premium gap widening for three years",
]
CONTACTS = [
    ("Priya Shah", "Headteacher"),
    ("Tom Hughes", "Deputy headteacher"),
    ("Grace Okafor", "Chair of governors"),
    ("Daniel Price", "School business manager"),
    ("Mei Chen", "Headteacher"),
    ("Ruth Evans", "Executive headteacher"),
]
MESSAGES = {
    Need.LEADERSHIP: "Our new leadership team would value support with school improvement planning this term.",
    Need.SPECIALISM: "We are looking for support with {specialism} across the school. Could we talk about what you "
    "could offer?",
}


@dataclass
class DemoMatching:
    capacities: list[Capacity] = field(default_factory=list)
    flags: list[SupportFlag] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)


def demo_matching_present() -> bool:
    return demo_capacities().exists() or demo_flags().exists() or demo_enquiries().exists()


def demo_capacities():
    return Capacity.objects.filter(leader__is_demo=True)


def demo_flags():
    return SupportFlag.objects.filter(reason__startswith=DEMO_FLAG_REASON_PREFIX)


def demo_enquiries():
    """Demo enquiries, and any other enquiry to a demo leader (the people are fictional)."""
    return Enquiry.objects.filter(
        Q(reference__startswith=DEMO_REFERENCE_PREFIX)
        | Q(pk__in=EnquiryRecipient.objects.filter(leader__is_demo=True).values("enquiry_id"))
    )


def demo_matching_delete() -> dict[str, int]:
    """Delete the demo matching rows. Runs before demo.leaders.demo_delete: an enquiry keeps its leader from
    deletion."""
    deleted = {}
    for name, rows in (("capacities", demo_capacities()), ("flags", demo_flags()), ("enquiries", demo_enquiries())):
        deleted[name] = rows.count()
        rows.delete()
    return deleted


def demo_matching_load(*, today: datetime.date | None = None, scale: int = 1) -> DemoMatching:
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    built = DemoMatching()
    built.capacities = _capacities(rng, today)
    built.flags = _flags(rng, today, count=FLAG_COUNT * scale)
    built.enquiries = _enquiries(rng, today, count=ENQUIRY_COUNT * scale)
    Capacity.objects.bulk_create(built.capacities, batch_size=1000)
    SupportFlag.objects.bulk_create(built.flags)
    recipients = [enquiry.demo_recipient for enquiry in built.enquiries]
    Enquiry.objects.bulk_create(built.enquiries)
    for enquiry, recipient in zip(built.enquiries, recipients, strict=True):
        recipient.enquiry = enquiry
    EnquiryRecipient.objects.bulk_create(recipients)
    return built


def _capacities(rng: random.Random, today: datetime.date) -> list[Capacity]:
    this_term = term_containing(today)
    next_term = this_term.next()
    leader_ids = list(
        Designation.objects.demo()
        .of_role(*CAPACITY_ROLES)
        .current(today)
        .filter(leader__isnull=False)
        .order_by("leader_id")
        .values_list("leader_id", flat=True)
        .distinct()
    )
    rows = []
    for leader_id in leader_ids:
        if rng.random() >= CAPACITY_SHARE:
            continue
        rows.append(
            Capacity(leader_id=leader_id, term_starts_on=this_term.starts_on, days_free=rng.choice(DAYS_FREE_CHOICES))
        )
        if rng.random() < NEXT_TERM_SHARE:
            rows.append(
                Capacity(
                    leader_id=leader_id, term_starts_on=next_term.starts_on, days_free=rng.choice(DAYS_FREE_CHOICES)
                )
            )
    return rows


def _flags(rng: random.Random, today: datetime.date, *, count: int) -> list[SupportFlag]:
    """Flags on open schools the Ofsted rating alone would not make eligible, with none raised already."""
    already = SupportFlag.objects.raised().values("school_id")
    candidates = list(
        School.objects.open()
        .filter(ofsted_rating__in=[School.OfstedRating.GOOD, School.OfstedRating.NOT_REPORTED])
        .exclude(pk__in=already)
        .order_by("urn")
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(candidates, min(count, len(candidates)))
    return [
        SupportFlag(
            school_id=school_id,
            reason=DEMO_FLAG_REASON_PREFIX + rng.choice(FLAG_REASONS),
            flagged_on=today - datetime.timedelta(days=rng.randint(0, 120)),
        )
        for school_id in sorted(chosen)
    ]


def _enquiries(rng: random.Random, today: datetime.date, *, count: int) -> list[Enquiry]:
    """Enquiries from real schools to demo leaders (NLEs and LLEs about leadership, SLEs about one of their
    specialisms) and to demo teaching schools, all sent."""
    designations = list(
        Designation.objects.demo()
        .of_role(Role.Code.NLE, Role.Code.LLE, Role.Code.SLE, Role.Code.TEACHING_SCHOOL)
        .current(today)
        .order_by("pk")
        .select_related("leader", "school")
        .prefetch_related("specialisms")
    )
    schools = list(School.objects.open().order_by("urn").values_list("pk", flat=True))
    if not designations or not schools:
        return []
    leaders_with_email = set(SystemLeader.objects.demo().exclude(email="").values_list("pk", flat=True))
    now = timezone.now()
    rows = []
    for number, designation in enumerate(rng.sample(designations, min(count, len(designations))), start=1):
        name, role = rng.choice(CONTACTS)
        need, specialism = Need.LEADERSHIP, None
        if designation.role_id == Role.Code.SLE:
            specialisms = sorted(designation.specialisms.all(), key=lambda s: s.pk)
            if specialisms:
                need, specialism = Need.SPECIALISM, rng.choice(specialisms)
        school_id = rng.choice(schools)
        if school_id in (designation.school_id, designation.teaching_school_id):
            school_id = schools[(schools.index(school_id) + 1) % len(schools)]
        sent_at = now - datetime.timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 600))
        # An enquiry to a teaching school, or through one, reached its portal users (demo.portal gives every current
        # demo teaching school some); one to a leader that no teaching school designates, the leader's address.
        teaching_school_id = designation.teaching_school_id if designation.leader_id else designation.school_id
        sent = teaching_school_id is not None or designation.leader_id in leaders_with_email
        enquiry = Enquiry(
            reference=f"{DEMO_REFERENCE_PREFIX}{number:04d}",
            school_id=school_id,
            need=need,
            specialism=specialism,
            contact_name=name,
            contact_email=name.lower().replace(" ", ".") + "@school.example",
            contact_role=role,
            message=MESSAGES[need].format(specialism=specialism.name.lower() if specialism else ""),
            requester_notified_at=sent_at,
            requester_attempts=1,
        )
        enquiry.demo_recipient = EnquiryRecipient(
            leader_id=designation.leader_id,
            # An enquiry to an SLE or LLE went to the teaching school that designates them; to a school, to it.
            teaching_school_id=teaching_school_id,
            name=designation.leader.full_name if designation.leader_id else designation.school.name,
            delivery_status=DeliveryStatus.SENT if sent else DeliveryStatus.NO_ADDRESS,
            delivery_attempts=1,
            last_attempt_at=sent_at,
            sent_at=sent_at if sent else None,
            last_error="" if sent else "No email address to send to",
        )
        rows.append(enquiry)
    return rows
