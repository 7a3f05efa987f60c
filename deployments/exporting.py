"""CSV export of deployments: what the directory may show about support given, then the negotiated money and who
recorded what."""

from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

from core.csv import csv_response
from deployments.models import Deployment, NegotiationKind

EXPORT_COLUMNS = [
    # Public: what the directory may show about support given.
    ("id", lambda d: d.pk),
    ("kind", lambda d: d.kind.name),
    ("role", lambda d: d.kind.role.name),
    ("supported school", lambda d: d.supported_school.name if d.supported_school_id else ""),
    ("supported school URN", lambda d: d.supported_school.urn if d.supported_school_id else ""),
    ("supported trust", lambda d: d.supported_trust),
    ("local authority", lambda d: d.supported_school.local_authority.name if d.supported_school_id else ""),
    ("region", lambda d: d.supported_school.region.name if d.supported_school_id else ""),
    ("led by", lambda d: _lead_name(d)),
    ("also taking part", lambda d: "; ".join(str(x.designation) for x in d.leaders.all() if not x.is_lead)),
    ("focus", lambda d: str(d.focus_specialism or d.focus_area or "")),
    ("organisations concerned", lambda d: "; ".join(d.organisations_concerned)),
    ("status", lambda d: d.get_status_display()),
    ("requested on", lambda d: d.requested_on),
    ("starts on", lambda d: d.starts_on or ""),
    ("ends on", lambda d: d.ends_on or ""),
    ("outcome", lambda d: d.get_outcome_display()),
    ("time commitment", lambda d: d.time_commitment_summary),
    # Internal: the negotiated money and who recorded what.
    ("national support school staff", lambda d: d.national_support_school_staff),
    ("outcome notes", lambda d: d.outcome_notes),
    ("agreed on", lambda d: _agreed(d, "recorded_on")),
    ("agreed days", lambda d: _agreed(d, "days")),
    ("agreed free days", lambda d: _agreed(d, "free_days")),
    ("agreed day rate (£)", lambda d: _pounds_or_blank(_agreed(d, "day_rate_pence"))),
    ("agreed total cost (£)", lambda d: _pounds_or_blank(_agreed(d, "total_cost_pence"))),
    ("paid by", lambda d: _agreed(d, "get_payer_display")),
    ("negotiation records", lambda d: len(d.negotiation_records.all())),
    ("created by", lambda d: d.created_by.get_username() if d.created_by_id else ""),
    ("demo data", lambda d: "yes" if d.is_demo else "no"),
]


def _lead_name(deployment: Deployment) -> str:
    lead = next((leader for leader in deployment.leaders.all() if leader.is_lead), None)
    return lead.designation.holder_name if lead else ""


def _agreed(deployment: Deployment, name: str):
    record = next((r for r in deployment.negotiation_records.all() if r.kind == NegotiationKind.AGREEMENT), None)
    if record is None:
        return ""
    value = getattr(record, name)
    return value() if callable(value) else ("" if value is None else value)


def _pounds_or_blank(pence) -> str:
    return "" if pence in ("", None) else f"{Decimal(pence) / 100:.2f}"


def deployments_csv_response(queryset) -> HttpResponse:
    deployments = queryset.select_related(
        "kind__role",
        "supported_school__local_authority",
        "supported_school__region",
        "focus_specialism",
        "focus_area",
        "created_by",
    ).prefetch_related("negotiation_records")
    return csv_response(
        f"deployments-{timezone.localdate():%Y-%m-%d}.csv",
        [name for name, _ in EXPORT_COLUMNS],
        ([value(deployment) for _, value in EXPORT_COLUMNS] for deployment in deployments.order_by("pk")),
    )
