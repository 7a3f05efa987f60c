"""The "has days free this term" filter: leaders whose capacity for this term is more than 0 days."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.terms import term_containing
from roles.models import Capacity
from tests.directory.conftest import result_names

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


def record(leader, days: str, term_starts_on: datetime.date | None = None) -> Capacity:
    starts_on = term_starts_on or term_containing(timezone.localdate()).starts_on
    return Capacity.objects.create(leader=leader, term_starts_on=starts_on, days_free=Decimal(days))


def test_only_leaders_with_days_free_this_term(client, world):
    this_term = term_containing(timezone.localdate())
    last_term = term_containing(this_term.starts_on - datetime.timedelta(days=1))
    record(world.sle.leader, "4.5")
    record(world.nle.leader, "0")
    record(world.reviewer.leader, "10", term_starts_on=last_term.starts_on)

    response = client.get(SEARCH, {"availability": "days_free"})
    assert result_names(response) == ["Samir Patel"]
    page = response.content.decode()
    assert "Has days free this term" in page  # the selected-filter tag and the checked option
    assert 'value="days_free" checked' in page or 'value="days_free"  checked' in page


def test_combines_with_other_filters_and_can_be_dropped(client, world):
    record(world.sle.leader, "2")
    assert result_names(client.get(SEARCH, {"availability": "days_free", "specialism": "phonics"})) == ["Samir Patel"]
    response = client.get(SEARCH, {"availability": "days_free", "role": "nle"})
    assert response.context["result_count"] == 0
    assert "Remove the days free this term filter" in response.content.decode()


def test_an_unknown_value_is_reported_and_nothing_is_filtered(client, world):
    response = client.get(SEARCH, {"availability": "lots"})
    assert response.status_code == 200
    assert "Select capacity from the list" in response.content.decode()


def test_recording_capacity_refreshes_the_cached_search(client, world, settings, django_capture_on_commit_callbacks):
    settings.DIRECTORY_PAGE_CACHE = True
    assert "Samir Patel" not in client.get(SEARCH, {"availability": "days_free"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        record(world.sle.leader, "3")
    assert "Samir Patel" in client.get(SEARCH, {"availability": "days_free"}).content.decode()


def test_the_leader_page_shows_days_free_this_term(client, world, django_assert_max_num_queries):
    page = f"/leaders/{world.sle.leader_id}/"
    assert "Days free this term" not in client.get(page).content.decode()
    record(world.sle.leader, "4.5")
    with django_assert_max_num_queries(4):
        content = client.get(page).content.decode()
    assert "Days free this term" in content and "4.5" in content
