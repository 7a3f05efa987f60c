"""The coverage figures as CSV: one row per region (or local authority), then the row for the whole area."""

from django.http import HttpResponse

from core.csv import csv_response

from .selectors import AreaCoverage, CoverageReport


def coverage_record(report: CoverageReport, area: AreaCoverage) -> dict:
    reach = report.reach_miles
    record = {"ons_code": area.code}
    if report.region is not None:
        record["dfe_code"] = area.dfe_code
    record["name"] = area.name
    record["open_schools"] = area.open_schools
    record["current_system_leaders"] = area.system_leaders
    record["schools_per_system_leader"] = (
        f"{area.schools_per_leader:.1f}" if area.schools_per_leader is not None else ""
    )
    for role in report.counted_roles:
        record[f"current_{role.code}_designations"] = area.designations_of(role.code)
    record["schools_needing_support"] = area.needing_support
    record[f"of_which_no_nle_within_{reach}_miles"] = area.needing_support_out_of_reach
    record[f"percent_with_no_nle_within_{reach}_miles"] = (
        f"{area.out_of_reach_percent:.1f}" if area.out_of_reach_percent is not None else ""
    )
    return record


def coverage_csv(report: CoverageReport, filename: str) -> HttpResponse:
    records = [coverage_record(report, area) for area in [*report.rows, report.total]]
    return csv_response(filename, records[0].keys(), (record.values() for record in records))
