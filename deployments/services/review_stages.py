"""The stages of a pupil premium review: an initial discussion, a day of self-evaluation by the school, the review
and half-day follow-up visits, within the review's 2 to 4 days."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.dates import long_date
from deployments.models import Deployment, DeploymentStatus, PupilPremiumReviewStage, ReviewStage
from roles.models import Role

from .deployments import PUPIL_PREMIUM_REVIEW_DAYS, PUPIL_PREMIUM_REVIEW_LENGTH, _parent_changed
from .values import _days, _decimal


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
