"""Saving loaded rows: create what is new, update only the fields that differ.

Rows are compared as plain values (from QuerySet.values()), not model instances, and written with plain
parameterised SQL: on SQLite one INSERT or UPDATE run through executemany; on PostgreSQL one INSERT ... SELECT or
UPDATE ... FROM over unnest(arrays) per batch. Django's bulk_update builds a CASE WHEN per field and row, and
bulk_create compiles every row: for the 20,188 schools they take many seconds, this a fraction of that.
Only for plain column values (no expressions, no auto_now fields)."""

from collections.abc import Hashable, Iterable

from django.db import connections, models, router

from .report import LoadSummary

BATCH_SIZE = 1_000
COLUMN_BATCH_SIZE = 5_000


def current_rows(queryset: models.QuerySet, *, key: str | tuple[str, ...], fields: Iterable[str]) -> dict:
    """{key: {"id": ..., field: value, ...}} for the rows of `queryset`; `key` is a field name or a tuple of them."""
    names = (key,) if isinstance(key, str) else key
    rows = queryset.order_by().values("id", *set(fields) | set(names))
    if isinstance(key, str):
        return {row[key]: row for row in rows}
    return {tuple(row[name] for name in key): row for row in rows}


def save_differences(
    model: type[models.Model], *, existing: dict[Hashable, dict], wanted: dict[Hashable, dict], summary: LoadSummary
) -> None:
    """Bring the database in line with `wanted` ({key: {attname: value}}), where `existing` (from current_rows) holds
    the rows already saved under the same keys. Counts created, changed and unchanged rows in `summary`. Rows in
    `existing` that are not in `wanted` are left alone."""
    to_create = []
    to_update = []
    changed_fields: set[str] = set()
    for key, values in wanted.items():
        current = existing.get(key)
        if current is None:
            to_create.append(values)
            continue
        differing = [name for name, value in values.items() if current[name] != value]
        if differing:
            changed_fields.update(differing)
            to_update.append((current["id"], values))
        else:
            summary.unchanged += 1
    insert_rows(model, to_create)
    names = sorted(changed_fields)
    update_rows(model, [(pk, [values[name] for name in names]) for pk, values in to_update], names)
    summary.created += len(to_create)
    summary.changed += len(to_update)


def insert_rows(model: type[models.Model], rows: list[dict]) -> None:
    """INSERT rows ({attname: value}); fields a row leaves out get their default."""
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    unknown = set().union(*rows) - {field.attname for field in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no field(s) {', '.join(sorted(unknown))}")
    defaults = {field.attname: field.get_default() for field in fields}
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    params = [
        [field.get_db_prep_save(row.get(field.attname, defaults[field.attname]), connection) for field in fields]
        for row in rows
    ]
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        _execute_by_columns(connection, f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays})", params)
    else:
        placeholders = ", ".join(["%s"] * len(fields))
        _execute_in_batches(connection, f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", params)


def update_rows(model: type[models.Model], rows: list[tuple[int, list]], names: list[str]) -> None:
    """UPDATE the named fields (attnames) of rows given as (primary key, [value for each name])."""
    if not rows or not names:
        return
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_attname[name] for name in names]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table, primary_key = quote(model._meta.db_table), model._meta.pk
    params = [
        [pk] + [field.get_db_prep_save(value, connection) for field, value in zip(fields, values, strict=True)]
        for pk, values in rows
    ]
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in [primary_key, *fields])
        names_sql = ", ".join(["pk", *(f"v{position}" for position in range(len(fields)))])
        assignments = ", ".join(f"{quote(field.column)} = new.v{position}" for position, field in enumerate(fields))
        sql = (
            f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS new({names_sql}) "
            f"WHERE {table}.{quote(primary_key.column)} = new.pk"
        )
        _execute_by_columns(connection, sql, params)
    else:
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        sql = f"UPDATE {table} SET {assignments} WHERE {quote(primary_key.column)} = %s"
        _execute_in_batches(connection, sql, [row[1:] + row[:1] for row in params])


def _execute_in_batches(connection, sql: str, params: list[list]) -> None:
    """executemany: SQLite runs it as fast as one statement."""
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH_SIZE):
            cursor.executemany(sql, params[start : start + BATCH_SIZE])


def _execute_by_columns(connection, sql: str, params: list[list]) -> None:
    """PostgreSQL: one statement per batch, each column's values passed as one array (for unnest), so the statement
    has a handful of parameters however many rows it writes."""
    with connection.cursor() as cursor:
        for start in range(0, len(params), COLUMN_BATCH_SIZE):
            columns = [list(column) for column in zip(*params[start : start + COLUMN_BATCH_SIZE], strict=True)]
            cursor.execute(sql, columns)
