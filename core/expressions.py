"""Query expressions the ORM does not have."""

from django.db.models import JSONField, Subquery


class _ListField(JSONField):
    """A JSONList's column: PostgreSQL's `json` comes decoded by psycopg; SQLite's JSON comes as text, for
    JSONField to decode."""

    def from_db_value(self, value, expression, connection):
        return value if isinstance(value, list) else super().from_db_value(value, expression, connection)


class JSONList(Subquery):
    """A subquery's rows, in its order, as a list in one column (an empty list for no rows): a row and its short
    lists in one query rather than one query each (a designation and its SLE specialisms, a teaching school and its
    alliance's partners).

    The subquery is `....order_by(...).values(a=..., b=...)`, its columns named; each row is the list of their values
    in that order, or with one column, the value itself. Values come as JSON gives them (dates as ISO text; on SQLite,
    true and false as 1 and 0); a column that is itself a JSONList is a list within the row. PostgreSQL and SQLite
    both aggregate a sorted subquery's rows in its order. On PostgreSQL it is `json`, text as it was built, rather
    than `jsonb`, which the server builds as a tree and writes out again: a teaching school's page cost PostgreSQL
    about a sixth more CPU with it (issue #14). So it cannot be compared: no DISTINCT, GROUP BY or ORDER BY on it."""

    output_field = _ListField()

    def as_sql(self, compiler, connection, template=None, **extra_context):
        sql, params = super().as_sql(compiler, connection, template=template, **extra_context)
        columns = [
            # SQLite reads JSON from a subquery's column as text: json() makes it JSON again, not a string in the row.
            f"json(listed.{connection.ops.quote_name(name)})"
            if connection.vendor == "sqlite" and isinstance(expression.output_field, JSONField)
            else f"listed.{connection.ops.quote_name(name)}"
            for name, expression in self.query.annotation_select.items()
        ]
        if connection.vendor == "postgresql":
            row = columns[0] if len(columns) == 1 else f"json_build_array({', '.join(columns)})"
            return f"COALESCE((SELECT json_agg({row}) FROM {sql} listed), '[]'::json)", params
        row = columns[0] if len(columns) == 1 else f"json_array({', '.join(columns)})"
        return f"(SELECT json_group_array({row}) FROM {sql} listed)", params
