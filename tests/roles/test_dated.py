"""roles.dated: the queries and the single-object checks give the same answer on every day around each date."""

import datetime

import pytest

from roles import dated
from roles.models import Designation
from tests.factories import DesignationFactory

START = datetime.date(2024, 1, 10)


@pytest.fixture
def designations(db):
    return [
        DesignationFactory(designated_on=START),
        DesignationFactory(designated_on=START, ended_on=START + datetime.timedelta(days=5), end_reason="stepped_down"),
        DesignationFactory(designated_on=START, paused_on=START + datetime.timedelta(days=3), pause_reason="Leave"),
        DesignationFactory(
            designated_on=START,
            paused_on=START + datetime.timedelta(days=2),
            pause_reason="Leave",
            ended_on=START + datetime.timedelta(days=4),
            end_reason="stepped_down",
        ),
    ]


@pytest.mark.parametrize(
    ("query", "check"),
    [("not_ended", dated.is_not_ended), ("in_force", dated.is_in_force), ("current", dated.is_current)],
)
def test_the_query_and_the_single_object_agree(designations, query, check):
    for offset in range(-1, 8):
        on = START + datetime.timedelta(days=offset)
        queried = set(getattr(Designation.objects.filter(pk__in=[d.pk for d in designations]), query)(on))
        assert queried == {d for d in designations if check(d, on)}, (query, on)


def test_what_each_date_means(designations):
    plain, ended, paused, _ = designations
    day = datetime.timedelta(days=1)
    assert not dated.is_in_force(plain, START - day) and dated.is_current(plain, START)
    assert dated.is_current(ended, START + 4 * day) and not dated.is_not_ended(ended, START + 5 * day)
    assert dated.is_in_force(paused, START + 3 * day) and not dated.is_current(paused, START + 3 * day)


def _dated(designated_on, ended_on=None, paused_on=None):
    return Designation(designated_on=designated_on, ended_on=ended_on, paused_on=paused_on)


def test_current_runs_join_what_overlaps_or_follows_on_and_keep_the_gaps():
    day = datetime.timedelta(days=1)
    runs = dated.current_runs(
        [
            _dated(START + 20 * day),  # open-ended, and takes in the one after it
            _dated(START, ended_on=START + 5 * day),
            _dated(START + 5 * day, paused_on=START + 8 * day),  # follows on from the first: one run
            _dated(START + 25 * day, ended_on=START + 30 * day),
            _dated(START + 12 * day, paused_on=START + 12 * day),  # paused on the day it starts: never current
            _dated(START + 3 * day, ended_on=START + 4 * day),  # inside the first
        ]
    )
    assert runs == [(START, START + 8 * day), (START + 20 * day, None)]


def test_current_runs_agree_with_is_current_on_every_day():
    day = datetime.timedelta(days=1)
    items = [
        _dated(START, ended_on=START + 3 * day),
        _dated(START + 5 * day, paused_on=START + 6 * day),
        _dated(START + 9 * day, ended_on=START + 10 * day, paused_on=START + 12 * day),
    ]
    runs = dated.current_runs(items)
    for offset in range(-2, 15):
        on = START + offset * day
        in_a_run = any(start <= on and (until is None or on < until) for start, until in runs)
        assert in_a_run == any(dated.is_current(item, on) for item in items), on


def test_nothing_current_has_no_runs():
    assert dated.current_runs([]) == []
    assert dated.current_runs([_dated(START, ended_on=START)]) == []
