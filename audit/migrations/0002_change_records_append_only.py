"""The database refuses to change or delete a change record (audit.models says why SQLite still allows DELETE).

On SQLite, a migration that alters audit_changerecord rebuilds the table and loses this trigger: such a migration must
create it again (tests/audit/test_append_only.py fails if it is missing)."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION audit_change_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'Change records are never changed or deleted.'
            USING ERRCODE = 'integrity_constraint_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER change_record_append_only BEFORE UPDATE OR DELETE ON audit_changerecord
    FOR EACH ROW EXECUTE FUNCTION audit_change_record_append_only()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER change_record_append_only ON audit_changerecord",
    "DROP FUNCTION audit_change_record_append_only()",
]
SQLITE = [
    """
    CREATE TRIGGER change_record_append_only BEFORE UPDATE ON audit_changerecord
    BEGIN SELECT RAISE(ABORT, 'Change records are never changed or deleted.'); END
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER change_record_append_only"]


def statements(forwards: bool):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            sql = POSTGRESQL if forwards else POSTGRESQL_REVERSE
        elif vendor == "sqlite":
            sql = SQLITE if forwards else SQLITE_REVERSE
        else:
            sql = []
        for statement in sql:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(statements(True), statements(False), elidable=False)]
