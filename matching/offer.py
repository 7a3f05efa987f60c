"""Reads for the curators' improvement-offer pages: the eligible schools with what a curator needs to see beside
each, and the NLEs the shortlist proposes for one school with the designation a match would use."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When

from core.text import is_ascii_number
from deployments.models import Deployment
from roles.models import Designation, RoleCode
from schools.models import School, SchoolOfstedRating, SupportFlag

from .models import DfeMatchRequest, Need
from .selectors import ShortlistEntry, shortlist

# The needs an NLE helps with, as the GOV.UK guidance lists them.
NLE_NEEDS = (Need.LEADERSHIP, Need.GOVERNANCE, Need.FINANCIAL_HEALTH)
NLE_SHORTLIST_SIZE = 10


def offer_schools(today: datetime.date) -> QuerySet[School]:
    """Eligible schools, annotated with the reason of a raised flag (flag_reason), whether an NLE deployment is
    already open for them (has_open_nle_deployment), and the school's own open request for a match, if any
    (request_reference, request_message, request_need, request_made_at); those waiting for support come first, and
    among them those who asked, then those rated worst."""
    raised = SupportFlag.objects.raised().filter(school=OuterRef("pk"))
    asked = DfeMatchRequest.objects.open().filter(school=OuterRef("pk"))
    return (
        School.objects.needing_support()
        .select_related("local_authority", "region")
        .annotate(
            flag_reason=Subquery(raised.values("reason")[:1]),
            has_open_nle_deployment=Exists(
                Deployment.objects.open().filter(supported_school=OuterRef("pk"), kind__role_id=RoleCode.NLE)
            ),
            request_reference=Subquery(asked.values("reference")[:1]),
            request_message=Subquery(asked.values("message")[:1]),
            request_need=Subquery(asked.values("need")[:1]),
            request_made_at=Subquery(asked.values("created_at")[:1]),
        )
        .annotate(
            urgency=Case(
                When(ofsted_rating=SchoolOfstedRating.INADEQUATE, then=Value(0)),
                When(ofsted_rating=SchoolOfstedRating.REQUIRES_IMPROVEMENT, then=Value(1)),
                default=Value(2),
            )
        )
        # Schools still waiting for support first; among them those that asked, oldest request first; then the most
        # urgent (inadequate, then requires improvement).
        .order_by("has_open_nle_deployment", F("request_made_at").asc(nulls_last=True), "urgency", "name", "urn")
    )


def offer_schools_search(queryset: QuerySet[School], text: str) -> QuerySet[School]:
    text = text.strip()
    if not text:
        return queryset
    if is_ascii_number(text):
        return queryset.filter(Q(urn=int(text)) | Q(name__icontains=text)) if len(text) <= 8 else queryset.none()
    return queryset.filter(name__icontains=text)


@dataclass
class NLEProposal:
    entry: ShortlistEntry
    designation: Designation


def nle_proposals(*, school: School, need: str, today: datetime.date) -> list[NLEProposal]:
    """The NLEs the shortlist ranks best for the school's need, each with the current NLE designation a match
    would be led by."""
    result = shortlist(school=school, need=need, roles={RoleCode.NLE}, size=NLE_SHORTLIST_SIZE, today=today)
    leader_ids = [entry.listing.leader_id for entry in result.entries if entry.listing.leader_id]
    designations = {
        designation.leader_id: designation
        for designation in Designation.objects.of_role(RoleCode.NLE)
        .current(today)
        .filter(leader_id__in=leader_ids)
        .select_related("role", "leader__school", "national_support_school")
        .order_by("designated_on")
    }
    return [
        NLEProposal(entry=entry, designation=designations[entry.listing.leader_id])
        for entry in result.entries
        if entry.listing.leader_id in designations
    ]
