"""NLGs who supported no school in a year, for curators: "NLGs are expected to provide effective support to at least
one school per year" (the GOV.UK guidance, 2014 to 2019), for each school year while the programme ran.

A school year runs from 1 September to 31 August. An NLG is expected to have supported a school in a year if they
held their NLG designation throughout it (designated by 1 September, not ended or paused before 31 August). They
supported one if a deployment they took part in (leading it or not) was under way on some day of that year: it
started, and it had not ended before the year began. Support withdrawn counts as no support. The last year is the one
in which the programme closed to new commissions (5 April 2023)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from deployments.models import DeploymentLeader, DeploymentOutcome
from roles.models import NLG_COMMISSIONS_CLOSED_ON, Designation, Role

NOT_SUPPORT = (DeploymentOutcome.WITHDRAWN, DeploymentOutcome.NOT_STARTED)


@dataclass(frozen=True)
class SchoolYear:
    starts_on: datetime.date

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.starts_on.year + 1, 8, 31)

    @property
    def label(self) -> str:
        return f"{self.starts_on.year} to {self.starts_on.year + 1}"


def school_year_of(day: datetime.date) -> SchoolYear:
    return SchoolYear(datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1))


@dataclass
class NLGYear:
    year: SchoolYear
    expected: list[Designation]
    without_support: list[Designation]


def nlg_years() -> list[NLGYear]:
    """Each school year of the NLG programme, latest first, with the NLGs expected to support a school in it and
    those who supported none. Two queries."""
    designations = list(
        Designation.objects.of_role(Role.Code.NLG).select_related("leader__school").order_by("leader__last_name", "pk")
    )
    if not designations:
        return []
    support = defaultdict(list)  # designation id -> (starts_on, ends_on) of each deployment they took part in
    for designation_id, starts_on, ends_on in (
        DeploymentLeader.objects.filter(
            designation__role_id=Role.Code.NLG,
            deployment__kind__role_id=Role.Code.NLG,
            deployment__starts_on__isnull=False,
        )
        .exclude(deployment__outcome__in=NOT_SUPPORT)
        .values_list("designation_id", "deployment__starts_on", "deployment__ends_on")
    ):
        support[designation_id].append((starts_on, ends_on))

    first = school_year_of(min(designation.designated_on for designation in designations)).starts_on.year
    last = school_year_of(NLG_COMMISSIONS_CLOSED_ON).starts_on.year
    years = []
    for start_year in range(last, first - 1, -1):
        year = SchoolYear(datetime.date(start_year, 9, 1))
        expected = [designation for designation in designations if _held_throughout(designation, year)]
        without = [
            designation
            for designation in expected
            if not any(
                starts_on <= year.ends_on and (ends_on is None or ends_on >= year.starts_on)
                for starts_on, ends_on in support[designation.pk]
            )
        ]
        years.append(NLGYear(year, expected, without))
    return years


def _held_throughout(designation: Designation, year: SchoolYear) -> bool:
    return (
        designation.designated_on <= year.starts_on
        and (designation.ended_on is None or designation.ended_on > year.ends_on)
        and (designation.paused_on is None or designation.paused_on > year.ends_on)
    )


def nlg_support_view(model_admin, request):
    """The admin page: every year's counts, and the NLGs without support in the year chosen (the latest by default)."""
    if not (request.user.has_perm("deployments.view_deployment") and request.user.has_perm("roles.view_designation")):
        raise PermissionDenied
    years = nlg_years()
    chosen = years[0] if years else None
    asked = request.GET.get("year", "")
    for each in years:
        if asked == str(each.year.starts_on.year):
            chosen = each
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "NLGs who supported no school in a year",
        "subtitle": None,
        "opts": model_admin.opts,
        "years": years,
        "chosen": chosen,
        "unknown_year": bool(asked) and (chosen is None or asked != str(chosen.year.starts_on.year)),
        "commissions_closed_on": NLG_COMMISSIONS_CLOSED_ON,
    }
    return TemplateResponse(request, "admin/deployments/nlg_support.html", context)
