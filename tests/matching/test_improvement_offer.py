"""The improvement offer in the admin: a curator lists the eligible schools, opens one, sees the NLEs the shortlist
proposes with its reasons, and matches the school with one, which records a negotiating deployment."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core.terms import term_containing
from deployments.models import Deployment, NegotiationRecord
from matching import dfe_match, services
from roles.models import Capacity
from schools import services as school_services
from schools.models import School, SupportFlag
from tests.deployments.factories import kind
from tests.factories import DesignationFactory, LocalAuthorityFactory, SchoolFactory, SLEDesignationFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

NO_TRUST = "No trust with capacity in the area has a record of improving schools like this one."

OFFER_URL = reverse("admin:matching_improvement_offer")


def match_url(school: School) -> str:
    return reverse("admin:matching_improvement_offer_match", args=[school.urn])


def messages_in(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def names(response) -> list[str]:
    return [school.name for school in response.context["page"].object_list]


def database() -> dict:
    return {
        "deployments": list(Deployment.objects.order_by("pk").values()),
        "records": list(NegotiationRecord.objects.order_by("pk").values()),
        "flags": list(SupportFlag.objects.order_by("pk").values()),
    }


@pytest.fixture
def schools(db):
    leeds = LocalAuthorityFactory(name="Leeds")
    york = LocalAuthorityFactory(name="York")
    made = {
        "ri": SchoolFactory(
            name="Alder Primary", local_authority=leeds, ofsted_rating=School.OfstedRating.REQUIRES_IMPROVEMENT
        ),
        "inadequate": SchoolFactory(
            name="Birch Academy", local_authority=york, ofsted_rating=School.OfstedRating.INADEQUATE
        ),
        "flagged": SchoolFactory(name="Cedar School", local_authority=leeds, ofsted_rating=School.OfstedRating.GOOD),
        "good": SchoolFactory(name="Damson School", local_authority=leeds, ofsted_rating=School.OfstedRating.GOOD),
        "closed": SchoolFactory(
            name="Elm School",
            local_authority=leeds,
            ofsted_rating=School.OfstedRating.INADEQUATE,
            later_status=School.LaterStatus.CLOSED,
        ),
    }
    school_services.support_flag_raise(school=made["flagged"], reason="Falling results under a new head")
    return made


@pytest.fixture
def nles(db):
    near = DesignationFactory(leader__first_name="Nia", leader__last_name="Near")
    other = DesignationFactory(leader__first_name="Olu", leader__last_name="Other")
    Capacity.objects.create(
        leader=near.leader, term_starts_on=term_containing(timezone.localdate()).starts_on, days_free=6
    )
    return {"near": near, "other": other}


# ---------------------------------------------------------------------------------------------------------------------
# The list


def test_the_list_shows_the_eligible_schools_only(curator_client, schools):
    response = curator_client.get(OFFER_URL)
    assert response.status_code == 200
    assert names(response) == ["Birch Academy", "Alder Primary", "Cedar School"]
    content = response.content.decode()
    assert "Yes: Falling results under a new head" in content
    assert match_url(schools["ri"]) in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"rating": "inadequate"}, ["Birch Academy"]),
        ({"rating": "requires_improvement"}, ["Alder Primary"]),
        ({"flagged": "yes"}, ["Cedar School"]),
        ({"flagged": "no"}, ["Birch Academy", "Alder Primary"]),
        ({"q": "birch"}, ["Birch Academy"]),
        ({"q": "  "}, ["Birch Academy", "Alder Primary", "Cedar School"]),
        ({"q": "123456789012"}, []),
    ],
)
def test_the_list_filters_and_searches(curator_client, schools, query, expected):
    assert names(curator_client.get(OFFER_URL, query)) == expected


def test_the_list_filters_by_place_and_urn(curator_client, schools):
    york = schools["inadequate"].local_authority
    assert names(curator_client.get(OFFER_URL, {"local_authority": york.pk})) == ["Birch Academy"]
    assert names(curator_client.get(OFFER_URL, {"region": york.region.pk})) == ["Birch Academy"]
    assert names(curator_client.get(OFFER_URL, {"q": str(schools["ri"].urn)})) == ["Alder Primary"]


@pytest.mark.parametrize(
    "query",
    [{"region": "abc"}, {"local_authority": "99999999999999999999"}, {"rating": "good"}, {"flagged": "maybe"}],
)
def test_an_unknown_filter_value_is_a_form_error_not_a_failure(curator_client, schools, query):
    response = curator_client.get(OFFER_URL, query)
    assert response.status_code == 200
    assert "Correct the filters below" in response.content.decode()
    assert names(response) == ["Birch Academy", "Alder Primary", "Cedar School"]


def test_the_list_is_paginated_and_keeps_its_filters(curator_client, db):
    for number in range(55):
        SchoolFactory(name=f"School {number:02d}", ofsted_rating=School.OfstedRating.INADEQUATE)
    first = curator_client.get(OFFER_URL, {"rating": "inadequate"})
    assert len(names(first)) == 50 and "55 schools" in first.content.decode()
    assert "?rating=inadequate&amp;p=2" in first.content.decode()
    second = curator_client.get(OFFER_URL, {"rating": "inadequate", "p": "2"})
    assert names(second) == [f"School {number}" for number in range(50, 55)]
    for page in ("99", "abc", "-1"):
        assert curator_client.get(OFFER_URL, {"p": page}).status_code == 200


def test_the_list_shows_which_schools_already_have_nle_support(curator_client, schools, nles):
    services.nle_match(no_trust_match_reason=NO_TRUST, school=schools["ri"], designation=nles["near"])
    response = curator_client.get(OFFER_URL, {"nle_support": "open"})
    assert names(response) == ["Alder Primary"]
    assert "Already has open NLE support" in response.content.decode()
    assert names(curator_client.get(OFFER_URL, {"nle_support": "none"})) == ["Birch Academy", "Cedar School"]
    # Schools still waiting come first, the inadequate before those that require improvement, flagged ones last.
    assert names(curator_client.get(OFFER_URL)) == ["Birch Academy", "Cedar School", "Alder Primary"]


# ---------------------------------------------------------------------------------------------------------------------
# One school: the NLEs proposed


def test_the_match_page_proposes_nles_with_their_reasons(curator_client, schools, nles):
    SLEDesignationFactory()  # not an NLE: never proposed
    response = curator_client.get(match_url(schools["ri"]))
    assert response.status_code == 200
    proposals = response.context["proposals"]
    assert {proposal.designation for proposal in proposals} == {nles["near"], nles["other"]}
    near = next(p for p in proposals if p.designation == nles["near"])
    assert "has 6 days free this term" in near.entry.reasons
    content = response.content.decode()
    assert "Match with this NLE" in content
    assert f'name="designation" value="{nles["near"].pk}"' in content
    assert "6 days free this term" in content.replace("6 Days", "6 days")


def test_the_match_page_for_another_need_and_a_bad_one(curator_client, schools, nles):
    assert curator_client.get(match_url(schools["ri"]), {"need": "governance"}).context["need"] == "governance"
    response = curator_client.get(match_url(schools["ri"]), {"need": "specialism"})
    assert response.status_code == 200 and response.context["need"] == "leadership"
    assert "Choose a need from the list" in response.content.decode()


def test_the_match_page_for_a_school_not_eligible_or_unknown(curator_client, schools, nles):
    response = curator_client.get(match_url(schools["good"]))
    assert response.status_code == 200 and "is not eligible for the improvement offer" in response.content.decode()
    assert "Match with this NLE" not in response.content.decode()
    assert curator_client.get(reverse("admin:matching_improvement_offer_match", args=[999999])).status_code == 404


# ---------------------------------------------------------------------------------------------------------------------
# Matching


def test_a_curator_matches_an_eligible_school_with_an_nle(curator_client, curator, schools, nles):
    school = schools["inadequate"]
    response = curator_client.post(
        match_url(school),
        {
            "designation": nles["near"].pk,
            "kind": kind("nle-alone").pk,
            "no_trust_match_reason": NO_TRUST,
            "need": "leadership",
        },
    )
    deployment = Deployment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:deployments_deployment_change", args=[deployment.pk])
    page = curator_client.get(response["Location"])
    assert "Birch Academy is matched with Nia Near (NLE)" in " ".join(messages_in(page))
    assert (deployment.status, deployment.kind.code, deployment.supported_school, deployment.created_by) == (
        Deployment.Status.NEGOTIATING,
        "nle-alone",
        school,
        curator,
    )
    assert deployment.no_trust_match_reason == NO_TRUST  # why a trust match is not possible, recorded before matching
    record = deployment.negotiation_records.get()
    assert (record.kind, record.proposed_by, record.recorded_by) == ("proposal", "dfe", curator)
    # The school's page now points at the deployment instead of proposing NLEs.
    again = curator_client.get(match_url(school))
    assert again.context["existing"] == deployment and not again.context["proposals"]


def test_a_second_match_for_the_same_school_is_refused_with_a_message(curator_client, schools, nles):
    school = schools["ri"]
    services.nle_match(no_trust_match_reason=NO_TRUST, school=school, designation=nles["near"])
    before = database()
    response = curator_client.post(
        match_url(school),
        {"designation": nles["other"].pk, "kind": kind("nle-alone").pk, "no_trust_match_reason": NO_TRUST},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == match_url(school)
    assert any("Alder Primary already has NLE support" in m for m in messages_in(response))
    assert database() == before


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"designation": "abc"}, "That NLE is not in the directory"),
        ({"designation": "99999999"}, "That NLE is not in the directory"),
        ({"designation": "99999999999999999999999"}, "That NLE is not in the directory"),
        ({"designation": ""}, "Choose an NLE to match the school with"),
        ({"kind": "abc"}, "Choose a kind of NLE support from the list"),
        ({"kind": ""}, "Choose the kind of NLE support"),
        # DfE matches a school with an NLE if it "cannot be matched with an appropriate high-quality trust".
        (
            {"no_trust_match_reason": ""},
            "Enter why the school cannot be matched with an appropriate high-quality trust",
        ),
        ({"no_trust_match_reason": "x" * 2001}, "must be 2,000 characters or fewer"),
    ],
)
def test_a_bad_post_is_a_message_and_changes_nothing(curator_client, schools, nles, values, message):
    before = database()
    data = {
        "designation": nles["near"].pk,
        "kind": kind("nle-alone").pk,
        "no_trust_match_reason": NO_TRUST,
        "need": "governance",
        **values,
    }
    response = curator_client.post(match_url(schools["ri"]), data, follow=True)
    assert response.redirect_chain[-1][0] == match_url(schools["ri"]) + "?need=governance"
    assert any(message in m for m in messages_in(response)), messages_in(response)
    assert database() == before


def test_matching_a_school_not_eligible_or_with_a_non_nle_is_refused(curator_client, schools, nles):
    before = database()
    response = curator_client.post(
        match_url(schools["good"]),
        {"designation": nles["near"].pk, "kind": kind("nle-alone").pk, "no_trust_match_reason": NO_TRUST},
        follow=True,
    )
    assert any("is not eligible for the improvement offer" in m for m in messages_in(response))
    sle = SLEDesignationFactory()
    curator_client.post(
        match_url(schools["ri"]),
        {"designation": sle.pk, "kind": kind("nle-alone").pk, "no_trust_match_reason": NO_TRUST},
    )
    assert database() == before


def test_a_kind_of_other_support_is_refused(curator_client, schools, nles):
    before = database()
    response = curator_client.post(
        match_url(schools["ri"]),
        {"designation": nles["near"].pk, "kind": kind("sle-coaching").pk, "no_trust_match_reason": NO_TRUST},
        follow=True,
    )
    assert "Choose a kind of NLE support from the list" in messages_in(response)
    assert database() == before


# ---------------------------------------------------------------------------------------------------------------------
# Who may come in


def test_a_teaching_school_user_or_visitor_is_sent_to_the_admin_sign_in(client, schools, nles):
    for user in (None, UserFactory()):
        if user is not None:
            client.force_login(user)
        for response in (
            client.get(OFFER_URL),
            client.get(match_url(schools["ri"])),
            client.post(
                match_url(schools["ri"]),
                {"designation": nles["near"].pk, "kind": kind("nle-alone").pk, "no_trust_match_reason": NO_TRUST},
            ),
        ):
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not Deployment.objects.exists()


def test_staff_without_the_permissions_are_refused(client, schools, nles):
    staff = get_user_model().objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    assert client.get(OFFER_URL).status_code == 403
    assert client.get(match_url(schools["ri"])).status_code == 403
    # Allowed to look, not to match: no buttons, and a POST is refused.
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_supportflag", "view_deployment", "view_school"])
    )
    staff = get_user_model().objects.get(pk=staff.pk)
    client.force_login(staff)
    assert client.get(OFFER_URL).status_code == 200
    page = client.get(match_url(schools["ri"]))
    assert page.status_code == 200 and "Match with this NLE" not in page.content.decode()
    response = client.post(
        match_url(schools["ri"]),
        {"designation": nles["near"].pk, "kind": kind("nle-alone").pk, "no_trust_match_reason": NO_TRUST},
    )
    assert response.status_code == 403
    assert not Deployment.objects.exists()


def test_looking_changes_nothing(curator_client, schools, nles):
    before = database()
    curator_client.get(OFFER_URL)
    curator_client.get(match_url(schools["ri"]))
    assert database() == before


# ---------------------------------------------------------------------------------------------------------------------
# Schools' own requests for a match (matching.dfe_match)


def ask(school, need="governance", message="Our chair of governors has resigned and we need help."):
    request, _ = dfe_match.dfe_match_request_submit(
        school=school,
        need=need,
        message=message,
        contact_name="Jo Bloggs",
        contact_role="Headteacher",
        contact_email="jo@example.org",
    )
    return request


def test_a_schools_request_is_in_the_offer_list_in_its_words_first_among_those_waiting(curator_client, schools):
    request = ask(schools["flagged"])
    response = curator_client.get(OFFER_URL)
    # Cedar asked: before the schools rated worse that did not.
    assert names(response) == ["Cedar School", "Birch Academy", "Alder Primary"]
    content = response.content.decode()
    assert request.reference in content
    assert "Our chair of governors has resigned and we need help." in content


@pytest.mark.parametrize(("asked", "expected"), [("yes", ["Cedar School"]), ("no", ["Birch Academy", "Alder Primary"])])
def test_the_list_filters_by_whether_the_school_asked(curator_client, schools, asked, expected):
    ask(schools["flagged"])
    assert names(curator_client.get(OFFER_URL, {"asked": asked})) == expected


def test_a_bad_asked_filter_is_a_form_error(curator_client, schools):
    response = curator_client.get(OFFER_URL, {"asked": "maybe"})
    assert response.status_code == 200 and response.context["form"].errors


def test_the_match_page_shows_the_request_and_proposes_nles_for_its_need(curator_client, schools, nles):
    request = ask(schools["ri"], need="governance", message="Line one\nLine two")
    response = curator_client.get(match_url(schools["ri"]))
    assert response.context["match_request"] == request
    assert response.context["need"] == "governance"
    content = response.content.decode()
    assert "Line one\nLine two" in content and "jo@example.org" in content and request.reference in content


def test_matching_a_school_that_asked_closes_its_request_as_matched(curator_client, schools, nles):
    request = ask(schools["inadequate"], need="leadership")
    response = curator_client.post(
        match_url(schools["inadequate"]),
        {
            "designation": nles["near"].pk,
            "kind": kind("nle-alone").pk,
            "no_trust_match_reason": NO_TRUST,
            "need": "leadership",
        },
    )
    deployment = Deployment.objects.get()
    request.refresh_from_db()
    assert (request.status, request.deployment, request.closed_at is not None) == ("matched", deployment, True)
    page = curator_client.get(response["Location"])
    assert "The school's request for a match is closed as matched." in " ".join(messages_in(page))
    # The school may ask again later; the list no longer shows the closed request.
    assert request.reference not in curator_client.get(OFFER_URL).content.decode()


def test_a_refused_match_leaves_the_request_open(curator_client, schools, nles):
    request = ask(schools["ri"])
    services.nle_match(
        no_trust_match_reason=NO_TRUST, school=schools["ri"], designation=nles["near"]
    )  # already has NLE support
    curator_client.post(
        match_url(schools["ri"]),
        {"designation": nles["other"].pk, "kind": kind("nle-alone").pk, "no_trust_match_reason": NO_TRUST},
    )
    request.refresh_from_db()
    assert request.status == "open" and request.deployment is None


def test_curators_read_requests_in_the_admin_and_cannot_change_them(curator_client, schools):
    request = ask(schools["ri"])
    changelist = reverse("admin:matching_dfematchrequest_changelist")
    response = curator_client.get(changelist, {"status": "open"})
    assert response.status_code == 200 and request.reference in response.content.decode()
    page = curator_client.get(reverse("admin:matching_dfematchrequest_change", args=[request.pk]))
    assert page.status_code == 200 and "Our chair of governors has resigned" in page.content.decode()
    curator_client.post(
        reverse("admin:matching_dfematchrequest_change", args=[request.pk]), {"message": "changed", "status": "closed"}
    )
    request.refresh_from_db()
    assert request.message.startswith("Our chair") and request.status == "open"
    assert curator_client.get(reverse("admin:matching_dfematchrequest_add")).status_code == 403
