"""The restore drill of the README's "Backups": dump the database with `pg_dump -Fc`, restore it into a fresh
database with `pg_restore`, and check that every table has the same number of rows and that sampled records are
identical. PostgreSQL only (CI runs the suite on PostgreSQL as well as SQLite)."""

import glob
import os
import shutil
import subprocess

import pytest
from django.db import connection

from tests.factories import (
    DesignationFactory,
    SLEDesignationFactory,
    TeachingSchoolAllianceFactory,
    TeachingSchoolDesignationFactory,
)

SAMPLED_TABLES = ("roles_systemleader", "roles_designation", "schools_school", "roles_role", "roles_specialism")


def postgres_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None:
        pytest.fail(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def connection_arguments() -> tuple[list[str], dict[str, str]]:
    database = connection.settings_dict
    arguments = []
    if database["HOST"]:
        arguments += ["--host", database["HOST"]]
    if database["PORT"]:
        arguments += ["--port", str(database["PORT"])]
    if database["USER"]:
        arguments += ["--username", database["USER"]]
    env = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    return arguments, env


def run(tool: str, *arguments: str) -> None:
    connect, env = connection_arguments()
    result = subprocess.run(
        [postgres_tool(tool), *connect, *arguments], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{tool} failed: {result.stderr}"


def table_contents(cursor, tables: list[str]) -> tuple[dict[str, int], dict[str, list[tuple]]]:
    counts, samples = {}, {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
        if table in SAMPLED_TABLES:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1 LIMIT 50')
            samples[table] = cursor.fetchall()
    return counts, samples


@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_into_a_fresh_database_with_every_row(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the restore drill needs PostgreSQL (pg_dump/pg_restore); this run uses SQLite")
    import psycopg

    SLEDesignationFactory.create_batch(3)
    DesignationFactory.create_batch(2)
    TeachingSchoolDesignationFactory()
    TeachingSchoolAllianceFactory()

    source = connection.settings_dict["NAME"]
    restored = f"{source}_restore_drill"
    dump = tmp_path / "backup.dump"
    run("pg_dump", "--format=custom", "--file", str(dump), source)
    run("dropdb", "--if-exists", restored)
    run("createdb", restored)
    try:
        run("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", restored, str(dump))

        tables = sorted(connection.introspection.table_names())
        with connection.cursor() as cursor:
            counts, samples = table_contents(cursor, tables)
        database = connection.settings_dict
        with (
            psycopg.connect(
                dbname=restored,
                host=database["HOST"] or None,
                port=database["PORT"] or None,
                user=database["USER"] or None,
                password=database["PASSWORD"] or None,
            ) as restored_connection,
            restored_connection.cursor() as cursor,
        ):
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            assert [row[0] for row in cursor.fetchall()] == tables
            restored_counts, restored_samples = table_contents(cursor, tables)

        assert restored_counts == counts
        assert counts["roles_designation"] == 6
        assert counts["roles_role"] > 0
        assert restored_samples == samples
    finally:
        run("dropdb", "--if-exists", restored)
