"""Portal writes sent at the same instant, as two members of staff (or a double click) would: real requests to the
live server on PostgreSQL. Each one is saved once or refused with a message, never a server error."""

import pytest

from deployments.models import Deployment
from directory.models import Listing
from roles.models import Designation, Role
from tests.concurrency import at_once, requires_postgresql, signed_in_session
from tests.factories import SchoolFactory
from tests.portal.conftest import build_teaching_school, specialism
from tests.portal.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), requires_postgresql]


@pytest.fixture
def a(transactional_db):
    return build_teaching_school("A")


def designation(**values) -> dict:
    return {
        "designated_on_day": "1",
        "designated_on_month": "9",
        "designated_on_year": "2024",
        "specialisms": [str(specialism("maths").pk)],
        **values,
    }


def new_person(last_name: str, school) -> dict:
    return designation(
        person="new",
        first_name="Priya",
        last_name=last_name,
        email=f"{last_name.lower()}@school.example",
        school=str(school.urn),
    )


def test_two_members_of_staff_designating_new_people_at_once_both_save(live_server, a):
    colleague = UserFactory(username="colleague-a@school.example")
    MembershipFactory(user=colleague, school=a.school)
    school = SchoolFactory()
    sessions = [signed_in_session(live_server, a.user), signed_in_session(live_server, colleague)]

    responses = at_once(
        [
            lambda s=session, n=n: s.post("/portal/sles/new/", new_person(f"Shah{n}", school))
            for n, session in enumerate(sessions * 2)
        ]
    )

    assert [response.status for response in responses] == [302] * 4
    designated = Designation.objects.filter(teaching_school=a.school, leader__last_name__startswith="Shah")
    assert designated.count() == 4
    assert Listing.objects.filter(holder_school=a.school).count() <= 1
    assert Listing.objects.filter(leader__last_name__startswith="Shah").count() == 4


def test_designating_the_same_person_twice_at_once_saves_one_and_says_why_on_the_other(live_server, a):
    session = signed_in_session(live_server, a.user)
    data = designation(person="existing", existing_leader=str(a.lle.leader.pk))

    responses = at_once([lambda: session.post("/portal/sles/new/", data) for _ in range(4)])

    assert sorted(response.status for response in responses) == [200, 200, 200, 302]
    for response in responses:
        if response.status == 200:
            assert "There is a problem" in response.text
            assert "already holds this role" in response.text
    assert Designation.objects.filter(leader=a.lle.leader, role_id=Role.Code.SLE).count() == 1


def test_placing_an_sle_twice_at_once_stores_one_placement(live_server, a):
    session = signed_in_session(live_server, a.user)
    form = session.get("/portal/placements/new/")
    assert form.status == 200
    data = placement_data(a, token=_form_token(form.text))
    placements_before = Deployment.objects.count()

    responses = at_once([lambda: session.post("/portal/placements/new/", data) for _ in range(4)])

    assert [response.status for response in responses] == [302] * 4
    assert Deployment.objects.count() == placements_before + 1


def _form_token(page: str) -> str:
    import re

    match = re.search(r'name="submission_token" value="([^"]+)"', page)
    assert match, "the placement form carries a one-time token"
    return match.group(1)


def placement_data(a, *, token: str) -> dict:
    from deployments.models import DeploymentKind

    return {
        "submission_token": token,
        "lead": str(a.sle.pk),
        "kind": str(DeploymentKind.objects.get(code="sle-joint-action-planning").pk),
        "supported_school": str(SchoolFactory().urn),
        "focus_specialism": str(specialism("english").pk),
        "requested_on_day": "3",
        "requested_on_month": "2",
        "requested_on_year": "2025",
        "total_days": "30",
        "sle_support": "one_to_one",
    }
