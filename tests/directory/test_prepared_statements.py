"""PostgreSQL plans a page's statements once per connection (support_directory/settings/database.py): a second
leader's page runs the same prepared statements with new values (issue #14)."""

import pytest
from django.db import connection

from tests.concurrency import requires_postgresql
from tests.factories import DesignationFactory

pytestmark = [pytest.mark.django_db, requires_postgresql]


def prepared_statements() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared_statements%'"
        )
        return cursor.fetchone()[0]


def test_a_second_page_of_a_kind_reuses_the_statements_of_the_first(client, world):
    leaders = [DesignationFactory().leader for _ in range(4)]
    for leader in leaders[:3]:
        assert client.get(f"/leaders/{leader.pk}/").status_code == 200
    prepared = prepared_statements()

    assert client.get(f"/leaders/{leaders[3].pk}/").status_code == 200

    assert prepared > 0
    assert prepared_statements() == prepared
