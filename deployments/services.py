"""Writes for deployments and the negotiation of their cost and time: atomic, validated, with messages a person
can act on.

The database constraints on the models hold the rules that fit in one row. The rules here need other rows (the
kind's role, the designations taking part, the records already made) or come from the GOV.UK guidance:

- a deployment is given through designations current on the day it is requested, of the kind's role; an NLE may
  bring other NLEs and SLEs, and a pupil premium reviewer may bring SLEs ("reviewers may deploy other members of
  their leadership team ... including SLEs");
- an NLG's first 5 days of support are free;
- a pupil premium review takes 2 to 4 days, including a self-evaluation day and a half-day follow-up visit;
- a system leader's day rate is typically £300 to £500: a rate outside that is flagged, never refused.

- "external reviews of governance (NLGs who have completed Department for Education (DfE) training)": the NLG's
  designation records the date they completed it, which must be on or before the request;
- "The NLG programme is closed for new commissions" from 5 April 2023: no NLG support is requested from that day;
- "SLEs can provide one-to-one or group support": only an SLE's placement says which.

Errors are keyed by the argument they concern ("lead", "days", "outcome"...), or by the date they set ("starts_on",
"ends_on") or "status" for a move that is not allowed. Money is whole pence (int) or Decimal, never float.
"""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import long_date
from core.money import pounds
from deployments.models import (
    ENDED_STATUSES,
    STATUS_MOVES,
    Deployment,
    DeploymentKind,
    DeploymentLeader,
    DeploymentOutcome,
    DeploymentStatus,
    NegotiationKind,
    NegotiationRecord,
    Payer,
    PupilPremiumReviewStage,
    ReviewStage,
    move_outcomes,
)
from roles.dated import is_current
from roles.models import NLG_COMMISSIONS_CLOSED_ON, Designation, FocusArea, Role, Specialism
from schools.models import School

TIME_COMMITMENT_FIELDS = (
    "total_days",
    "pattern",
    "days_per_week_min",
    "days_per_week_max",
    "period_weeks",
    "by_phone",
    "by_email",
    "face_to_face",
    "time_notes",
)
TYPICAL_DAY_RATE_PENCE = (30_000, 50_000)
NLG_FREE_DAYS = Decimal("5")
PUPIL_PREMIUM_REVIEW_DAYS = (Decimal("2"), Decimal("4"))
PUPIL_PREMIUM_REVIEW_LENGTH = (
    "A pupil premium review takes 2 to 4 days, including a day of self-evaluation by the school "
    "and a half-day follow-up visit"
)

# Besides the kind's own role, the roles whose designations may take part in a deployment of that role.
ALSO_TAKING_PART = {
    Role.Code.NLE: {Role.Code.SLE},
    Role.Code.PUPIL_PREMIUM_REVIEWER: {Role.Code.SLE},
}

# How a move reads in a message: "A deployment that is requested cannot be marked completed".
MOVE_WORDS = {
    DeploymentStatus.REQUESTED: "requested again",
    DeploymentStatus.NEGOTIATING: "moved to negotiating",
    DeploymentStatus.AGREED: "marked agreed",
    DeploymentStatus.ACTIVE: "marked active",
    DeploymentStatus.COMPLETED: "marked completed",
    DeploymentStatus.CANCELLED: "cancelled",
}


# ---------------------------------------------------------------------------------------------------------------------
# Deployments


@transaction.atomic
def deployment_request(
    *,
    kind: DeploymentKind,
    lead: Designation,
    supported_school: School | None = None,
    supported_trust: str = "",
    other_designations: Iterable[Designation] = (),
    requested_on: datetime.date,
    focus_specialism: Specialism | None = None,
    focus_area: FocusArea | None = None,
    national_support_school_staff: str = "",
    sle_support: str = "",
    no_trust_match_reason: str = "",
    involves_ofsted: bool = False,
    involves_local_authority: bool = False,
    involves_regional_schools_commissioner: bool = False,
    involves_diocese: bool = False,
    created_by=None,
    **time_commitment,
) -> Deployment:
    """Record a request for support, led by one designation and perhaps joined by others. Status: requested."""
    _check_time_commitment_names("deployment_request", time_commitment)
    other_designations = list(other_designations)
    deployment = Deployment(
        kind=kind,
        supported_school=supported_school,
        supported_trust=(supported_trust or "").strip(),
        requested_on=requested_on,
        focus_specialism=focus_specialism,
        focus_area=focus_area,
        national_support_school_staff=(national_support_school_staff or "").strip(),
        sle_support=sle_support or "",
        no_trust_match_reason=(no_trust_match_reason or "").strip(),
        involves_ofsted=involves_ofsted,
        involves_local_authority=involves_local_authority,
        involves_regional_schools_commissioner=involves_regional_schools_commissioner,
        involves_diocese=involves_diocese,
        status=DeploymentStatus.REQUESTED,
        created_by=created_by,
        **_time_commitment_values(time_commitment),
    )
    errors = {}
    try:
        deployment.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        deployment_validate(deployment=deployment, lead=lead, other_designations=other_designations)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    deployment.save()
    _leader_create(deployment=deployment, designation=lead, is_lead=True)
    for designation in other_designations:
        _leader_create(deployment=deployment, designation=designation, is_lead=False)
    return deployment


def deployment_validate(
    *, deployment: Deployment, lead: Designation | None, other_designations: Iterable[Designation] = ()
) -> None:
    """Check the rules that need the kind, the designations and other rows. Raises ValidationError keyed by argument.

    Used by deployment_request and by the admin form, so a deployment made by hand obeys the same rules."""
    errors: dict[str, list[str]] = {}
    kind = deployment.kind if deployment.kind_id else None
    on = deployment.requested_on
    other_designations = list(other_designations)

    if lead is None:
        errors["lead"] = ["Choose the designation of the system leader who leads this support"]
    elif kind is not None:
        problem = _designation_problem(kind=kind, designation=lead, on=on, lead=True)
        if problem:
            errors["lead"] = [problem]
    if kind is not None:
        seen = {lead.pk} if lead is not None else set()
        for designation in other_designations:
            if designation.pk in seen:
                errors.setdefault("other_designations", []).append(f"{designation} is already taking part")
                continue
            seen.add(designation.pk)
            problem = _designation_problem(kind=kind, designation=designation, on=on, lead=False)
            if problem:
                errors.setdefault("other_designations", []).append(problem)

        role = kind.role
        if (
            role.programme == Role.Programme.CLOSED
            and on
            and role.programme_changed_on
            and on > role.programme_changed_on
        ):
            errors["requested_on"] = [
                f"The {role.name.lower()} programme closed on {long_date(role.programme_changed_on)}: "
                "no support can be requested from it after that"
            ]
        elif role.code == Role.Code.NLG and on and on >= NLG_COMMISSIONS_CLOSED_ON:
            errors["requested_on"] = [
                f"The NLG programme closed for new commissions on {long_date(NLG_COMMISSIONS_CLOSED_ON)}: "
                "no NLG support can be requested from that date"
            ]
        if role.code == Role.Code.PUPIL_PREMIUM_REVIEWER and deployment.total_days is not None:
            low, high = PUPIL_PREMIUM_REVIEW_DAYS
            if not low <= deployment.total_days <= high:
                errors["total_days"] = [PUPIL_PREMIUM_REVIEW_LENGTH]
        if deployment.sle_support and kind.role_id != Role.Code.SLE:
            errors["sle_support"] = ["Only an SLE's support is recorded as one-to-one or group support"]
        if deployment.no_trust_match_reason and kind.role_id != Role.Code.NLE:
            errors["no_trust_match_reason"] = ["Only DfE's match with an NLE records why no trust can support a school"]
        if deployment.focus_specialism_id and kind.role_id != Role.Code.SLE:
            errors["focus_specialism"] = [
                "Only an SLE's support has a specialism as its focus: choose a focus area instead"
            ]
        if deployment.national_support_school_staff and kind.role_id != Role.Code.NLE:
            errors["national_support_school_staff"] = ["Only an NLE's support involves a national support school"]

    if lead is not None and deployment.supported_school_id:
        own_school_ids = {lead.school_id, lead.national_support_school_id}
        if lead.leader_id:
            own_school_ids.add(lead.leader.school_id)
        if deployment.supported_school_id in own_school_ids:
            errors.setdefault("supported_school", []).append(
                "A system leader supports another school, not their own: choose the school that gets the support"
            )
    if errors:
        raise ValidationError(errors)


def _designation_problem(*, kind: DeploymentKind, designation: Designation, on: datetime.date | None, lead: bool):
    allowed = {kind.role_id} if lead else {kind.role_id, *ALSO_TAKING_PART.get(kind.role_id, ())}
    if designation.role_id not in allowed:
        who = _plural(kind.role) if lead else " or ".join(sorted(_plural(Role.objects.get(pk=c)) for c in allowed))
        doing = "lead" if lead else "take part in"
        return f"{designation} cannot {doing} this deployment: “{kind.name}” is support from {who}"
    if on is None:
        return ""
    status = designation.status_on(on)
    if status == Designation.Status.ENDED:
        return f"{designation}: the designation ended on {long_date(designation.ended_on)}, before this request"
    if status == Designation.Status.STARTS_LATER:
        return f"{designation}: the designation starts on {long_date(designation.designated_on)}, after this request"
    if status == Designation.Status.PAUSED:
        return f"{designation}: the designation was paused on {long_date(designation.paused_on)}"
    if kind.needs_governance_review_training and designation.role_id == Role.Code.NLG:
        trained_on = designation.governance_review_training_on
        rule = (
            "external reviews of governance are done by NLGs who have completed Department for Education (DfE) training"
        )
        if trained_on is None:
            return f"{designation}: {rule}: record the date this NLG completed it on their designation first"
        if trained_on > on:
            return f"{designation}: {rule}; this NLG completed it on {long_date(trained_on)}, after this request"
    return ""


@transaction.atomic
def deployment_move(
    *, deployment: Deployment, to_status: str, on: datetime.date, outcome: str = "", outcome_notes: str = ""
) -> Deployment:
    """Move a deployment's status along STATUS_MOVES, on a date. Returns the deployment as saved.

    To agreed: it needs its agreement record. To active: starts_on is the date (if not set already). To completed:
    ends_on is the date, with an outcome. To cancelled: an outcome ("cancelled before it started" if it never did);
    a deployment cancelled while active ends on the date."""
    deployment = Deployment.objects.select_for_update().select_related("kind").get(pk=deployment.pk)
    current = DeploymentStatus(deployment.status)
    try:
        to_status = DeploymentStatus(to_status)
    except ValueError:
        raise ValidationError({"status": f"“{to_status}” is not a status a deployment can have"}) from None
    if to_status not in STATUS_MOVES[current]:
        if to_status == current:
            message = f"This deployment is already {current.label.lower()}"
        else:
            message = f"A deployment that is {current.label.lower()} cannot be {MOVE_WORDS[to_status]}"
        raise ValidationError({"status": message})
    if on < deployment.requested_on:
        key = {DeploymentStatus.ACTIVE: "starts_on", DeploymentStatus.COMPLETED: "ends_on"}.get(to_status, "status")
        raise ValidationError(
            {key: f"The date must be on or after {long_date(deployment.requested_on)}, when the support was requested"}
        )
    outcome = outcome or ""
    if outcome and outcome not in DeploymentOutcome.values:
        raise ValidationError({"outcome": f"“{outcome}” is not an outcome"})
    if outcome and to_status not in ENDED_STATUSES:
        raise ValidationError({"outcome": "Only a completed or cancelled deployment has an outcome"})
    update_fields = ["status", "updated_at"]

    if to_status == DeploymentStatus.AGREED:
        agreement = deployment_agreed_terms(deployment)
        if agreement is None:
            raise ValidationError(
                {"status": "Record the agreed terms first: add an agreement to the deployment's negotiation record"}
            )
        if on < agreement.recorded_on:
            raise ValidationError(
                {"status": f"The terms were agreed on {long_date(agreement.recorded_on)}: it cannot be agreed before"}
            )
    elif to_status == DeploymentStatus.ACTIVE:
        agreement = deployment_agreed_terms(deployment)
        if agreement is not None and on < agreement.recorded_on:
            raise ValidationError(
                {"starts_on": f"The terms were agreed on {long_date(agreement.recorded_on)}: it cannot start before"}
            )
        lead = deployment_lead(deployment)
        if lead is not None and not is_current(lead, on):
            raise ValidationError(
                {"starts_on": f"{lead} was not a current designation on {long_date(on)}: the support cannot start"}
            )
        if deployment.starts_on is None:
            deployment.starts_on = on
            update_fields.append("starts_on")
    elif to_status == DeploymentStatus.COMPLETED:
        if not outcome:
            raise ValidationError({"outcome": "Choose the outcome of the support"})
        if outcome not in move_outcomes(to_status, from_status=current):
            raise ValidationError(
                {"outcome": f"“{DeploymentOutcome(outcome).label}” is not an outcome of completed support"}
            )
        if on < deployment.starts_on:
            raise ValidationError(
                {"ends_on": f"The support started on {long_date(deployment.starts_on)}: it cannot end before"}
            )
        deployment.ends_on = on
        update_fields.append("ends_on")
    elif to_status == DeploymentStatus.CANCELLED:
        started = current == DeploymentStatus.ACTIVE
        if not outcome and not started:
            outcome = DeploymentOutcome.NOT_STARTED
        if not outcome:
            raise ValidationError({"outcome": "Choose the outcome of the support so far"})
        if started and outcome == DeploymentOutcome.NOT_STARTED:
            raise ValidationError(
                {"outcome": f"The support started on {long_date(deployment.starts_on)}: choose another outcome"}
            )
        if not started and outcome not in move_outcomes(to_status, from_status=current):
            raise ValidationError(
                {"outcome": "The support never started: it was cancelled before it started, or withdrawn"}
            )
        if started and outcome not in move_outcomes(to_status, from_status=current):
            raise ValidationError(
                {
                    "outcome": f"“{DeploymentOutcome(outcome).label}” is not an outcome of cancelled support: it was "
                    "withdrawn, or improved things partly or not at all"
                }
            )
        if started:
            if on < deployment.starts_on:
                raise ValidationError(
                    {"ends_on": f"The support started on {long_date(deployment.starts_on)}: it cannot end before"}
                )
            deployment.ends_on = on
            update_fields.append("ends_on")

    if to_status in ENDED_STATUSES:
        deployment.outcome = outcome
        deployment.outcome_notes = (outcome_notes or "").strip()
        update_fields += ["outcome", "outcome_notes"]
    deployment.status = to_status
    deployment.full_clean()
    deployment.save(update_fields=update_fields)
    return deployment


def deployment_lead(deployment: Deployment) -> Designation | None:
    leader = deployment.leaders.filter(is_lead=True).select_related("designation__role", "designation__leader").first()
    return leader.designation if leader else None


@transaction.atomic
def deployment_leader_add(*, deployment: Deployment, designation: Designation) -> DeploymentLeader:
    """Another system leader joins a deployment (never as its lead: the lead is chosen with the request)."""
    deployment = Deployment.objects.select_for_update().select_related("kind").get(pk=deployment.pk)
    deployment_leader_validate(deployment=deployment, designation=designation)
    leader = _leader_create(deployment=deployment, designation=designation, is_lead=False)
    _parent_changed(deployment)
    return leader


def deployment_leader_validate(*, deployment: Deployment, designation: Designation) -> None:
    if deployment.is_ended:
        raise ValidationError(
            {"designation": f"This deployment is {deployment.get_status_display().lower()}: no one can join it"}
        )
    problem = _designation_problem(
        kind=deployment.kind, designation=designation, on=deployment.requested_on, lead=False
    )
    if problem:
        raise ValidationError({"designation": problem})


def _parent_changed(deployment: Deployment) -> None:
    """A change to a deployment's leaders, records or stages changes the deployment: saving it moves its version
    (audit.versioning), so that a curator's form opened before is refused rather than undoing the change."""
    deployment.save(update_fields=["updated_at"])


def _leader_create(*, deployment: Deployment, designation: Designation, is_lead: bool) -> DeploymentLeader:
    leader = DeploymentLeader(deployment=deployment, designation=designation, is_lead=is_lead)
    leader.full_clean()
    leader.save()
    return leader


# ---------------------------------------------------------------------------------------------------------------------
# Negotiation records


@transaction.atomic
def negotiation_record_add(
    *,
    deployment: Deployment,
    kind: str,
    proposed_by: str,
    recorded_on: datetime.date,
    day_rate_pence: int | None = None,
    days: Decimal | None = None,
    free_days: Decimal = Decimal("0"),
    total_cost_pence: int | None = None,
    payer: str = "",
    notes: str = "",
    recorded_by=None,
    **time_commitment,
) -> tuple[NegotiationRecord, list[str]]:
    """Add a dated step to a deployment's negotiation. Returns the record and warnings for a person to read.

    The total cost, when not given, is (days - free days) x day rate, to the nearest penny. The record moves the
    deployment on: any record moves a requested deployment to negotiating; an agreement moves it to agreed (and its
    time commitment becomes the deployment's); a withdrawal cancels it. Records are never changed or deleted:
    a correction is a new record."""
    _check_time_commitment_names("negotiation_record_add", time_commitment)
    time_values = _time_commitment_values(time_commitment)
    if time_values.get("total_days") is None and days is not None:
        time_values["total_days"] = _decimal(days, "days")
    deployment = Deployment.objects.select_for_update().select_related("kind").get(pk=deployment.pk)
    record = NegotiationRecord(
        deployment=deployment,
        kind=kind,
        proposed_by=proposed_by,
        recorded_on=recorded_on,
        day_rate_pence=_pence(day_rate_pence, "day_rate_pence"),
        days=_decimal(days, "days"),
        free_days=_decimal(free_days, "free_days") if free_days is not None else Decimal("0"),
        total_cost_pence=_pence(total_cost_pence, "total_cost_pence"),
        payer=payer or "",
        notes=(notes or "").strip(),
        recorded_by=recorded_by,
        **time_values,
    )
    warnings = negotiation_record_validate(record=record)
    record.full_clean()
    record.save()
    _parent_changed(deployment)

    status = DeploymentStatus(deployment.status)
    if kind == NegotiationKind.WITHDRAWAL:
        started = status == DeploymentStatus.ACTIVE
        deployment = deployment_move(
            deployment=deployment,
            to_status=DeploymentStatus.CANCELLED,
            on=recorded_on,
            outcome=DeploymentOutcome.WITHDRAWN if started else DeploymentOutcome.NOT_STARTED,
            outcome_notes=record.notes,
        )
    else:
        if status == DeploymentStatus.REQUESTED:
            deployment = deployment_move(deployment=deployment, to_status=DeploymentStatus.NEGOTIATING, on=recorded_on)
        if kind == NegotiationKind.AGREEMENT:
            deployment = deployment_move(deployment=deployment, to_status=DeploymentStatus.AGREED, on=recorded_on)
            _copy_time_commitment(record=record, deployment=deployment)
    record.deployment = deployment  # as it is now, after the moves
    return record, warnings


def negotiation_record_validate(*, record: NegotiationRecord, new: bool = True) -> list[str]:
    """Check the guidance's rules for one record; fill in its total cost when it can be worked out. Returns warnings.

    Raises ValidationError keyed by field. With new=True (a record about to be added) it also checks the deployment
    is still open and has no agreement yet. Used by negotiation_record_add and the admin's form."""
    errors: dict[str, str] = {}
    warnings: list[str] = []
    deployment = record.deployment
    role = deployment.kind.role_id if deployment.kind_id else None

    if new and deployment.is_ended:
        raise ValidationError(
            {
                "kind": f"This deployment is {deployment.get_status_display().lower()}: "
                "its negotiation record cannot change"
            }
        )
    if new and record.kind == NegotiationKind.AGREEMENT and deployment_agreed_terms(deployment) is not None:
        raise ValidationError({"kind": "This deployment already has agreed terms"})
    if record.recorded_on and deployment.requested_on and record.recorded_on < deployment.requested_on:
        errors["recorded_on"] = (
            f"The date must be on or after {long_date(deployment.requested_on)}, when the support was requested"
        )
    for name in ("day_rate_pence", "total_cost_pence"):
        value = getattr(record, name)
        if value is not None and value < 0:
            errors[name] = "Enter an amount of 0 or more"
    if record.day_rate_pence == 0:
        errors["day_rate_pence"] = "Enter a day rate of more than £0, or leave it blank if there is no charge"

    days, free_days = record.days, record.free_days or Decimal("0")
    if role == Role.Code.NLG and days is not None and free_days < min(NLG_FREE_DAYS, days):
        errors["free_days"] = (
            f"An NLG's first 5 days of support are free: enter {_days(min(NLG_FREE_DAYS, days))} free days or more"
        )
    if role == Role.Code.PUPIL_PREMIUM_REVIEWER:
        low, high = PUPIL_PREMIUM_REVIEW_DAYS
        for name in ("days", "total_days"):
            value = getattr(record, name)
            if value is not None and not low <= value <= high:
                errors[name] = PUPIL_PREMIUM_REVIEW_LENGTH

    rate = record.day_rate_pence
    if rate is not None and rate > 0 and not TYPICAL_DAY_RATE_PENCE[0] <= rate <= TYPICAL_DAY_RATE_PENCE[1]:
        warnings.append(f"A day rate of {pounds(rate)} is outside the typical £300 to £500 for a system leader")

    if not errors and days is not None and free_days <= days:
        computed = negotiation_total_cost_pence(days=days, free_days=free_days, day_rate_pence=rate)
        if computed is not None and record.total_cost_pence is None:
            record.total_cost_pence = computed
        elif computed is not None and record.total_cost_pence != computed:
            warnings.append(
                f"The total cost of {pounds(record.total_cost_pence)} is not {_days(days - free_days)} charged days "
                f"at {pounds(rate)} a day ({pounds(computed)})"
            )
    if record.payer == Payer.NO_CHARGE and record.total_cost_pence:
        errors["payer"] = f"The total cost is {pounds(record.total_cost_pence)}: choose who pays it"
    if errors:
        raise ValidationError(errors)
    if (
        new
        and record.kind != NegotiationKind.WITHDRAWAL
        and deployment.status
        in (
            DeploymentStatus.AGREED,
            DeploymentStatus.ACTIVE,
        )
    ):
        warnings.append("This deployment already has agreed terms: this record does not change them")
    return warnings


def negotiation_total_cost_pence(*, days: Decimal, free_days: Decimal, day_rate_pence: int | None) -> int | None:
    """(days - free days) x day rate, to the nearest penny; 0 when every day is free; None without a day rate."""
    charged = Decimal(days) - Decimal(free_days)
    if charged <= 0:
        return 0
    if day_rate_pence is None:
        return None
    return int((charged * Decimal(day_rate_pence)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def deployment_agreed_terms(deployment: Deployment) -> NegotiationRecord | None:
    """The agreement record: the terms the deployment was agreed on, or None before agreement."""
    return NegotiationRecord.objects.filter(deployment_id=deployment.pk, kind=NegotiationKind.AGREEMENT).first()


def _copy_time_commitment(*, record: NegotiationRecord, deployment: Deployment) -> None:
    for name in TIME_COMMITMENT_FIELDS:
        setattr(deployment, name, getattr(record, name))
    if deployment.total_days is None:
        deployment.total_days = record.days
    deployment.full_clean()
    deployment.save(update_fields=[*TIME_COMMITMENT_FIELDS, "updated_at"])


# ---------------------------------------------------------------------------------------------------------------------
# Pupil premium review stages


@transaction.atomic
def review_stage_record(
    *,
    deployment: Deployment,
    stage: str,
    scheduled_on: datetime.date | None = None,
    completed_on: datetime.date | None = None,
    days: Decimal | None = None,
    notes: str = "",
) -> PupilPremiumReviewStage:
    """Schedule or complete a stage of a pupil premium review.

    The initial discussion, self-evaluation and review happen once: recording one again updates it (with the values
    given). Follow-up visits may be repeated: a follow-up with the same scheduled date and not yet completed is
    updated, otherwise a new visit is added."""
    deployment = Deployment.objects.select_for_update().select_related("kind").get(pk=deployment.pk)
    existing = PupilPremiumReviewStage.objects.filter(deployment=deployment, stage=stage)
    if stage == ReviewStage.FOLLOW_UP:
        existing = existing.filter(scheduled_on=scheduled_on, completed_on__isnull=True) if scheduled_on else None
    review_stage = existing.first() if existing is not None else None
    if review_stage is None:
        review_stage = PupilPremiumReviewStage(deployment=deployment, stage=stage)
    if scheduled_on is not None:
        review_stage.scheduled_on = scheduled_on
    if completed_on is not None:
        review_stage.completed_on = completed_on
    if days is not None:
        review_stage.days = _decimal(days, "days")
    if notes:
        review_stage.notes = notes.strip()
    _parent_changed(deployment)
    return _review_stage_save(review_stage)


@transaction.atomic
def review_stage_change(
    *,
    review_stage: PupilPremiumReviewStage,
    scheduled_on: datetime.date | None,
    completed_on: datetime.date | None,
    days: Decimal | None,
    notes: str = "",
) -> PupilPremiumReviewStage:
    """Correct one stage's dates, days and notes (the admin's inline edits go through here)."""
    _parent_changed(Deployment.objects.select_for_update().get(pk=review_stage.deployment_id))
    review_stage = PupilPremiumReviewStage.objects.select_for_update().get(pk=review_stage.pk)
    review_stage.scheduled_on = scheduled_on
    review_stage.completed_on = completed_on
    review_stage.days = _decimal(days, "days")
    review_stage.notes = (notes or "").strip()
    return _review_stage_save(review_stage)


def review_stage_validate(*, review_stage: PupilPremiumReviewStage, new: bool = True) -> None:
    """Check a stage against its review. Raises ValidationError keyed by field. With new=True (a stage about to be
    saved) it also checks the review was not cancelled. Used by review_stage_record and the admin's form."""
    deployment = review_stage.deployment
    if deployment.kind.role_id != Role.Code.PUPIL_PREMIUM_REVIEWER:
        raise ValidationError({"stage": "Only a pupil premium review has review stages"})
    if new and deployment.status == DeploymentStatus.CANCELLED:
        raise ValidationError({"stage": "This review was cancelled: its stages cannot change"})
    errors = {}
    for name in ("scheduled_on", "completed_on"):
        value = getattr(review_stage, name)
        if value is not None and value < deployment.requested_on:
            errors[name] = (
                f"The date must be on or after {long_date(deployment.requested_on)}, when the review was requested"
            )
    if review_stage.days is not None and review_stage.days > PUPIL_PREMIUM_REVIEW_DAYS[1]:
        errors["days"] = "A stage of a pupil premium review takes no more than 4 days: the whole review takes 2 to 4"
    elif review_stage.days is not None:
        review_days = _review_days(review_stage)
        limit = deployment.total_days or PUPIL_PREMIUM_REVIEW_DAYS[1]
        if review_days > limit:
            errors["days"] = (
                f"The review's stages would take {_days(review_days)} days, more than the review's {_days(limit)}: "
                f"{PUPIL_PREMIUM_REVIEW_LENGTH[0].lower()}{PUPIL_PREMIUM_REVIEW_LENGTH[1:]}"
            )
    if errors:
        raise ValidationError(errors)


def _review_days(review_stage: PupilPremiumReviewStage) -> Decimal:
    """The days of the review's stages with this one, counting one follow-up visit: later ones go beyond the review
    ("the value of further follow-up visits later in the year")."""
    stages = [
        stage
        for stage in PupilPremiumReviewStage.objects.filter(
            deployment_id=review_stage.deployment_id, days__isnull=False
        )
        if stage.pk != review_stage.pk
    ] + [review_stage]
    days = sum((stage.days for stage in stages if stage.stage != ReviewStage.FOLLOW_UP), Decimal(0))
    follow_ups = [stage.days for stage in stages if stage.stage == ReviewStage.FOLLOW_UP]
    return days + (min(follow_ups) if follow_ups else Decimal(0))


def _review_stage_save(review_stage: PupilPremiumReviewStage) -> PupilPremiumReviewStage:
    errors = {}
    try:
        review_stage.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        review_stage_validate(review_stage=review_stage)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    review_stage.save()
    return review_stage


# ---------------------------------------------------------------------------------------------------------------------
# Values


def _check_time_commitment_names(function: str, values: dict) -> None:
    unknown = sorted(set(values) - set(TIME_COMMITMENT_FIELDS))
    if unknown:
        raise TypeError(f"{function}() got unexpected keyword argument(s): {', '.join(unknown)}")


def _time_commitment_values(values: dict) -> dict:
    cleaned = dict(values)
    for name in ("total_days", "days_per_week_min", "days_per_week_max"):
        if name in cleaned:
            cleaned[name] = _decimal(cleaned[name], name)
    for name in ("by_phone", "by_email", "face_to_face"):
        if name in cleaned:
            cleaned[name] = bool(cleaned[name])
    for name in ("pattern", "time_notes"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


def _decimal(value, name: str) -> Decimal | None:
    """Days as Decimal; a float is refused so that no binary fraction reaches the money."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError(f"{name} must be a Decimal, an int or a string, not a float")
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({name: "Enter a number, like 2.5"}) from None


def _pence(value, name: str) -> int | None:
    """Money in whole pence: an int (or a Decimal with no fraction). A float is refused."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError(f"{name} must be whole pence as an int, not a float")
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise ValidationError({name: "Enter an amount in whole pence"})
        return int(value)
    return int(value)


def _days(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _plural(role: Role) -> str:
    name = role.plural_name
    return name if role.code == Role.Code.TSC_REPRESENTATIVE else name[0].lower() + name[1:]
