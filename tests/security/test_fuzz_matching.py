"""Property-based fuzzing of the "ask for support" pages: generated query strings and form posts never give a 500,
and nothing is written except by sending a valid enquiry (a valid details form keeps a draft in the session, which
is not the directory's data). HYPOTHESIS_MAX_EXAMPLES sets the number of examples per test."""

from urllib.parse import urlencode

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from matching.models import Enquiry
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.security.test_fuzz_public import assert_no_server_error, fuzz_settings, raw_tails, row_counts, values

PATHS = [
    "/ask-for-support/",
    "/ask-for-support/school/",
    "/ask-for-support/schools.json",
    "/ask-for-support/need/",
    "/ask-for-support/specialism/",
    "/ask-for-support/shortlist/",
    "/ask-for-support/enquiry/",
    "/ask-for-support/enquiry/ENQ-AAAA2222/check/",
    "/ask-for-support/enquiry/ENQ-AAAA2222/sent/",
    "/ask-for-support/leaders/1/",
    "/ask-for-support/teaching-schools/107890/",
    "/ask-for-support/your-enquiry/not-a-token/",
    "/ask-for-support/respond/not-a-token/",
]
NAMES = ["q", "urn", "need", "specialism", "answered", "to", "chosen", "from", "draft", "response", "decline_reason"]
REAL = [
    "107885",
    "107890",
    "107889",
    "100000",
    "specialism",
    "leadership",
    "governance",
    "pupil_premium",
    "financial_health",
    "phonics",
    "maths",
    "1",
    "LS6 1EN",
    "LS6",
    "brudenell",
    "ENQ-AAAA2222",
    "leader:1",
    "school:107890",
    "directory",
]
FIELDS = ["contact_name", "contact_role", "contact_email", "contact_telephone", "message"]

journey_values = st.one_of(st.sampled_from(REAL), values)
journey_pairs = st.lists(st.tuples(st.one_of(st.sampled_from(NAMES), st.text(max_size=5)), journey_values), max_size=8)
form_pairs = st.lists(st.tuples(st.one_of(st.sampled_from(FIELDS), st.text(max_size=5)), values), max_size=8)


def data_counts() -> dict[str, int]:
    counts = row_counts()
    counts.pop(Session._meta.label)
    return counts


@pytest.fixture
def before(world):  # noqa: F811
    return data_counts()


@pytest.mark.django_db
@fuzz_settings
@given(path=st.sampled_from(PATHS), pairs=journey_pairs, tail=raw_tails)
def test_journey_pages_survive_any_query_string(before, client, path, pairs, tail):
    cache.clear()
    url = f"{path}?{urlencode(pairs)}{tail}"
    assert_no_server_error(client.get(url), url)
    assert data_counts() == before


@pytest.mark.django_db
@fuzz_settings
@given(
    path=st.sampled_from(["/ask-for-support/enquiry/", "/ask-for-support/enquiry/ENQ-AAAA2222/check/"]),
    pairs=journey_pairs,
    form=form_pairs,
    real_journey=st.booleans(),
)
def test_enquiry_forms_survive_any_post(before, world, path, pairs, form, real_journey):  # noqa: F811
    cache.clear()
    if real_journey:
        pairs = [
            ("urn", "107885"),
            ("need", "specialism"),
            ("specialism", "phonics"),
            ("to", f"leader:{world.sle.leader_id}"),
        ]
    url = f"{path}?{urlencode(pairs)}"
    response = Client().post(url, dict(form))
    assert_no_server_error(response, url)
    assert data_counts() == before
    assert Enquiry.objects.count() == 0
