"""A deployment's negotiation: dated proposals, counter-proposals, an agreement or a withdrawal, each a record never
changed or deleted, with the guidance's rules on free days, a review's length and day rates. Errors are keyed by the
record's field; money is whole pence (int) or Decimal, never float."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import long_date
from core.money import pounds
from deployments.models import (
    Deployment,
    DeploymentOutcome,
    DeploymentStatus,
    NegotiationKind,
    NegotiationRecord,
    Payer,
)
from roles.models import Role

from .deployments import (
    PUPIL_PREMIUM_REVIEW_DAYS,
    PUPIL_PREMIUM_REVIEW_LENGTH,
    _parent_changed,
    deployment_agreed_terms,
    deployment_move,
)
from .values import (
    TIME_COMMITMENT_FIELDS,
    _check_time_commitment_names,
    _days,
    _decimal,
    _pence,
    _time_commitment_values,
)

TYPICAL_DAY_RATE_PENCE = (30_000, 50_000)
NLG_FREE_DAYS = Decimal("5")


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


def _copy_time_commitment(*, record: NegotiationRecord, deployment: Deployment) -> None:
    for name in TIME_COMMITMENT_FIELDS:
        setattr(deployment, name, getattr(record, name))
    if deployment.total_days is None:
        deployment.total_days = record.days
    deployment.full_clean()
    deployment.save(update_fields=[*TIME_COMMITMENT_FIELDS, "updated_at"])
