"""Writes for deployments and the negotiation of their cost and time: atomic, validated, with messages a person
can act on. Requests, status moves and who takes part are in `deployments`, the negotiation's records in
`negotiations`, a pupil premium review's stages in `review_stages`; all are named here.

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

from .deployments import (
    ALSO_TAKING_PART,
    MOVE_WORDS,
    PUPIL_PREMIUM_REVIEW_DAYS,
    PUPIL_PREMIUM_REVIEW_LENGTH,
    deployment_agreed_terms,
    deployment_lead,
    deployment_leader_add,
    deployment_leader_validate,
    deployment_move,
    deployment_request,
    deployment_validate,
)
from .negotiations import (
    NLG_FREE_DAYS,
    TYPICAL_DAY_RATE_PENCE,
    negotiation_record_add,
    negotiation_record_validate,
    negotiation_total_cost_pence,
)
from .review_stages import review_stage_change, review_stage_record, review_stage_validate
from .values import TIME_COMMITMENT_FIELDS

__all__ = [
    "ALSO_TAKING_PART",
    "MOVE_WORDS",
    "NLG_FREE_DAYS",
    "PUPIL_PREMIUM_REVIEW_DAYS",
    "PUPIL_PREMIUM_REVIEW_LENGTH",
    "TIME_COMMITMENT_FIELDS",
    "TYPICAL_DAY_RATE_PENCE",
    "deployment_agreed_terms",
    "deployment_lead",
    "deployment_leader_add",
    "deployment_leader_validate",
    "deployment_move",
    "deployment_request",
    "deployment_validate",
    "negotiation_record_add",
    "negotiation_record_validate",
    "negotiation_total_cost_pence",
    "review_stage_change",
    "review_stage_record",
    "review_stage_validate",
]
