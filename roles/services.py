"""Writes for system leaders and their designations: atomic, validated, with messages a person can act on.

The database constraints on the models hold the rules that fit in one row. The rules here need other rows
(specialisms, the programme's state, the designating teaching school, the council's seats), so they live in
services, and every write that matters goes through them.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.dates import long_date
from core.terms import term_starting
from roles.dated import is_current
from roles.models import MAX_DAYS_FREE, Capacity, Designation, Role, Specialism, SystemLeader
from schools.models import Region, School

# The Teaching Schools Council has 17 regional representatives and 2 peer representatives.
COUNCIL_SEATS = {Designation.CouncilSeat.REGIONAL: 17, Designation.CouncilSeat.PEER: 2}


@transaction.atomic
def system_leader_create(
    *,
    school: School,
    first_name: str,
    last_name: str,
    title: str = "",
    job_title: str = "",
    email: str = "",
    email_is_public: bool = False,
    telephone: str = "",
    telephone_is_public: bool = False,
    job_title_is_public: bool = True,
    is_demo: bool = False,
) -> SystemLeader:
    leader = SystemLeader(
        school=school,
        title=title.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        job_title=job_title.strip(),
        email=email.strip(),
        email_is_public=email_is_public,
        telephone=telephone.strip(),
        telephone_is_public=telephone_is_public,
        job_title_is_public=job_title_is_public,
        is_demo=is_demo,
    )
    leader.full_clean()
    leader.save()
    return leader


@transaction.atomic
def designation_create(
    *,
    role: Role | str,
    leader: SystemLeader | None = None,
    school: School | None = None,
    designated_on: datetime.date,
    review_due: datetime.date | None = None,
    teaching_school: School | None = None,
    national_support_school: School | None = None,
    specialisms: Iterable[Specialism] = (),
    governance_review_training_on: datetime.date | None = None,
    council_seat: str = "",
    council_region: Region | None = None,
    ended_on: datetime.date | None = None,
    end_reason: str = "",
) -> Designation:
    """Designate a person or a school. ended_on and end_reason record a designation that has already ended."""
    if isinstance(role, str):
        role = Role.objects.get(code=role)
    specialisms = list(specialisms)
    _lock_holder(leader=leader, school=school)
    designation = Designation(
        role=role,
        leader=leader,
        school=school,
        designated_on=designated_on,
        review_due=review_due,
        teaching_school=teaching_school,
        national_support_school=national_support_school,
        governance_review_training_on=governance_review_training_on,
        council_seat=council_seat,
        council_region=council_region,
        ended_on=ended_on,
        end_reason=end_reason,
    )
    designation.full_clean()
    designation_validate(designation=designation, specialisms=specialisms)
    designation.save()
    designation.specialisms.set(specialisms)
    return designation


def _lock_holder(*, leader: SystemLeader | None, school: School | None) -> None:
    """Designate one holder at a time, so that a second designation made at the same moment is checked against the
    first (and refused with a message) rather than failing on the database's one-open-designation constraint."""
    if leader is not None and leader.pk:
        list(SystemLeader.objects.select_for_update(no_key=True).filter(pk=leader.pk).values("pk"))
    if school is not None and school.pk:
        list(School.objects.select_for_update(no_key=True).filter(pk=school.pk).values("pk"))


def designation_validate(
    *, designation: Designation, specialisms: Iterable[Specialism], others: list[Designation] | None = None
) -> None:
    """Check the rules that need other rows. Raises ValidationError keyed by field.

    Used by designation_create and by the admin form, so a designation made by hand obeys the same rules. The rules
    compare the designation with other designations, read here by default; the import, which checks a whole file at
    once, passes `others` instead: every designation the rules may need, read in a few queries, with the file's own
    earlier rows (roles.importing).
    """
    errors = {}
    role = designation.role
    on = designation.designated_on
    specialisms = list(specialisms)

    if role.code == Role.Code.SLE and not specialisms:
        errors["specialisms"] = "Choose at least one specialism for this SLE"
    if role.code != Role.Code.SLE and specialisms:
        errors["specialisms"] = "Only SLEs have specialisms"

    if on and role.programme_changed_on and on > role.programme_changed_on:
        closed_on = long_date(role.programme_changed_on)
        if role.programme == Role.Programme.CLOSED:
            errors["designated_on"] = (
                f"The {role.name.lower()} programme closed on {closed_on}: no one can be designated after that"
            )
        elif role.programme == Role.Programme.CLOSED_TO_NEW and not designation.teaching_school_id:
            # The guidance gives no date for this: the directory records DfE's designations up to the day its
            # guidance was last updated (programme_changed_on), and says so.
            records_up_to = (
                f"this directory records DfE's designations up to {closed_on}, when its guidance was last updated"
            )
            if role.designated_by == Role.DesignatedBy.TEACHING_SCHOOL:
                errors["teaching_school"] = (
                    f"DfE no longer designates {role.plural_name.lower()} (teaching schools may): {records_up_to}. "
                    "Choose the teaching school that designated them"
                )
            else:
                errors["designated_on"] = f"DfE no longer designates new {role.plural_name.lower()}: {records_up_to}"

    teaching_school_checked = on and designation.teaching_school_id and "teaching_school" not in errors
    if teaching_school_checked and not _teaching_school_in_force(designation, others):
        errors["teaching_school"] = f"This school was not a designated teaching school on {long_date(on)}"

    if on and designation.leader_id and designation.teaching_school_id and "designated_on" not in errors:
        other = _designation_by_another_teaching_school(designation, others)
        if other is not None:
            errors["designated_on"] = _overlap_message(designation, other)

    is_representative = on and role.code == Role.Code.TSC_REPRESENTATIVE and designation.leader_id
    if is_representative and not _leads_a_teaching_school(designation, others):
        leader = designation.leader
        errors["leader"] = (
            "Teaching Schools Council representatives are serving school leaders of designated teaching schools: "
            f"{leader.school.name}, {leader.full_name}'s school, was not a designated teaching school on "
            f"{long_date(on)}"
        )

    if on and role.code == Role.Code.TSC_REPRESENTATIVE and designation.council_seat in COUNCIL_SEATS:
        limit = COUNCIL_SEATS[designation.council_seat]
        if _council_seats_taken(designation, others) >= limit:
            label = Designation.CouncilSeat(designation.council_seat).label.lower()
            errors["council_seat"] = (
                f"The council already has {limit} {label}s on {long_date(on)} or later: "
                "end one of those designations first"
            )

    if errors:
        raise ValidationError(errors)


@transaction.atomic
def designation_end(*, designation: Designation, ended_on: datetime.date, reason: str) -> Designation:
    designation = Designation.objects.select_for_update().get(pk=designation.pk)
    if designation.ended_on is not None:
        raise ValidationError({"ended_on": f"This designation already ended on {long_date(designation.ended_on)}"})
    if not reason:
        raise ValidationError({"end_reason": "Choose why the designation ended"})
    designation.ended_on = ended_on
    designation.end_reason = reason
    designation.full_clean()
    designation.save(update_fields=["ended_on", "end_reason", "updated_at"])
    return designation


@transaction.atomic
def designation_renew(*, designation: Designation, review_due: datetime.date) -> Designation:
    designation = Designation.objects.select_for_update().get(pk=designation.pk)
    if designation.ended_on is not None:
        raise ValidationError({"review_due": "This designation has ended: it cannot be renewed"})
    if designation.review_due and review_due <= designation.review_due:
        raise ValidationError({"review_due": f"The new review date must be after {long_date(designation.review_due)}"})
    designation.review_due = review_due
    designation.full_clean()
    designation.save(update_fields=["review_due", "updated_at"])
    return designation


@transaction.atomic
def designation_pause(*, designation: Designation, paused_on: datetime.date, reason: str) -> Designation:
    """Pause a designation from a date until it is resumed: it stays on record but is not current."""
    designation = Designation.objects.select_for_update().get(pk=designation.pk)
    reason = (reason or "").strip()
    if designation.paused_on is not None:
        raise ValidationError(
            {"paused_on": f"This designation is already paused, since {long_date(designation.paused_on)}"}
        )
    if designation.ended_on is not None and designation.ended_on <= paused_on:
        raise ValidationError(
            {"paused_on": f"This designation ended on {long_date(designation.ended_on)}: it cannot be paused"}
        )
    if paused_on < designation.designated_on:
        raise ValidationError(
            {
                "paused_on": (
                    f"This designation starts on {long_date(designation.designated_on)}: "
                    "it cannot be paused before then"
                )
            }
        )
    if not reason:
        raise ValidationError({"pause_reason": "Enter why the designation is paused"})
    designation.paused_on = paused_on
    designation.pause_reason = reason
    designation.full_clean()
    designation.save(update_fields=["paused_on", "pause_reason", "updated_at"])
    return designation


@transaction.atomic
def designation_resume(*, designation: Designation) -> Designation:
    """Lift a pause: the designation is current again (the history keeps when and why it was paused)."""
    designation = Designation.objects.select_for_update().get(pk=designation.pk)
    if designation.paused_on is None:
        raise ValidationError({"paused_on": "This designation is not paused"})
    if designation.ended_on is not None and designation.ended_on <= timezone.localdate():
        raise ValidationError(
            {"paused_on": f"This designation ended on {long_date(designation.ended_on)}: it cannot be resumed"}
        )
    designation.paused_on = None
    designation.pause_reason = ""
    designation.full_clean()
    designation.save(update_fields=["paused_on", "pause_reason", "updated_at"])
    return designation


@transaction.atomic
def designation_set_specialisms(*, designation: Designation, specialisms: Iterable[Specialism]) -> Designation:
    specialisms = list(specialisms)
    ended_on = (
        Designation.objects.select_for_update().filter(pk=designation.pk).values_list("ended_on", flat=True).first()
    )
    if ended_on is not None and ended_on <= timezone.localdate():
        raise ValidationError(
            {"specialisms": f"This designation ended on {long_date(ended_on)}: its specialisms can no longer change"}
        )
    if designation.role_id == Role.Code.SLE and not specialisms:
        raise ValidationError({"specialisms": "Choose at least one specialism for this SLE"})
    if designation.role_id != Role.Code.SLE and specialisms:
        raise ValidationError({"specialisms": "Only SLEs have specialisms"})
    # Saved too, so that its version moves (audit.versioning) and a curator's form opened before is refused.
    Designation.objects.select_for_update().get(pk=designation.pk).save(update_fields=["updated_at"])
    designation.specialisms.set(specialisms)
    return designation


@transaction.atomic
def programme_close(*, role: Role, closed_on: datetime.date) -> int:
    """Close a role's programme on a date and end every designation still open then. Returns how many ended."""
    role = Role.objects.select_for_update().get(pk=role.pk)
    still_open = role.designations.not_ended(closed_on)
    starting_later = still_open.filter(designated_on__gt=closed_on).count()
    if starting_later:
        raise ValidationError(
            {
                "closed_on": (
                    f"{starting_later} {role.short_name} designation(s) start after {long_date(closed_on)}: "
                    "correct or end them before closing the programme on that date"
                )
            }
        )
    role.programme = Role.Programme.CLOSED
    role.programme_changed_on = closed_on
    role.full_clean()
    role.save(update_fields=["programme", "programme_changed_on"])
    ended = 0
    for designation in still_open.select_for_update().order_by("pk"):
        designation.ended_on = closed_on
        designation.end_reason = Designation.EndReason.PROGRAMME_CLOSED
        designation.full_clean()
        designation.save(update_fields=["ended_on", "end_reason", "updated_at"])
        ended += 1
    return ended


def _is_another(designation: Designation, other: Designation) -> bool:
    return other is not designation and (designation.pk is None or other.pk != designation.pk)


def _teaching_school_in_force(designation: Designation, others: list[Designation] | None) -> bool:
    """Whether the designating teaching school was a designated teaching school on the designation date."""
    return _is_teaching_school_on(designation.teaching_school_id, designation.designated_on, others)


def _leads_a_teaching_school(designation: Designation, others: list[Designation] | None) -> bool:
    """Whether the representative's school was a designated teaching school on the designation date."""
    return _is_teaching_school_on(designation.leader.school_id, designation.designated_on, others)


def _is_teaching_school_on(school_id: int, on: datetime.date, others: list[Designation] | None) -> bool:
    if others is None:
        others = Designation.objects.of_role(Role.Code.TEACHING_SCHOOL).filter(school_id=school_id)
    return any(
        other.role_id == Role.Code.TEACHING_SCHOOL and other.school_id == school_id and is_current(other, on)
        for other in others
    )


def _designation_by_another_teaching_school(
    designation: Designation, others: list[Designation] | None
) -> Designation | None:
    """The earliest designation of the same person by another teaching school that is in force at some time while
    this one is. A teaching school sees the enquiries and days free of the people it designated, for the time it
    designated them: two schools' times must not overlap, or one would see what the other received."""
    if others is None:
        others = Designation.objects.filter(
            leader_id=designation.leader_id, teaching_school__isnull=False
        ).select_related("role", "teaching_school", "leader")
    overlapping = [
        other
        for other in others
        if other.leader_id == designation.leader_id
        and other.teaching_school_id not in (None, designation.teaching_school_id)
        and _is_another(designation, other)
        and (other.ended_on is None or other.ended_on > designation.designated_on)
        and (designation.ended_on is None or other.designated_on < designation.ended_on)
    ]
    return min(overlapping, key=lambda other: (other.designated_on, other.pk or 0), default=None)


def _overlap_message(designation: Designation, other: Designation) -> str:
    name, school, role = other.leader.full_name, other.teaching_school.name, other.role.short_name
    if other.ended_on is None:
        since = "is" if other.designated_on > timezone.localdate() else "has been"
        held = f"{name} {since} {school}'s {role} from {long_date(other.designated_on)}"
        return f"{held}: another teaching school cannot designate them while that designation lasts"
    held = f"{name} was {school}'s {role} from {long_date(other.designated_on)} to {long_date(other.ended_on)}"
    if other.designated_on <= designation.designated_on:
        return f"{held}: the date designated must be {long_date(other.ended_on)} or later"
    return f"{held}: a designation by another teaching school cannot overlap that time"


def _council_seats_taken(designation: Designation, others: list[Designation] | None) -> int:
    """The most designations for the same kind of seat that are current at once, from designated_on on."""
    on, seat = designation.designated_on, designation.council_seat
    if others is None:
        others = Designation.objects.of_role(Role.Code.TSC_REPRESENTATIVE).filter(council_seat=seat)
    others = [
        (other.designated_on, other.ended_on)
        for other in others
        if other.role_id == Role.Code.TSC_REPRESENTATIVE
        and other.council_seat == seat
        and (other.ended_on is None or other.ended_on > on)
        and _is_another(designation, other)
    ]
    check_dates = {on} | {start for start, _ in others if start > on}
    return max(
        (sum(1 for start, end in others if start <= day and (end is None or end > day)) for day in check_dates),
        default=0,
    )


# ---------------------------------------------------------------------------------------------------------------------
# Capacity


@transaction.atomic
def capacity_record(*, leader: SystemLeader, term_starts_on: datetime.date, days_free, recorded_by=None) -> Capacity:
    """Record how many days the leader has free for support in the term that starts on term_starts_on: a new
    record, or a change to the one already there."""
    days_free = _days_free(days_free)
    if not isinstance(term_starts_on, datetime.date) or term_starting(term_starts_on) is None:
        raise ValidationError({"term_starts_on": "Choose a term: terms start on 1 September, 1 January and 1 April"})
    # Lock the leader: two first records for one term at once would both insert (a missing row locks nothing).
    SystemLeader.objects.select_for_update().filter(pk=leader.pk).first()
    capacity = Capacity.objects.select_for_update().filter(
        leader=leader, term_starts_on=term_starts_on
    ).first() or Capacity(leader=leader, term_starts_on=term_starts_on)
    if capacity.pk is not None and capacity.days_free == days_free:
        return capacity  # unchanged: nothing to save, nothing for the history
    capacity.days_free = days_free
    capacity.recorded_by = recorded_by
    capacity.full_clean()
    capacity.save()
    return capacity


def _days_free(value) -> Decimal:
    message = f"Enter the days free as a number from 0 to {MAX_DAYS_FREE}, like 4 or 2.5"
    if value is None or value == "" or isinstance(value, float | bool):
        raise ValidationError({"days_free": message})
    try:
        days = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError({"days_free": message}) from None
    if not days.is_finite() or not 0 <= days <= MAX_DAYS_FREE:
        raise ValidationError({"days_free": message})
    if days != days.quantize(Decimal("0.1")):
        raise ValidationError({"days_free": "Enter the days free to a tenth of a day at most, like 2.5"})
    return days.quantize(Decimal("0.1"))
