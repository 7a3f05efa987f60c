"""The coverage figures as CSV: one row per region (or local authority), then the row for the whole area."""

import csv
import io

from django.http import HttpResponse

from roles.exporting import FORMULA_STARTS

from .selectors import AreaCoverage, CoverageReport


def _cell(value) -> str:
    """A spreadsheet would run a cell starting with = + - @ as a formula: such text is written with a quote first."""
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


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
    record["schools_needing_support_ri_or_inadequate"] = area.needing_support
    record[f"of_which_no_nle_within_{reach}_miles"] = area.needing_support_out_of_reach
    record[f"percent_with_no_nle_within_{reach}_miles"] = (
        f"{area.out_of_reach_percent:.1f}" if area.out_of_reach_percent is not None else ""
    )
    return record


def coverage_csv(report: CoverageReport, filename: str) -> HttpResponse:
    records = [coverage_record(report, area) for area in [*report.rows, report.total]]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(records[0].keys())
    for record in records:
        writer.writerow([_cell(value) for value in record.values()])
    # The byte order mark tells spreadsheet programs the file is UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
