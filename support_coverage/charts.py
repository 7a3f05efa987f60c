"""Horizontal bar charts laid out in Python and drawn as SVG by support_coverage/_bar_chart.html.

Each bar has its label on the line above it and its value written after it, so a chart reads without colour and
long names (local authorities, specialisms) are never cut short. The table beside each chart holds the figures;
the chart only shows their shape."""

import textwrap
from dataclasses import dataclass

# Narrow enough that the text (19 units) stays readable when the chart shrinks to a phone's width; a long label
# (a specialism) wraps onto more lines, each LINE_HEIGHT further down.
WIDTH = 480
LABEL_HEIGHT = 26
LINE_HEIGHT = 24
LABEL_CHARACTERS = 40
BAR_HEIGHT = 24
ROW_GAP = 14
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
# Room after the longest bar for its value ("100.0% (1,234 of 1,234)").
VALUE_ROOM = 240
LONGEST_BAR = WIDTH - VALUE_ROOM


@dataclass(frozen=True)
class Bar:
    label: str
    label_lines: list[tuple[str, int]]  # (text, y) of each line of the label
    value_text: str
    label_y: int
    bar_y: int
    bar_width: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    height: int = ROW_HEIGHT
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(
    *, id: str, title: str, items: list[tuple[str, float | None, str]], scale_to: float | None = None, unit: str = ""
) -> BarChart:
    """A chart of (label, value, value text) items; a value of None draws no bar, only its text (e.g. "Programme
    closed"). Bars are drawn to scale_to (e.g. 100 for percentages) or else to the largest value."""
    values = [value for _, value, _ in items if value is not None]
    top = scale_to or max(values, default=0)
    bars = []
    row_top = 0
    for label, value, value_text in items:
        width = round(LONGEST_BAR * value / top) if value and top else 0
        if value and not width:
            width = 1  # a small positive value stays visible
        lines = textwrap.wrap(label, LABEL_CHARACTERS) or [""]
        label_bottom = row_top + LABEL_HEIGHT + (len(lines) - 1) * LINE_HEIGHT
        bars.append(
            Bar(
                label=label,
                label_lines=[(line, row_top + 19 + number * LINE_HEIGHT) for number, line in enumerate(lines)],
                value_text=value_text,
                label_y=row_top + 19,
                bar_y=label_bottom,
                bar_width=width,
                value_x=width + 8 if width else 0,
                value_y=label_bottom + 18,
            )
        )
        row_top = label_bottom + BAR_HEIGHT + ROW_GAP
    return BarChart(id=id, title=title, description=_describe(items, unit), bars=bars, height=max(row_top, ROW_HEIGHT))


def _describe(items: list[tuple[str, float | None, str]], unit: str) -> str:
    """A sentence for screen readers: how many bars, and the highest and lowest."""
    counted = [(label, value, text) for label, value, text in items if value is not None]
    if not counted:
        return "A horizontal bar chart with no figures. The table gives the details."
    highest = max(counted, key=lambda item: item[1])
    lowest = min(counted, key=lambda item: item[1])
    sentence = f"A horizontal bar chart of {len(items)} {unit or 'items'}. Highest: {highest[0]}, {highest[2]}."
    if len(counted) > 1:
        sentence += f" Lowest: {lowest[0]}, {lowest[2]}."
    return sentence + " The table gives every figure."


def _count(value: int) -> str:
    return f"{value:,}"


def report_charts(report) -> dict:
    """The charts of a coverage report (support_coverage.selectors.CoverageReport), by the section they head."""
    area = report.total.name
    reach = report.reach_miles
    roles = bar_chart(
        id="chart-roles",
        title=f"Current designations by role in {area}",
        items=[
            (role.name, role.count, role.programme_status.text if role.is_closed else _count(role.count))
            for role in report.roles
        ],
        unit="roles",
    )
    gaps = bar_chart(
        id="chart-gaps",
        title=f"Share of schools needing support with no national leader of education within {reach} miles, "
        f"by {report.row_kind}",
        items=[
            (
                row.name,
                row.out_of_reach_percent,
                "No schools needing support"
                if row.out_of_reach_percent is None
                else f"{row.out_of_reach_percent:.1f}% ({row.needing_support_out_of_reach:,} of "
                f"{row.needing_support:,})",
            )
            for row in report.rows
        ],
        scale_to=100,
        unit=report.row_kind_plural,
    )
    schools_per_leader = bar_chart(
        id="chart-schools-per-leader",
        title=f"Open schools per current system leader, by {report.row_kind}",
        items=[
            (
                row.name,
                row.schools_per_leader,
                "No current system leaders" if row.schools_per_leader is None else f"{row.schools_per_leader:.1f}",
            )
            for row in report.rows
        ],
        unit=report.row_kind_plural,
    )
    # (focus area, its chart) pairs, in the focus areas' order.
    specialisms = [
        (
            focus_area,
            bar_chart(
                id=f"chart-specialisms-{index}",
                title=f"Current specialist leaders of education by specialism in {area}: {focus_area.name}",
                items=[(s.name, s.count, _count(s.count)) for s in focus_area.specialisms],
                unit="specialisms",
            ),
        )
        for index, focus_area in enumerate(report.focus_areas, start=1)
    ]
    return {"roles": roles, "gaps": gaps, "schools_per_leader": schools_per_leader, "specialisms": specialisms}
