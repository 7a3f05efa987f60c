"""Prints the README's table of real schools' shortlists (matching.selectors.shortlist on the loaded demo data):
the first few of each, with role, miles, phase and the key reasons, as Markdown.

    .venv/bin/python scripts/shortlist_table.py [--size 4]

The schools are picked by URN, to show one case each: a secondary school asking for maths, a primary asking for
phonics, schools rated requires improvement or inadequate asking for governance and leadership, middle schools (deemed
primary and deemed secondary), an all-through school, pupil premium, financial health and special educational needs.
(The demo data holds no nursery or 16 plus school.)"""

import argparse
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_directory.settings.local")
django.setup()

from matching.models import Need  # noqa: E402
from matching.selectors import shortlist  # noqa: E402
from roles.models import Specialism  # noqa: E402
from schools.models import School  # noqa: E402

# (URN, need, specialism slug): real schools, each a different case.
CASES = [
    (137065, Need.SPECIALISM, "maths"),  # secondary, Leeds: the case the old ranking got wrong
    (107885, Need.SPECIALISM, "phonics"),  # primary, Leeds
    (136006, Need.GOVERNANCE, ""),  # primary rated requires improvement, Nottinghamshire
    (None, Need.LEADERSHIP, ""),  # a secondary school rated inadequate (the first by URN)
    (None, Need.SPECIALISM, "middle_secondary"),  # a middle school deemed secondary asking for science
    (None, Need.SPECIALISM, "middle_primary"),  # a middle school deemed primary asking for maths
    (None, Need.SPECIALISM, "all_through"),  # an all-through school asking for English (the first by URN)
    (None, Need.PUPIL_PREMIUM, "london"),  # a London primary (the first by URN)
    (None, Need.FINANCIAL_HEALTH, "rural"),  # a primary in Cornwall (the first by URN)
    (None, Need.SPECIALISM, "send"),  # a primary asking for special educational needs, Manchester
]


def school_for(urn, need, hint) -> tuple[School, str]:
    schools = School.objects.open().exclude(easting=None).order_by("urn")
    if urn:
        return schools.get(urn=urn), hint
    if hint == "middle_secondary":
        return schools.filter(phase=School.Phase.MIDDLE_DEEMED_SECONDARY).first(), "science"
    if hint == "middle_primary":
        return schools.filter(phase=School.Phase.MIDDLE_DEEMED_PRIMARY).first(), "maths"
    if hint == "all_through":
        return schools.filter(phase=School.Phase.ALL_THROUGH).first(), "english"
    if hint == "london":
        return schools.filter(phase=School.Phase.PRIMARY, region__name="London").first(), ""
    if hint == "rural":
        return schools.filter(phase=School.Phase.PRIMARY, local_authority__name="Cornwall").first(), ""
    if hint == "send":
        return schools.filter(
            phase=School.Phase.PRIMARY, local_authority__name="Manchester"
        ).first(), "special-educational-needs"
    return schools.filter(phase=School.Phase.SECONDARY, ofsted_rating=School.OfstedRating.INADEQUATE).first(), ""


def key_reasons(entry) -> str:
    said = [reason for reason in entry.reasons if "miles away" not in reason and "mile away" not in reason][:2]
    said += [f"but: {consideration}" for consideration in entry.considerations if "not said" not in consideration][:2]
    return "; ".join(said)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=4)
    size = parser.parse_args().size
    print("| School asking (phase) | Help with | # | Name | Role | Miles | Phase | Key reasons |")
    print("|---|---|---|---|---|---|---|---|")
    for urn, need, hint in CASES:
        school, slug = school_for(urn, need, hint)
        specialism = Specialism.objects.get(slug=slug) if slug else None
        result = shortlist(school=school, need=need, specialism=specialism)
        asking = f"{school.name}, URN {school.urn} ({school.get_phase_display().lower()})"
        for position, entry in enumerate(result.entries[:size], start=1):
            miles = entry.match.candidate.distance_miles
            phase = School.Phase(entry.listing.phase).label if entry.listing.phase in School.Phase.values else ""
            print(
                f"| {asking if position == 1 else ''} | {result.need_label if position == 1 else ''} | {position} "
                f"| {entry.listing.name} | {entry.role_name} | {'' if miles is None else round(miles)} "
                f"| {phase.lower()} | {key_reasons(entry)} |"
            )
        if not result.entries:
            print(f"| {asking} | {result.need_label} | | no one within reach | | | | |")


if __name__ == "__main__":
    main()
