"""The facts the two GOV.UK guidance pages state, shown where a person looks for them (issue #15): "Teaching schools
and system leaders: get support for you and your school" (last updated 29 May 2019) and "System leadership:
school-to-school support" (2023)."""

import datetime
import json
import re

import pytest
from django.template.loader import render_to_string

from deployments.models import Deployment
from directory.guidance import GUIDANCE
from roles.models import Designation, FocusArea, Role, programme_status
from roles.reference import FOCUS_AREAS, REMOVED_FROM_GUIDANCE_IN_2023, ROLES
from schools.models import Region
from tests.deployments.factories import DeploymentFactory, kind
from tests.factories import DesignationFactory, SystemLeaderFactory, role

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_nle_page_and_results_show_the_national_support_school(client, world, django_assert_max_num_queries):
    # 2019: "NLEs are outstanding headteachers who, together with the staff in their national support school (NSS),
    # use their skills and experience to support schools in challenging circumstances."
    world.nle.national_support_school = world.quarry_mount
    world.nle.save()
    client.get(f"/leaders/{world.nle.leader_id}/?first")  # what a process reads once per version of the data
    with django_assert_max_num_queries(1):
        html = client.get(f"/leaders/{world.nle.leader_id}/").content.decode()
    page = text_of(html)
    assert "National support school Quarry Mount Primary School URN 107889" in page
    assert "Nadia supports schools together with the staff of this school" in page
    assert f'href="/schools/{world.quarry_mount.urn}/"' in html

    results = text_of(client.get("/search/", {"role": "nle"}).content.decode())
    assert "National support school Quarry Mount Primary School (URN 107889)" in results
    download = json.loads(b"".join(client.get("/search/results.json", {"role": "nle"}).streaming_content))
    assert download["results"][0]["national_support_school"] == "Quarry Mount Primary School (URN 107889)"

    world.nle.national_support_school = world.brudenell  # most often the NLE's own school
    world.nle.save()
    page = text_of(client.get(f"/leaders/{world.nle.leader_id}/").content.decode())
    assert "Nadia supports schools together with the staff of their own school" in page
    results = text_of(client.get("/search/", {"role": "nle"}).content.decode())
    assert "National support school Their own school" in results


def test_an_ended_nle_designation_does_not_show_its_national_support_school(client, world):
    world.nle.national_support_school = world.quarry_mount
    world.nle.ended_on = datetime.date(2024, 8, 31)
    world.nle.review_due = None
    world.nle.end_reason = Designation.EndReason.STEPPED_DOWN
    world.nle.save()
    assert "National support school" not in client.get(f"/leaders/{world.nle.leader_id}/").content.decode()
    assert "National support school" not in client.get("/search/", {"status": "all"}).content.decode()


def test_sle_guidance_has_the_specialisms_table_the_start_page_promises(client, world):
    # 2019: "SLE specialisms cover the 4 areas of focus for Ofsted." with the table "Ofsted focus | Areas of expertise".
    home = client.get("/").content.decode()
    assert "Specialist leaders of education and their specialisms" in home and 'href="/guidance/sle/"' in home
    html = client.get("/guidance/sle/").content.decode()
    page = text_of(html)
    assert "SLE specialisms cover the 4 areas of focus for Ofsted" in page
    assert "Ofsted focus Areas of expertise" in page
    for focus_area, specialisms in FOCUS_AREAS:
        assert f"{focus_area} {' '.join(specialisms)}" in page
    assert html.count('href="/search/?role=sle&amp;specialism=') == sum(len(s) for _, s in FOCUS_AREAS) == 27


def test_sle_guidance_says_they_give_one_to_one_or_group_support(client, world):
    # 2019: "SLEs can provide one-to-one or group support."
    assert "SLEs can provide one-to-one or group support" in client.get("/guidance/sle/").content.decode()


def test_sle_page_shows_the_one_to_one_or_group_support_their_placements_recorded(
    client, world, django_assert_max_num_queries
):
    # 2019: "SLEs can provide one-to-one or group support." Placements record which (Deployment.sle_support).
    def placement(sle_support, status):
        started = status in (Deployment.Status.ACTIVE, Deployment.Status.COMPLETED)
        DeploymentFactory(
            kind=kind("sle-coaching"),
            sle_support=sle_support,
            status=status,
            starts_on=datetime.date(2024, 2, 1) if started else None,
            ends_on=datetime.date(2024, 3, 1) if status == Deployment.Status.COMPLETED else None,
            outcome={
                Deployment.Status.COMPLETED: Deployment.Outcome.IMPROVED,
                Deployment.Status.CANCELLED: Deployment.Outcome.NOT_STARTED,
            }.get(status, ""),
            lead__designation=world.sle,
        )

    assert "One-to-one or group support" not in client.get(f"/leaders/{world.sle.leader_id}/").content.decode()
    placement(Deployment.SleSupport.ONE_TO_ONE, Deployment.Status.COMPLETED)
    placement(Deployment.SleSupport.ONE_TO_ONE, Deployment.Status.ACTIVE)
    placement(Deployment.SleSupport.GROUP, Deployment.Status.AGREED)
    placement(Deployment.SleSupport.GROUP, Deployment.Status.CANCELLED)  # never given
    placement(Deployment.SleSupport.GROUP, Deployment.Status.REQUESTED)  # not yet agreed
    placement("", Deployment.Status.COMPLETED)  # not recorded
    client.get("/")
    with django_assert_max_num_queries(4):
        html = client.get(f"/leaders/{world.sle.leader_id}/").content.decode()
    page = text_of(html)
    assert "One-to-one or group support One-to-one support in 2 placements Group support in 1 placement" in page


def test_council_guidance_shows_who_represents_each_region(client, world):
    # 2019: "Teaching Schools Council regional networks ... Teaching Schools Council regional representatives and
    # their networks provide essential support to all teaching school alliances and system leaders"
    regional = DesignationFactory(
        role=role(Role.Code.TSC_REPRESENTATIVE),
        leader=SystemLeaderFactory(first_name="Rhona", last_name="Dale", school=world.spring_bank),
        council_seat=Designation.CouncilSeat.REGIONAL,
        council_region=world.yorkshire,
        review_due=None,
    )
    DesignationFactory(
        role=role(Role.Code.TSC_REPRESENTATIVE),
        leader=SystemLeaderFactory(first_name="Former", last_name="Member", school=world.heenan),
        council_seat=Designation.CouncilSeat.REGIONAL,
        council_region=world.yorkshire,
        designated_on=datetime.date(2016, 1, 1),
        review_due=None,
        ended_on=datetime.date(2018, 1, 1),
        end_reason=Designation.EndReason.STEPPED_DOWN,
    )
    DesignationFactory(
        role=role(Role.Code.TSC_REPRESENTATIVE),
        leader=SystemLeaderFactory(first_name="Petra", last_name="Peer", school=world.aldgate),
        council_seat=Designation.CouncilSeat.PEER,
        review_due=None,
    )
    html = client.get("/guidance/tsc-representative/").content.decode()
    page = text_of(html)
    assert "Regional networks" in page and "Who represents each region" in page
    assert "Yorkshire and the Humber Rhona Dale , Spring Bank Primary School" in page
    assert f'href="/leaders/{regional.leader_id}/"' in html
    assert "London No current representative" in page  # every region is listed, with or without a representative
    assert page.count("No current representative") == Region.objects.count() - 1
    assert "Former Member" not in page  # an ended seat
    assert "Peer representatives, who contribute to the council's work: Petra Peer , The Aldgate School" in page


def test_a_demo_council_member_is_marked_as_demo_data(client, world):
    DesignationFactory(
        role=role(Role.Code.TSC_REPRESENTATIVE),
        leader=SystemLeaderFactory(first_name="Invented", last_name="Person", school=world.spring_bank, is_demo=True),
        council_seat=Designation.CouncilSeat.PEER,
        review_due=None,
        is_demo=True,
    )
    html = client.get("/guidance/tsc-representative/").content.decode()
    member = html[html.index("Invented Person") :]
    assert member[: member.index("</li>")].endswith('<strong class="govuk-tag govuk-tag--purple">Demo</strong>')


def test_find_button_keeps_the_council_s_proper_name(client, world):
    html = text_of(client.get("/guidance/tsc-representative/").content.decode())
    assert "Find Teaching Schools Council representatives" in html
    assert "teaching schools council" not in html
    assert "Find national leaders of education" in text_of(client.get("/guidance/nle/").content.decode())
    assert role(Role.Code.PUPIL_PREMIUM_REVIEWER).plural_name_in_sentence == "pupil premium reviewers"


def test_roles_the_2023_guidance_removed_are_not_presented_as_current(client, world):
    # 2023, 5 April: "Removed other sections, which are either out of date or covered elsewhere."
    for code in ["sle", "pupil_premium_reviewer", "tsc_representative"]:
        assert Role.objects.get(code=code).programme == Role.Programme.OPEN
        guidance = GUIDANCE[code]
        page = text_of(client.get(f"/guidance/{guidance.slug}/").content.decode())
        assert "Removed from DfE guidance in 2023" in page
        assert "The 2023 guidance removed the section" in page and "last updated on 29 May 2019" in page
    sle_page = text_of(client.get(f"/leaders/{world.sle.leader_id}/").content.decode())
    assert "Specialist leader of education Removed from DfE guidance in 2023" in sle_page  # under How to get support
    index = text_of(client.get("/guidance/").content.decode())
    assert index.count("Removed from DfE guidance in 2023") == 3
    assert "System leadership: school-to-school support (2023)" in index
    home = text_of(client.get("/").content.decode())
    assert home.count("Removed from DfE guidance in 2023") == 3
    assert "System leadership: school-to-school support (2023)" in home
    # NLEs are the 2023 guidance's open programme: no status tag.
    assert programme_status("nle", "open") is None
    assert "Reforms to the NLE programme came into effect in September 2022" in text_of(
        client.get("/guidance/nle/").content.decode()
    )


def test_one_status_wording_and_colour_everywhere(client, world):
    tag = '<strong class="govuk-tag govuk-tag--yellow">No new designations by DfE</strong>'
    closed = '<strong class="govuk-tag govuk-tag--grey">Programme closed</strong>'
    for url in ["/", "/guidance/", "/coverage/"]:
        html = client.get(url).content.decode()
        assert html.count(tag) == 2, url  # teaching schools and LLEs
        assert closed in html, url
        assert 'govuk-tag--grey app-tag">No new designations' not in html
    assert tag in client.get("/guidance/lle/").content.decode()
    search = text_of(client.get("/search/").content.decode())
    assert "Teaching schools (No new designations by DfE)" in search
    assert "National leaders of governance (Programme closed)" in search
    assert "Specialist leaders of education (Removed from DfE guidance in 2023)" in search


def test_the_status_partial_renders_the_one_definition():
    assert render_to_string("includes/programme_status.html", {"status": None}).strip() == ""
    html = render_to_string("includes/programme_status.html", {"status": programme_status("lle", "closed_to_new")})
    assert '<strong class="govuk-tag govuk-tag--yellow">No new designations by DfE</strong>' in html


def test_statements_neither_guidance_page_makes_are_gone_or_cited(client, world):
    # Neither page says DfE stopped designating teaching schools on 29 May 2019 (the day the 2019 page was last
    # updated); that page says "Teaching schools and system leaders will continue to support schools while we test
    # teaching school hubs."
    teaching_schools = next(row for row in ROLES if row["code"] == "teaching_school")
    assert "DfE no longer designates new teaching schools" not in teaching_schools["programme_note"]
    assert "continue to support schools while DfE tested teaching school hubs" in teaching_schools["programme_note"]
    assert "teaching school hubs guidance (2021)" in teaching_schools["programme_note"]
    page = text_of(client.get("/guidance/teaching-school/").content.decode())
    assert "DfE no longer designates new teaching schools" not in page
    assert "teaching school hubs guidance (2021)" in page
    # The council's cost and LLEs' description were not in the guidance.
    assert "Brokering support is free" not in text_of(client.get("/guidance/tsc-representative/").content.decode())
    lle = text_of(client.get("/guidance/lle/").content.decode())
    assert "are headteachers who support" not in lle
    assert "Teaching schools have the freedom to recruit and designate school leaders in this role" in lle
    # 2023: DfE matches a school with an NLE if it "is eligible for support through our improvement offers" and
    # "cannot be matched with an appropriate high-quality trust".
    assert "cannot be matched with an appropriate high-quality trust" in GUIDANCE["nle"].when_to_contact


def test_the_reference_data_in_the_database_is_the_reference_module_s():
    # The guidance_wording data migration brought the stored notes and summaries in step.
    for row in ROLES:
        stored = Role.objects.get(code=row["code"])
        assert (stored.programme_note, stored.summary) == (row["programme_note"], row["summary"])
    assert FocusArea.objects.count() == 4
    assert set(REMOVED_FROM_GUIDANCE_IN_2023) <= {row["code"] for row in ROLES}
