"""The demo data command on a small world of factory-made schools: 60 schools in 3 local authorities, 2 regions."""

import datetime
import itertools
import random
import re
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count

from demo import leaders as demo
from demo import portal as portal_demo
from directory.models import Listing
from pages.context_processors import demo_data_loaded
from roles import services
from roles.models import (
    AlliancePartnership,
    Designation,
    Role,
    SystemLeader,
    TeachingSchoolAlliance,
    TeachingSchoolMembership,
)
from schools.models import School
from tests.factories import (
    DesignationFactory,
    HubAreaFactory,
    LocalAuthorityFactory,
    RegionFactory,
    SchoolFactory,
    TeachingSchoolDesignationFactory,
)

pytestmark = pytest.mark.django_db

RATINGS = [
    School.OfstedRating.OUTSTANDING,
    School.OfstedRating.GOOD,
    School.OfstedRating.GOOD,
    School.OfstedRating.REQUIRES_IMPROVEMENT,
    School.OfstedRating.NOT_REPORTED,
    School.OfstedRating.GOOD,
    School.OfstedRating.INADEQUATE,
]
TELEPHONE = re.compile(
    r"^(0113 496 0|0114 496 0|0115 496 0|0116 496 0|0117 496 0|0118 496 0|0121 496 0|0151 496 0|0161 496 0"
    r"|0191 498 0|020 7946 0|01632 960|07700 900)\d{3}$"
)


@pytest.fixture
def schools(db):
    yorkshire = RegionFactory(code="E12000003", name="Yorkshire and the Humber")
    london = RegionFactory(code="E12000007", name="London")
    authorities = [
        LocalAuthorityFactory(dfe_code="383", gss_code="E08000035", name="Leeds", region=yorkshire),
        LocalAuthorityFactory(dfe_code="373", gss_code="E08000019", name="Sheffield", region=yorkshire),
        LocalAuthorityFactory(dfe_code="202", gss_code="E09000007", name="Camden", region=london),
    ]
    ratings = itertools.cycle(RATINGS)
    schools = [
        SchoolFactory(
            urn=140000 + index,
            local_authority=authority,
            region=authority.region,
            ofsted_rating=next(ratings),
            easting=400000 + 1000 * (index // 20) + 37 * (index % 20),
            northing=400000 + 53 * (index % 20),
        )
        for index, authority in enumerate(authority for authority in authorities for _ in range(20))
    ]
    # Two hub areas led by the same school, one by another, and one whose lead school is not loaded.
    HubAreaFactory(code="YH1", region=yorkshire, lead_school=schools[3])
    HubAreaFactory(code="YH2", region=yorkshire, lead_school=schools[3])
    HubAreaFactory(code="L1", region=london, lead_school=schools[45])
    HubAreaFactory(code="L2", region=london, lead_school=None, lead_school_urn=999999)
    return schools


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()


def role_counts() -> dict[str, int]:
    rows = Designation.objects.demo().values("role_id").annotate(count=Count("pk"))
    return {row["role_id"]: row["count"] for row in rows}


def test_refuses_without_schools(db):
    with pytest.raises(CommandError, match="No schools are loaded"):
        load()
    assert not SystemLeader.objects.exists()


@pytest.mark.parametrize("scale", ["0", "-1", "two"])
def test_scale_is_a_whole_number_of_at_least_one(schools, scale):
    with pytest.raises(CommandError, match="whole number"):
        load("--scale", scale)


def test_loads_a_population_that_obeys_every_rule(schools):
    assert demo_data_loaded() is False
    output = load()

    assert demo_data_loaded() is True, "the banner saying the people are fictional would be missing"
    assert "Loaded the demo data at scale 1" in output
    assert "Specialist leaders of education" in output
    counts = role_counts()
    assert counts == {
        Role.Code.TEACHING_SCHOOL: 2,
        Role.Code.NLE: 3,
        Role.Code.NLG: 1,
        Role.Code.SLE: 9,
        Role.Code.PUPIL_PREMIUM_REVIEWER: 1,
        Role.Code.LLE: 1,
        Role.Code.TSC_REPRESENTATIVE: 19,
        Role.Code.TEACHING_SCHOOL_HUB: 2,
    }
    assert SystemLeader.objects.count() == SystemLeader.objects.demo().count() == 34
    assert Designation.objects.count() == Designation.objects.demo().count()

    designations = Designation.objects.select_related("role", "leader").prefetch_related("specialisms")
    for designation in designations:
        designation.full_clean()
        services.designation_validate(designation=designation, specialisms=designation.specialisms.all())
    for leader in SystemLeader.objects.all():
        leader.full_clean()
        assert leader.email == "" or re.fullmatch(r"[a-z]+\.[a-z]+\d*@example\.(org|com|net)", leader.email)
        assert leader.telephone == "" or TELEPHONE.match(leader.telephone), leader.telephone
    for partnership in AlliancePartnership.objects.select_related("alliance"):
        partnership.full_clean()
    assert Listing.objects.filter(leader__is_demo=True).exists(), "the directory listing is rebuilt"


def test_every_sle_has_specialisms_and_a_teaching_school_in_its_local_authority(schools):
    load()
    sles = Designation.objects.of_role(Role.Code.SLE).select_related("leader__school", "teaching_school")
    assert sles
    for sle in sles.annotate(specialism_count=Count("specialisms")):
        assert 1 <= sle.specialism_count <= 3
        assert sle.leader.school.local_authority_id == sle.teaching_school.local_authority_id
        assert (
            Designation.objects.of_role(Role.Code.TEACHING_SCHOOL)
            .current(on=sle.designated_on)
            .filter(school=sle.teaching_school)
            .exists()
        )


def test_teaching_schools_lead_alliances_of_nearby_schools(schools):
    load()
    teaching_schools = Designation.objects.of_role(Role.Code.TEACHING_SCHOOL)
    alliances = TeachingSchoolAlliance.objects.demo().select_related("teaching_school")
    assert {alliance.teaching_school_id for alliance in alliances} == set(
        teaching_schools.values_list("school_id", flat=True)
    )
    for alliance in alliances:
        partners = alliance.partner_schools.all()
        assert 3 <= len(partners) <= 10
        assert {school.local_authority_id for school in partners} == {alliance.teaching_school.local_authority_id}
        assert alliance.teaching_school not in partners


def test_roles_are_where_the_guidance_puts_them(schools):
    load()
    for nle in Designation.objects.of_role(Role.Code.NLE).select_related("leader__school"):
        assert nle.national_support_school == nle.leader.school
        assert nle.leader.school.ofsted_rating in (School.OfstedRating.OUTSTANDING, School.OfstedRating.GOOD)
    for nlg in Designation.objects.of_role(Role.Code.NLG):
        assert datetime.date(2012, 1, 1) <= nlg.designated_on <= datetime.date(2022, 12, 31)
        assert nlg.ended_on <= datetime.date(2023, 11, 6)
        assert nlg.end_reason in ("programme_closed", "stepped_down", "lapsed")
    assert not Designation.objects.of_role(Role.Code.NLG).current(on=datetime.date(2023, 11, 6)).exists()
    council = Designation.objects.of_role(Role.Code.TSC_REPRESENTATIVE).current(on=datetime.date(2023, 1, 1))
    seats = dict(council.values_list("council_seat").annotate(count=Count("pk")))
    assert seats == {"regional": 17, "peer": 2}
    assert council.filter(council_seat="regional").values("council_region").distinct().count() == 2
    hubs = Designation.objects.of_role(Role.Code.TEACHING_SCHOOL_HUB)
    assert set(hubs.values_list("school_id", flat=True)) == {schools[3].pk, schools[45].pk}


def test_rerunning_changes_nothing(schools):
    load()
    before = list(Designation.objects.order_by("pk").values_list("pk", "updated_at"))
    people = list(SystemLeader.objects.order_by("pk").values_list("pk", "updated_at"))

    output = load()

    assert "already loaded: nothing changed" in output
    assert list(Designation.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert list(SystemLeader.objects.order_by("pk").values_list("pk", "updated_at")) == people


def test_another_scale_needs_replace_and_replace_scales_the_counts(schools):
    real_teaching_school = TeachingSchoolDesignationFactory(school=schools[0], designated_on=datetime.date(2015, 1, 1))
    real_nle = DesignationFactory(leader__school=schools[1])
    load()
    at_scale_1 = role_counts()
    old_pks = set(Designation.objects.demo().values_list("pk", flat=True))

    with pytest.raises(CommandError, match="--replace"):
        load("--scale", "3")
    output = load("--scale", "3", "--replace")

    assert "Deleted the demo data" in output
    at_scale_3 = role_counts()
    for code in (Role.Code.NLE, Role.Code.SLE, Role.Code.NLG):
        assert at_scale_3[code] == 3 * at_scale_1[code]
    assert at_scale_3[Role.Code.TEACHING_SCHOOL] > at_scale_1[Role.Code.TEACHING_SCHOOL]
    assert at_scale_3[Role.Code.TSC_REPRESENTATIVE] == 19
    assert not old_pks & set(Designation.objects.demo().values_list("pk", flat=True))
    # The real (not demo) designations stay, and the demo never makes the real teaching school another one.
    assert Designation.objects.filter(pk__in=[real_teaching_school.pk, real_nle.pk], is_demo=False).count() == 2
    assert Designation.objects.of_role(Role.Code.TEACHING_SCHOOL).filter(school=schools[0]).count() == 1
    assert "already loaded" in load("--scale", "3")


def test_the_same_schools_scale_and_date_give_the_same_people(schools):
    def build():
        demo_schools = demo.DemoSchools()
        plan = demo.demo_plan(schools=demo_schools, scale=2)
        population = demo.DemoBuilder(schools=demo_schools, plan=plan, today=datetime.date(2025, 1, 1)).build()
        return [
            (d.role_id, d.leader.full_name if d.leader else d.school_id, d.designated_on, d.review_due, d.ended_on)
            for d in population.designations
        ]

    assert build() == build()


def test_counts_follow_the_share_of_schools_loaded():
    class Schools:
        all = range(20_000)
        teaching_school_candidates = range(20_000)
        hub_lead_school_ids = list(range(80))
        council_seats_free = {"regional": 17, "peer": 2}

    plan = demo.demo_plan(schools=Schools(), scale=10)
    assert plan.designations[Role.Code.SLE] == 30_000
    assert plan.designations[Role.Code.TEACHING_SCHOOL_HUB] == 80
    assert plan.total_designations == 6000 + 10_000 + 3000 + 30_000 + 2000 + 1500 + 19 + 80


def test_a_few_current_designations_are_paused_from_a_recent_date():
    import datetime
    import random

    from demo import leaders as demo

    builder = demo.DemoBuilder.__new__(demo.DemoBuilder)
    builder.today = datetime.date(2026, 11, 23)
    builder.rng = random.Random(1)
    builder.pause_rng = random.Random(2)
    made = []
    for n in range(2000):
        role = [Role.Code.SLE, Role.Code.NLE, Role.Code.TEACHING_SCHOOL][n % 3]
        ended_on = datetime.date(2025, 1, 1) if n % 7 == 0 else None
        designation = Designation(role_id=role, designated_on=datetime.date(2020, 9, 1), ended_on=ended_on)
        builder.maybe_pause(designation)
        made.append(designation)
    paused = [d for d in made if d.paused_on]
    assert 10 < len(paused) < 60  # about 2% of the roles that can be paused
    for designation in paused:
        assert designation.role_id in demo.PAUSED_ROLES and designation.ended_on is None
        assert builder.today - datetime.timedelta(days=120) <= designation.paused_on <= builder.today
        assert designation.pause_reason in demo.PAUSE_REASONS


def test_review_dates_are_plausible(schools):
    """Never within a year of designation, never after the designation ended (issue 11, item 8)."""
    load()
    designations = Designation.objects.demo().exclude(review_due__isnull=True)
    assert designations.count() > 20
    for designation in designations:
        assert designation.review_due >= designation.designated_on + datetime.timedelta(days=365), designation
        assert designation.ended_on is None or designation.review_due <= designation.ended_on, designation


def test_review_dates_are_plausible_at_the_edges():
    builder = demo.DemoBuilder.__new__(demo.DemoBuilder)
    builder.today = datetime.date(2026, 11, 23)
    for seed in range(300):
        builder.rng = random.Random(seed)
        designated_on = builder.today - datetime.timedelta(days=seed * 17)
        review_due = builder.review_due(designated_on, None)
        assert review_due >= designated_on + datetime.timedelta(days=365)
        ended_on = designated_on + datetime.timedelta(days=180 + seed)
        review_due = builder.review_due(designated_on, ended_on)
        if ended_on < designated_on + datetime.timedelta(days=365):
            assert review_due is None
        else:
            assert designated_on + datetime.timedelta(days=365) <= review_due <= ended_on


def test_every_current_demo_teaching_school_has_fictional_portal_users(schools):
    output = load()

    current = set(
        Designation.objects.demo().of_role(Role.Code.TEACHING_SCHOOL).current().values_list("school_id", flat=True)
    )
    memberships = TeachingSchoolMembership.objects.select_related("user")
    assert current and {membership.school_id for membership in memberships} == current
    assert all(membership.is_demo for membership in memberships)
    per_school = Counter(membership.school_id for membership in memberships)
    assert set(per_school.values()) <= {1, 2}
    for membership in memberships:
        user = membership.user
        assert re.fullmatch(r"[a-z]+\.[a-z]+\.\d+@example\.org", user.email) and user.username == user.email
        assert not user.has_usable_password() and not user.is_staff and not user.is_superuser
        membership.full_clean()
    assert f"Portal users: {len(memberships)}" in output
    assert "changepassword" in output and "Demo portal sign-in" not in output


def test_portal_users_are_kept_on_a_rerun_and_replaced_with_the_population(schools):
    load()
    before = list(TeachingSchoolMembership.objects.order_by("pk").values_list("pk", "user__username"))
    load()
    assert list(TeachingSchoolMembership.objects.order_by("pk").values_list("pk", "user__username")) == before
    load("--replace")
    after = list(TeachingSchoolMembership.objects.order_by("pk").values_list("pk", "user__username"))
    assert [username for _, username in after] == [username for _, username in before]  # the same people
    assert not {pk for pk, _ in before} & {pk for pk, _ in after}
    assert get_user_model().objects.count() == len(after)


def test_a_demo_sign_in_only_with_a_password_given_on_purpose(schools, monkeypatch):
    monkeypatch.setenv("DEMO_PORTAL_PASSWORD", "short")
    with pytest.raises(CommandError, match="DEMO_PORTAL_PASSWORD is not good enough"):
        load()
    assert not SystemLeader.objects.exists() and not TeachingSchoolMembership.objects.exists()

    monkeypatch.setenv("DEMO_PORTAL_PASSWORD", "a long demo passphrase 2026")
    output = load()
    first = TeachingSchoolMembership.objects.order_by("school__urn", "user__username").first().user
    assert f"Demo portal sign-in at /portal/sign-in/: {first.username}" in output
    assert "a long demo passphrase" not in output
    first.refresh_from_db()
    assert first.check_password("a long demo passphrase 2026")
    others = get_user_model().objects.exclude(pk=first.pk)
    assert others.exists() and not any(user.has_usable_password() for user in others)


def test_every_current_sle_and_lle_has_a_teaching_school_with_portal_users_to_receive_enquiries(schools):
    load()
    with_users = set(TeachingSchoolMembership.objects.values_list("school_id", flat=True))
    designated = Designation.objects.demo().of_role(Role.Code.SLE, Role.Code.LLE).current()
    teaching_schools = set(designated.exclude(teaching_school=None).values_list("teaching_school_id", flat=True))
    assert teaching_schools and teaching_schools <= with_users


def test_a_rerun_says_when_review_dates_come_from_an_older_demo(schools):
    load()
    assert not demo.demo_implausible_reviews().exists()
    ended = Designation.objects.demo().filter(ended_on__isnull=False, review_due__isnull=False).first()
    current = Designation.objects.demo().filter(ended_on__isnull=True, review_due__isnull=False).first()
    Designation.objects.filter(pk=ended.pk).update(review_due=ended.ended_on + datetime.timedelta(days=30))
    Designation.objects.filter(pk=current.pk).update(review_due=current.designated_on + datetime.timedelta(days=3))
    assert set(demo.demo_implausible_reviews()) == {ended, current}
    assert "2 demo designations have review dates from an older version" in load()
    load("--replace")
    assert not demo.demo_implausible_reviews().exists()


def test_portal_users_are_added_to_demo_data_loaded_before_them(schools):
    load()
    usernames = sorted(TeachingSchoolMembership.objects.values_list("user__username", flat=True))
    portal_demo.demo_portal_users_delete()
    assert not TeachingSchoolMembership.objects.exists() and not get_user_model().objects.exists()
    output = load()
    assert "Added portal users to the demo teaching schools" in output and "nothing changed" not in output
    assert sorted(TeachingSchoolMembership.objects.values_list("user__username", flat=True)) == usernames
    assert "nothing changed" in load()
