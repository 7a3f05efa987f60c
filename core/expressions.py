"""Query expressions the ORM does not have."""

from django.db.models import JSONField, Subquery


class TextList(Subquery):
    """The `item` column of a subquery's rows, in the subquery's order, as a list in one column (an empty list for no
    rows): a row and its short list of names in one query rather than two (a designation and its SLE specialisms).
    The subquery is `....order_by(...).values(item=...)`; its order is the list's (PostgreSQL and SQLite both
    aggregate a sorted subquery's rows in its order)."""

    output_field = JSONField()

    def as_sql(self, compiler, connection, template=None, **extra_context):
        sql, params = super().as_sql(compiler, connection, template=template, **extra_context)
        if connection.vendor == "postgresql":
            return f"COALESCE((SELECT jsonb_agg(listed.item) FROM {sql} listed), '[]'::jsonb)", params
        return f"(SELECT json_group_array(listed.item) FROM {sql} listed)", params
