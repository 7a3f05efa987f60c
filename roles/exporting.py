"""CSV export of designations, streamed row by row so a long list never sits in memory.

The first columns are the import's columns (roles.importing.COLUMNS), so an exported file can be corrected and
uploaded again; the columns after them are for reading and are ignored on import."""

from django.http import StreamingHttpResponse
from django.utils import timezone

from core.csv import csv_response
from roles.importing import COLUMNS, EXPORT_ONLY_COLUMNS
from roles.models import Designation

EXPORT_COLUMNS = [*COLUMNS, *EXPORT_ONLY_COLUMNS]


def designation_row(designation: Designation) -> dict:
    leader = designation.leader
    school = leader.school if leader else designation.school
    return {
        "role": designation.role_id,
        "urn": school.urn,
        "first_name": leader.first_name if leader else "",
        "last_name": leader.last_name if leader else "",
        "email": leader.email if leader else "",
        "job_title": leader.job_title if leader else "",
        "designated_on": designation.designated_on,
        "review_due": designation.review_due,
        "ended_on": designation.ended_on,
        "end_reason": designation.end_reason,
        "teaching_school_urn": designation.teaching_school.urn if designation.teaching_school_id else "",
        "national_support_school_urn": (
            designation.national_support_school.urn if designation.national_support_school_id else ""
        ),
        "specialisms": "; ".join(specialism.name for specialism in designation.specialisms.all()),
        "council_seat": designation.council_seat,
        "council_region": designation.council_region.name if designation.council_region_id else "",
        "id": designation.pk,
        "status": Designation.Status(designation.status).label,
        "role_name": designation.role.name,
        "school_name": school.name,
        "local_authority": school.local_authority.name,
        "region": school.region.name,
        "teaching_school_name": designation.teaching_school.name if designation.teaching_school_id else "",
        "paused_on": designation.paused_on,
        "pause_reason": designation.pause_reason,
    }


def designations_csv_response(queryset) -> StreamingHttpResponse:
    designations = (
        queryset.select_related(
            "role",
            "leader__school__local_authority",
            "leader__school__region",
            "school__local_authority",
            "school__region",
            "teaching_school",
            "national_support_school",
            "council_region",
        )
        .prefetch_related("specialisms")
        .iterator(chunk_size=500)
    )
    filename = f"designations-{timezone.localdate():%Y-%m-%d}.csv"
    rows = ([designation_row(designation)[name] for name in EXPORT_COLUMNS] for designation in designations)
    return csv_response(filename, EXPORT_COLUMNS, rows, streaming=True)
