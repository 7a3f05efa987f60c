"""Property-based fuzzing of every public page: generated query strings and path ids never give a 500, and a visit
never writes anything. HYPOTHESIS_MAX_EXAMPLES sets the number of examples per test (`make fuzz` runs thousands)."""

import os
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory import options
from directory.guidance import BY_SLUG
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)

MAX_EXAMPLES = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "300"))

fuzz_settings = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=os.environ.get("HYPOTHESIS_DERANDOMIZE", "1") == "1",
    database=None,
)

FILTER_NAMES = [
    "q",
    "postcode",
    "radius",
    "region",
    "la",
    "hub_area",
    "role",
    "specialism",
    "phase",
    "status",
    "sort",
    "page",
]

REAL_VALUES = [
    "",
    "LS6 1EN",
    "ls61en",
    "LS6",
    "EC3A 5DE",
    "SW1A 1AA",
    "ZZ99 9ZZ",
    "1",
    "3",
    "10",
    "50",
    "51",
    "0",
    "-1",
    "E12000003",
    "E12000007",
    "383",
    "201",
    "nle",
    "sle",
    "nlg",
    "teaching_school",
    "pupil_premium_reviewer",
    "maths",
    "phonics",
    "primary",
    "secondary",
    "all_through",
    "current",
    "all",
    "distance",
    "name",
    "recent",
    "last",
    "2",
    "999999",
    "107885",
    "Brudenell",
    "Patel",
    "%",
    "_",
    "'; DROP TABLE roles_designation; --",
    "<script>alert(1)</script>",
]

PUBLIC_PATHS = [
    "/",
    "/search/",
    "/search/results.csv",
    "/search/results.json",
    "/guidance/",
    "/healthcheck/",
]

control_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), max_size=10)
values = st.one_of(
    st.sampled_from(REAL_VALUES),
    st.text(max_size=40),
    control_text,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(alphabet="aZ9 %&=", min_size=1000, max_size=5000),
    st.builds(lambda real, junk: real + junk, st.sampled_from(REAL_VALUES), st.text(max_size=5)),
)
keys = st.one_of(st.sampled_from(FILTER_NAMES), st.sampled_from(FILTER_NAMES).map(lambda k: k + "[]"), st.text())
pairs = st.lists(st.tuples(keys, values), max_size=12)
# Now and then, raw bytes no form would send: bad percent-escapes, lone separators, invalid UTF-8.
raw_tails = st.sampled_from(["", "&", "&&=", "%", "%zz", "%ff%fe", "=%C0%80", "&page=%00", "&q=%ED%A0%80", ";a=b"])


def query_string(pairs, tail) -> str:
    return urlencode(pairs) + tail


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def get(client: Client, path: str):
    """A fresh page every time: the page cache and the filter-option cache would otherwise hide a failing path."""
    cache.clear()
    options.forget_filter_options()
    return client.get(path)


def assert_no_server_error(response, path):
    assert response.status_code < 500, f"{response.status_code} for {path!r}"


@pytest.fixture
def before(world):  # noqa: F811
    return row_counts()


@pytest.mark.django_db
@fuzz_settings
@given(path=st.sampled_from(PUBLIC_PATHS), pairs=pairs, tail=raw_tails)
def test_public_pages_survive_any_query_string(before, client, path, pairs, tail):
    url = f"{path}?{query_string(pairs, tail)}"
    assert_no_server_error(get(client, url), url)
    assert row_counts() == before


@pytest.mark.django_db
@fuzz_settings
@given(
    kind=st.sampled_from(["leaders", "schools", "teaching-schools"]),
    ident=st.one_of(
        st.sampled_from([0, 1, 107885, 107890, 100000]),
        st.integers(min_value=0, max_value=10**30),
    ),
    pairs=pairs,
)
def test_detail_pages_survive_any_id(before, world, client, kind, ident, pairs):  # noqa: F811
    if kind == "leaders" and ident == 1:
        ident = world.nle.leader.pk
    url = f"/{kind}/{ident}/?{urlencode(pairs)}"
    assert_no_server_error(get(client, url), url)
    assert row_counts() == before


@pytest.mark.django_db
@fuzz_settings
@given(
    slug=st.one_of(
        st.sampled_from(sorted(BY_SLUG)),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=300),
        st.text(min_size=1, max_size=40).map(lambda s: quote(s, safe="")),
    ),
    pairs=pairs,
)
def test_guidance_pages_survive_any_slug(before, client, slug, pairs):
    url = f"/guidance/{slug}/?{urlencode(pairs)}"
    assert_no_server_error(get(client, url), url)
    assert row_counts() == before
