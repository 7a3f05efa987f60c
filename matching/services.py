"""Writes for matching: leaders' capacity, curators' improvement-offer flags, and DfE matching an eligible school
with an NLE. Atomic and validated; a refusal says why and changes nothing. Errors are keyed by the argument they
concern ("days_free", "term_starts_on", "reason", "cleared_on", "school", "designation")."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.dates import long_date
from deployments import services as deployment_services
from deployments.models import Deployment, DeploymentKind, NegotiationKind, NegotiationParty
from roles.dated import is_current
from roles.models import Designation, RoleCode
from schools.models import School

from . import enquiries
from .models import DeliveryStatus, EnquiryRecipient, ResponseStatus

# The kind of NLE support a match proposes unless the curator chooses another.
DEFAULT_NLE_KIND = "nle-alongside-own-staff"
MATCH_NOTES = (
    "DfE matched this school with the NLE through the trust and school improvement offer. "
    "The school and the NLE now agree the time and cost."
)


# ---------------------------------------------------------------------------------------------------------------------
# DfE matching a school with an NLE


def open_nle_deployment(school: School) -> Deployment | None:
    """The school's open deployment of NLE support, if it has one."""
    return (
        Deployment.objects.open()
        .filter(supported_school=school, kind__role_id=RoleCode.NLE)
        .select_related("kind")
        .order_by("-requested_on", "-pk")
        .first()
    )


def nle_kinds():
    return DeploymentKind.objects.filter(role_id=RoleCode.NLE).order_by("position")


@transaction.atomic
def nle_match(
    *,
    school: School,
    designation: Designation,
    no_trust_match_reason: str,
    kind: DeploymentKind | None = None,
    recorded_by=None,
    today: datetime.date | None = None,
) -> Deployment:
    """DfE matches an eligible school with an NLE: a requested deployment led by the NLE, whose negotiation starts
    with DfE's proposal (so it is negotiating). Refused for a designation that is not a current NLE, a school not
    eligible for the improvement offer, a school that already has open NLE support, or without the curator's words on
    why no trust can support the school: DfE matches a school with an NLE if it "cannot be matched with an
    appropriate high-quality trust" (System leadership: school-to-school support, 2023)."""
    today = today or timezone.localdate()
    # Locks the school, so that two curators matching it at once make one deployment, not two.
    school = School.objects.select_for_update().get(pk=school.pk)
    designation = Designation.objects.select_related("role", "leader").get(pk=designation.pk)
    kind = kind or DeploymentKind.objects.get(code=DEFAULT_NLE_KIND)

    errors = {}
    no_trust_match_reason = (no_trust_match_reason or "").strip()
    if not no_trust_match_reason:
        errors["no_trust_match_reason"] = (
            "DfE matches a school with an NLE only if it cannot be matched with an appropriate high-quality trust: "
            "enter why a trust match is not possible"
        )
    if designation.role_id != RoleCode.NLE or not is_current(designation, today):
        errors["designation"] = f"{designation} is not a current national leader of education: choose another NLE"
    if kind.role_id != RoleCode.NLE:
        errors["kind"] = f"“{kind}” is not support from an NLE: choose a kind of NLE support"
    if not School.objects.needing_support().filter(pk=school.pk).exists():
        errors["school"] = (
            f"{school.name} is not eligible for the improvement offer: it is not rated requires improvement or "
            "inadequate, and no curator has flagged it"
        )
    else:
        existing = open_nle_deployment(school)
        if existing is not None:
            errors["school"] = (
                f"{school.name} already has NLE support that is {existing.get_status_display().lower()} "
                f"(requested on {long_date(existing.requested_on)}): complete or cancel it first"
            )
    if errors:
        raise ValidationError(errors)

    deployment = deployment_services.deployment_request(
        kind=kind,
        lead=designation,
        supported_school=school,
        requested_on=today,
        no_trust_match_reason=no_trust_match_reason,
        created_by=recorded_by,
    )
    record, _ = deployment_services.negotiation_record_add(
        deployment=deployment,
        kind=NegotiationKind.PROPOSAL,
        proposed_by=NegotiationParty.DFE,
        recorded_on=today,
        notes=MATCH_NOTES,
        recorded_by=recorded_by,
    )
    return record.deployment


# ---------------------------------------------------------------------------------------------------------------------
# Enquiries


@transaction.atomic
def enquiry_requeue(*, recipient: EnquiryRecipient) -> EnquiryRecipient:
    """Put a recipient's copy that could not be sent (failed, or no address then) back in the queue, for a curator's
    "Try sending again" (matching.enquiries.recipient_deliver sends only queued ones). Its attempts so far are kept."""
    recipient = EnquiryRecipient.objects.select_for_update().select_related("enquiry").get(pk=recipient.pk)
    if recipient.delivery_status == DeliveryStatus.SENT:
        raise ValidationError(
            {"enquiry": f"Enquiry {recipient.enquiry.reference} was already sent to {recipient.name}"}
        )
    if recipient.delivery_status != DeliveryStatus.QUEUED:
        recipient.delivery_status = DeliveryStatus.QUEUED
        recipient.full_clean()
        recipient.save(update_fields=["delivery_status"])
    return recipient


# Roles whose agreed enquiries curators turn into deployments (an SLE's teaching school places the SLE in the portal).
CURATED_ENQUIRY_ROLES = (RoleCode.NLE, RoleCode.LLE, RoleCode.PUPIL_PREMIUM_REVIEWER)


def enquiry_designations(recipient: EnquiryRecipient, today: datetime.date | None = None):
    """The recipient leader's current designations through which a curator may start a deployment."""
    if not recipient.leader_id:
        return Designation.objects.none()
    return (
        Designation.objects.current(today or timezone.localdate())
        .of_role(*CURATED_ENQUIRY_ROLES)
        .filter(leader_id=recipient.leader_id)
        .select_related("role")
    )


@transaction.atomic
def enquiry_agree_deployment(
    *,
    recipient: EnquiryRecipient,
    designation: Designation,
    kind: DeploymentKind,
    recorded_by=None,
    today: datetime.date | None = None,
) -> Deployment:
    """A leader agreed to help a school that asked: record "agreed" and request the deployment, led by the leader's
    designation, for the school that asked, with the days it proposed; its negotiation starts with the school's
    request as a proposal. Errors are keyed "designation", "kind" and "enquiry"."""
    today = today or timezone.localdate()
    recipient = EnquiryRecipient.objects.select_for_update().select_related("enquiry__school").get(pk=recipient.pk)
    if recipient.deployment_id:
        raise ValidationError({"enquiry": "A deployment was already started from this enquiry"})
    if not enquiry_designations(recipient, today).filter(pk=designation.pk).exists():
        raise ValidationError(
            {"designation": "Choose one of the leader's current NLE, LLE or pupil premium designations"}
        )
    if kind.role_id != designation.role_id:
        raise ValidationError({"kind": f"“{kind}” is not support given through {designation.role.name.lower()}s"})
    enquiry = recipient.enquiry
    enquiries.enquiry_respond(recipient=recipient, response=ResponseStatus.AGREED, responded_by=recorded_by)
    time = {"total_days": enquiry.proposed_days} if enquiry.proposed_days else {}
    deployment = deployment_services.deployment_request(
        kind=kind,
        lead=designation,
        supported_school=enquiry.school,
        requested_on=enquiry.created_at.date(),
        focus_specialism=enquiry.specialism,
        created_by=recorded_by,
        **time,
    )
    record, _ = deployment_services.negotiation_record_add(
        deployment=deployment,
        kind=NegotiationKind.PROPOSAL,
        proposed_by=NegotiationParty.SUPPORTED_SCHOOL,
        recorded_on=today,
        notes=f"Asked for through enquiry {enquiry.reference}.",
        recorded_by=recorded_by,
        **time,
    )
    enquiries.enquiry_recipient_link_deployment(recipient=recipient, deployment=record.deployment)
    return record.deployment
