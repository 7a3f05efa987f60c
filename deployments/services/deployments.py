"""Deployments: a request for support led by one designation (and perhaps joined by others), its status moves, and
who takes part. Errors are keyed by the argument they concern, by the date a move sets ("starts_on", "ends_on") or
"status" for a move that is not allowed."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import long_date
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
    move_outcomes,
)
from roles.dated import is_current
from roles.models import NLG_COMMISSIONS_CLOSED_ON, Designation, FocusArea, Role, Specialism
from schools.models import School

from .values import _check_time_commitment_names, _time_commitment_values

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


def deployment_agreed_terms(deployment: Deployment) -> NegotiationRecord | None:
    """The agreement record: the terms the deployment was agreed on, or None before agreement."""
    return NegotiationRecord.objects.filter(deployment_id=deployment.pk, kind=NegotiationKind.AGREEMENT).first()


def _plural(role: Role) -> str:
    name = role.plural_name
    return name if role.code == Role.Code.TSC_REPRESENTATIVE else name[0].lower() + name[1:]
