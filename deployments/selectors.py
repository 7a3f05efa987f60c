"""Reads for the curators' admin: the agreed terms as columns of a deployment list, and the day-rate flag.

"A system leader's day rate is typically £300 to £500" (deployments.services.TYPICAL_DAY_RATE_PENCE): a rate
outside that is allowed and flagged. The flag is derived from the rate on the record, never stored, so it cannot
drift from it: outside_typical_day_rate() is the rule as a query, day_rate_is_outside_typical() the same rule for
one value.
"""

from django.db.models import BooleanField, Case, OuterRef, Q, QuerySet, Subquery, Value, When

from deployments.models import NegotiationKind, NegotiationRecord
from deployments.services import TYPICAL_DAY_RATE_PENCE


def outside_typical_day_rate(field: str = "day_rate_pence") -> Q:
    low, high = TYPICAL_DAY_RATE_PENCE
    return Q(**{f"{field}__lt": low}) | Q(**{f"{field}__gt": high})


def day_rate_is_outside_typical(pence: int | None) -> bool:
    low, high = TYPICAL_DAY_RATE_PENCE
    return pence is not None and not low <= pence <= high


def with_day_rate_flag(records: QuerySet) -> QuerySet:
    """Negotiation records with day_rate_outside_typical."""
    return records.annotate(
        day_rate_outside_typical=Case(
            When(outside_typical_day_rate(), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def with_agreed_terms(deployments: QuerySet) -> QuerySet:
    """Deployments with agreed_total_pence, agreed_day_rate_pence and agreed_day_rate_outside_typical (False before
    agreement or without a day rate)."""
    agreement = NegotiationRecord.objects.filter(deployment=OuterRef("pk"), kind=NegotiationKind.AGREEMENT)
    return deployments.annotate(
        agreed_total_pence=Subquery(agreement.values("total_cost_pence")[:1]),
        agreed_day_rate_pence=Subquery(agreement.values("day_rate_pence")[:1]),
    ).annotate(
        agreed_day_rate_outside_typical=Case(
            When(outside_typical_day_rate("agreed_day_rate_pence"), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
