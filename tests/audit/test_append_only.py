"""Change records are append-only: the model refuses to change or delete one, and so does the database (a trigger on
PostgreSQL for UPDATE and DELETE, on SQLite for UPDATE)."""

import pytest
from django.db import IntegrityError, connection, transaction

from audit.context import acting_as
from audit.models import ChangeRecord
from tests.factories import SystemLeaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(curator):
    with acting_as(curator, source="admin"):
        leader = SystemLeaderFactory(first_name="Hannah")
    return ChangeRecord.objects.for_object(leader).get()


def unchanged(record) -> bool:
    stored = ChangeRecord.objects.get(pk=record.pk)
    return (stored.source, stored.note, stored.changes) == ("admin", "", record.changes)


def test_the_model_refuses_to_change_or_delete_a_record(record):
    record.note = "Rewritten"
    for attempt in (
        record.save,
        record.delete,
        ChangeRecord.objects.filter(pk=record.pk).delete,
        lambda: ChangeRecord.objects.filter(pk=record.pk).update(note="Rewritten"),
        lambda: ChangeRecord.objects.bulk_update([record], ["note"]),
    ):
        with pytest.raises(IntegrityError, match="never changed or deleted"), transaction.atomic():
            attempt()
    assert unchanged(record)


def test_new_records_are_still_written(record):
    ChangeRecord.objects.create(
        content_type=record.content_type, object_id=record.object_id, object_repr="x", action="changed", source="test"
    )
    assert ChangeRecord.objects.filter(object_id=record.object_id).count() == 2


def test_the_database_refuses_an_update(record):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_changerecord SET note = 'Rewritten' WHERE id = %s", [record.pk])
    assert unchanged(record)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps DELETE for Django's test flush")
def test_the_database_refuses_a_delete(record):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_changerecord WHERE id = %s", [record.pk])
    assert unchanged(record)
