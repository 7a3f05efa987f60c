"""The bounded load test (bench/soak.py, also `make soak`) as part of the suite: the site under gunicorn with
production settings holds the URL mix for a few minutes on loopback with zero errors and flat worker memory.

It needs PostgreSQL, so it runs in CI's PostgreSQL run and is skipped on SQLite. It builds its own database beside
the one DATABASE_URL names (migrate, reference data, postcodes, demo data: about 35 s), soaks the site for
SOAK_SECONDS (150 unless set), and drops the database and stops gunicorn however it ends."""

import os

import pytest
from django.db import connection

from bench import soak

SECONDS = float(os.environ.get("SOAK_SECONDS", 150))
WARM_UP = 60  # seconds of load before memory counts: the workers grow for about a minute, then hold
MAX_GROWTH = 0.15

pytestmark = pytest.mark.slow


def test_the_site_holds_the_url_mix_with_zero_errors_and_flat_memory(capsys):
    if connection.vendor != "postgresql":
        pytest.skip("the soak needs PostgreSQL (set DATABASE_URL); this run uses SQLite")
    with soak.throwaway_database(os.environ["DATABASE_URL"]) as database_url:
        soak.build(database_url)
        result = soak.soak_site(database_url, seconds=SECONDS, warm_up=min(WARM_UP, SECONDS / 3), max_growth=MAX_GROWTH)
    with capsys.disabled():
        print(f"\nsoak: {result.summary()}")
    assert result.requests > 0
    assert result.error_count == 0, result.summary()
    assert result.restarted_workers == 0, result.summary()
    assert result.memory()[2] <= MAX_GROWTH, result.summary()
