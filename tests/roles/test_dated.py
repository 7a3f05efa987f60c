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
