"""Property-based fuzzing of the portal forms: a signed-in teaching school user posts generated data (a valid post
with some fields replaced, dropped or added, to its own records or to another school's) to every form. Never a 500;
and whatever is refused leaves the database exactly as it was. HYPOTHESIS_MAX_EXAMPLES sets the number of examples."""

import os

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deployments.models import DeploymentKind
from roles.models import Specialism
from tests.factories import SchoolFactory
from tests.portal.conftest import a, b, database_state  # noqa: F401  (fixtures)

MAX_EXAMPLES = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "300"))

fuzz_settings = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=os.environ.get("HYPOTHESIS_DERANDOMIZE", "1") == "1",
    database=None,
)

FORMS = [
    "sle_create",
    "lle_create",
    "sle_end",
    "sle_specialisms",
    "sle_capacity",
    "placement_create",
    "negotiation_create",
    "placement_status",
]

JUNK = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "9",
    "12",
    "13",
    "29",
    "31",
    "32",
    "1900",
    "2024",
    "9999",
    "10000",
    "99999999999999999999999",
    "1e3",
    "NaN",
    "Infinity",
    "-0.5",
    "0.001",
    "£350",
    "£-1",
    "1,250",
    "new",
    "existing",
    "proposal",
    "agreement",
    "teaching_school",
    "supported_school",
    "dfe",
    "active",
    "completed",
    "cancelled",
    "agreed",
    "stepped_down",
    "lapsed",
    "block",
    "days_per_week",
    "face_to_face",
    "\x00",
    "<script>",
]


def baselines(a, b) -> dict[str, dict]:  # noqa: F811
    """A valid post for each form, and the records a form may be aimed at (A's own and B's)."""
    maths, english = (str(Specialism.objects.get(slug=slug).pk) for slug in ("maths", "english"))
    school = str(SchoolFactory(urn=654321).urn)
    forms = {
        "sle_create": {
            "person": "new",
            "first_name": "Priya",
            "last_name": "Shah",
            "email": "priya.shah@school.example",
            "job_title": "Head of maths",
            "school": school,
            "designated_on_day": "1",
            "designated_on_month": "9",
            "designated_on_year": "2024",
            "review_due_day": "1",
            "review_due_month": "9",
            "review_due_year": "2027",
            "specialisms": [maths, english],
            "existing_leader": str(a.lle.leader.pk),
        },
        "sle_end": {"ended_on_day": "31", "ended_on_month": "8", "ended_on_year": "2025", "reason": "stepped_down"},
        "sle_specialisms": {"specialisms": [maths]},
        "sle_capacity": {"term_0": "4.5", "term_1": "0"},
        "placement_create": {
            "lead": str(a.sle.pk),
            "kind": str(DeploymentKind.objects.get(code="sle-joint-action-planning").pk),
            "sle_support": "group",
            "supported_school": school,
            "focus_specialism": english,
            "requested_on_day": "3",
            "requested_on_month": "2",
            "requested_on_year": "2025",
            "organisations": ["involves_local_authority"],
            "total_days": "30",
            "pattern": "days_per_week",
            "days_per_week_min": "2",
            "days_per_week_max": "3",
            "period_weeks": "12",
            "channels": ["face_to_face"],
            "time_notes": "Tuesdays and Thursdays",
        },
        "negotiation_create": {
            "kind": "proposal",
            "proposed_by": "teaching_school",
            "recorded_on_day": "15",
            "recorded_on_month": "1",
            "recorded_on_year": "2024",
            "day_rate_pence": "£350",
            "days": "6",
            "free_days": "1",
            "payer": "supported_school",
            "notes": "",
        },
        "placement_status": {
            "to_status": "active",
            "on_day": "1",
            "on_month": "3",
            "on_year": "2024",
            "completed_outcome": "",
            "cancelled_outcome": "",
            "outcome_notes": "",
        },
    }
    forms["lle_create"] = {key: value for key, value in forms["sle_create"].items() if key != "specialisms"}
    return forms


def targets(name: str, a, b) -> list:  # noqa: F811
    if name in ("sle_end", "sle_specialisms", "sle_capacity"):
        return [a.sle, a.lle, b.sle]
    if name in ("negotiation_create", "placement_status"):
        return [a.placement, a.agreed, b.agreed]
    return [None]


text_value = st.one_of(
    st.sampled_from(JUNK),
    st.text(max_size=30),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), max_size=5),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(alphabet="a9 ", min_size=1000, max_size=20_000),
)
field_value = st.one_of(text_value, st.lists(text_value, max_size=4))


@pytest.fixture
def portal(a, b):  # noqa: F811
    client = Client()
    client.force_login(a.user)
    return client, baselines(a, b)


@pytest.mark.django_db
@fuzz_settings
@given(
    name=st.sampled_from(FORMS),
    target_index=st.integers(min_value=0, max_value=2),
    replaced=st.dictionaries(st.text(max_size=20), field_value, max_size=4),
    mutated=st.data(),
)
def test_portal_forms_survive_any_post(portal, a, b, name, target_index, replaced, mutated):  # noqa: F811
    client, valid = portal
    data = dict(valid[name])
    keys = sorted(data)
    for key in mutated.draw(st.lists(st.sampled_from(keys), max_size=len(keys), unique=True), label="changed"):
        data[key] = mutated.draw(field_value, label=key)
    for key in mutated.draw(st.lists(st.sampled_from(keys), max_size=3, unique=True), label="dropped"):
        data.pop(key, None)
    data |= replaced
    choices = targets(name, a, b)
    target = choices[target_index % len(choices)]
    url = reverse(f"portal:{name}", args=[target.pk] if target else [])

    with transaction.atomic():
        before = database_state()
        response = client.post(url, data)
        assert response.status_code < 500, f"{response.status_code} for {url} {data!r}"
        if response.status_code != 302:
            assert database_state() == before, f"written though refused ({response.status_code}): {url} {data!r}"
        if target in (b.sle, b.agreed):
            assert response.status_code in (403, 404), f"reached B's record: {url}"
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("number", ["2147483648", "99999999999999999999999"])
def test_a_number_too_big_for_the_database_in_any_field_is_refused(portal, a, b, name, number):  # noqa: F811
    """Found by the fuzzing: a day of 2147483648 overflowed datetime.date, and a specialism id beyond 64 bits
    overflowed the database driver in the `__in` lookup; both were 500s."""
    client, valid = portal
    target = targets(name, a, b)[0]
    url = reverse(f"portal:{name}", args=[target.pk] if target else [])
    for key in valid[name]:
        for person in ("new", "existing"):
            with transaction.atomic():
                before = database_state()
                response = client.post(url, valid[name] | {"person": person, key: number})
                assert response.status_code < 500, (key, person)
                if response.status_code != 302:
                    assert database_state() == before, (key, person)
                transaction.set_rollback(True)
