"""Reads whose SQL Django builds and compiles once per process, then runs with new values.

A page's reads have the same shape every time; only the values differ (this leader, this school, this term). Building
and compiling a queryset costs Django several times what the database takes to run it (a leader's designations: 1.6 ms
to build and compile, 0.2 ms to run, issue #14), so a `PreparedRead` keeps the compiled SQL of the queryset its
function builds and gives each call a compiler that answers with that SQL and the call's values. The rows become model
instances (or values) through Django's own iterables, as the queryset would give them.

No maintained library does this (django-prepared-queries stopped at Django 2.1), so it is ours; README "Performance".
It leans on the compiler keeping what it worked out (select, klass_info, annotation_col_map, col_count,
has_extra_select) after as_sql(), as Django 5.2 does: tests/core/test_prepared.py compares every prepared read with
the queryset it was built from, on SQLite and on PostgreSQL.

The values a function takes must be whole numbers, dates, strings or lists of ids (`Ids`), each used as the value of
a lookup (not inside a LIKE, not transformed), so that the compiled parameters hold them as given, and the SQL's shape
must not depend on them; both are checked when first compiled (it is compiled with two sets of placeholders). The
function must build from its arguments alone: a value it reads itself (today's date, a setting) would be compiled in
for good."""

import datetime
import enum
import inspect
import itertools
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Placeholders no real value is: compiled in place of the arguments, then found among the compiled parameters. Whole
# numbers in range of a positive 32-bit column, which Django 5 compiles to no SQL for a value out of its range.
_FIRST_PLACEHOLDER_INT = 1_987_654_321
_FIRST_PLACEHOLDER_DATE = datetime.date(1, 1, 1)
_PLACEHOLDER_TEXT = "core.prepared placeholder "

_COMPILER_STATE = ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select")


class PreparedReadError(Exception):
    """A prepared read's function builds SQL whose parameters cannot be put back from its arguments."""


@dataclass(frozen=True)
class Ids:
    """An argument of whole numbers for an `__in` lookup: 1 to `size` of them are sent as `size` parameters (the last
    one repeated), so that the SQL has one shape; none or more than `size` run the queryset built for them."""

    size: int


Kind = type | Ids


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    sql: str
    params: tuple
    # For each value the arguments are flattened to, the positions in params that hold it.
    positions: tuple[tuple[int, ...], ...]
    state: dict
    # What turns each column's value into Python, as results_iter() would work it out on every run (a leader's row of
    # 80 columns: a third of a millisecond).
    converters: dict


class PreparedRead:
    """`PreparedRead(build, kinds=...)(*values)` is `list(build(*values))`, compiled by Django once per process and
    database. Each argument's kind is int, datetime.date, str or Ids(size)."""

    def __init__(self, build: Callable[..., QuerySet], *, kinds: tuple[Kind, ...]):
        parameters = inspect.signature(build).parameters.values()
        takes_any = any(parameter.kind is parameter.VAR_POSITIONAL for parameter in parameters)
        if not takes_any and len(parameters) != len(kinds):
            raise PreparedReadError(f"{build.__qualname__}: one kind (int, datetime.date, str or Ids) per argument")
        self.build = build
        self.kinds = kinds
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, *values, using: str = DEFAULT_DB_ALIAS) -> list:
        if any(not _preparable(value, kind) for value, kind in zip(values, self.kinds, strict=True)):
            # No ids, more than the prepared SQL takes (a download's chunk), or a whole number past a 32-bit column
            # (an address's id: Django finds no row for it without asking the database): the queryset itself.
            return list(self.build(*values).using(using))
        compiled = self._compiled.get(using) or self._compile(using)
        return list(_run(compiled, self._params(compiled, values, using), using))

    def sql_with_params(self, *values, using: str = DEFAULT_DB_ALIAS) -> tuple[str, tuple]:
        """The compiled SQL and its parameters for these values, to run inside other SQL (as a subquery)."""
        compiled = self._compiled.get(using) or self._compile(using)
        return compiled.sql, self._params(compiled, values, using)

    def _params(self, compiled: _Compiled, values: tuple, using: str) -> tuple:
        params = list(compiled.params)
        flat = self._flatten(values, connections[using])
        for value, positions in zip(flat, compiled.positions, strict=True):
            for position in positions:
                params[position] = value
        return tuple(params)

    def _flatten(self, values, connection) -> list:
        """The arguments as the compiled parameters hold them, each Ids argument as `size` values."""
        if len(values) != len(self.kinds):
            raise TypeError(f"{self.build.__qualname__} takes {len(self.kinds)} arguments")
        flat = []
        whole = _whole_numbers_for(connection)
        for value, kind in zip(values, self.kinds, strict=True):
            if isinstance(kind, Ids):
                ids = list(value)
                if not 1 <= len(ids) <= kind.size or not all(_is_int(pk) for pk in ids):
                    raise TypeError(f"{self.build.__qualname__}: {value!r} is not 1 to {kind.size} whole numbers")
                flat.extend(map(whole, ids + [ids[-1]] * (kind.size - len(ids))))
            elif kind is int and _is_int(value):
                flat.append(whole(value))
            elif kind is str and isinstance(value, str):
                flat.append(value)
            elif kind is datetime.date and isinstance(value, datetime.date):
                flat.append(connection.ops.adapt_datefield_value(value))
            else:
                raise TypeError(f"{self.build.__qualname__}: {value!r} is not a {getattr(kind, '__name__', kind)}")
        return flat

    def _compile(self, using: str) -> _Compiled:
        with self._lock:
            if using in self._compiled:
                return self._compiled[using]
            placeholders = _placeholders(self.kinds)
            queryset = self.build(*placeholders)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            positions = []
            for placeholder in self._flatten(placeholders, connections[using]):
                found = tuple(index for index, param in enumerate(params) if param == placeholder)
                if not found:
                    raise PreparedReadError(
                        f"{self.build.__qualname__}: an argument is not a parameter of its SQL ({placeholder!r})"
                    )
                positions.append(found)
            others = _placeholders(self.kinds, start=len(positions))
            other_sql, other_params = self.build(*others).query.get_compiler(using=using).as_sql()
            expected = list(params)
            for value, at in zip(self._flatten(others, connections[using]), positions, strict=True):
                for position in at:
                    expected[position] = value
            if other_sql != sql or list(other_params) != expected:
                raise PreparedReadError(f"{self.build.__qualname__}: its SQL changes with its arguments' values")
            compiled = _Compiled(
                queryset=queryset,
                sql=sql,
                # A choice (a role's code) as its plain value: psycopg looks an Enum's type up through its classes,
                # raising and catching a KeyError at each, on every run (3 µs a value).
                params=tuple(param.value if isinstance(param, enum.Enum) else param for param in params),
                positions=tuple(positions),
                state={name: getattr(compiler, name) for name in _COMPILER_STATE},
                converters=compiler.get_converters([column[0] for column in compiler.select[0 : compiler.col_count]]),
            )
            self._compiled[using] = compiled
            return compiled


def prepared_read(*kinds: Kind) -> Callable[[Callable[..., QuerySet]], PreparedRead]:
    """Decorator: `@prepared_read(int)` over a function that builds a queryset from one whole number."""
    return lambda build: PreparedRead(build, kinds=kinds)


def _whole_numbers_for(connection) -> Callable[[int], int]:
    """How whole numbers are sent: to PostgreSQL, always as bigint. psycopg otherwise sends each as the smallest type
    that holds it (smallint below 32,768, integer above), and prepares a statement per query *and* parameter types:
    a results page's twenty ids, some above and some below, made a new combination nearly every time at ten times
    the demo data, so its reads were parsed and planned afresh on every page (1 to 2 ms of the database's time)."""
    if connection.vendor != "postgresql":
        return int
    from psycopg.types.numeric import Int8

    return Int8


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _preparable(value, kind) -> bool:
    if isinstance(kind, Ids):
        ids = list(value)
        return 1 <= len(ids) <= kind.size and all(_in_32_bits(pk) for pk in ids)
    return kind is not int or _in_32_bits(value)


def _in_32_bits(value) -> bool:
    return not _is_int(value) or -(2**31) <= value < 2**31


def _placeholders(kinds: tuple[Kind, ...], start: int = 0) -> list:
    numbers = itertools.count(start)
    placeholders = []
    for kind in kinds:
        if isinstance(kind, Ids):
            placeholders.append([_FIRST_PLACEHOLDER_INT - next(numbers) for _ in range(kind.size)])
        elif kind is int:
            placeholders.append(_FIRST_PLACEHOLDER_INT - next(numbers))
        elif kind is datetime.date:
            placeholders.append(_FIRST_PLACEHOLDER_DATE + datetime.timedelta(days=next(numbers)))
        elif kind is str:
            placeholders.append(f"{_PLACEHOLDER_TEXT}{next(numbers)}")
        else:
            raise PreparedReadError(f"a prepared read takes whole numbers, dates, strings and Ids, not {kind!r}")
    return placeholders


def _run(compiled: _Compiled, params: tuple, using: str):
    """Django's iterable for the queryset, over a compiler of this thread's connection that has the compiled SQL. The
    queryset and query are shallow copies (a QuerySet's own copying would run it, a Query's clone its whole tree)."""
    compiler = compiled.queryset.query.get_compiler(using=using)
    compiler.__dict__.update(compiled.state)
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    compiler.get_converters = lambda expressions: compiled.converters
    query = _shallow_copy(compiled.queryset.query)
    query.get_compiler = lambda *args, **kwargs: compiler
    queryset = _shallow_copy(compiled.queryset)
    # QuerySet.query's setter would make a values_list() iterate as values(): the query goes in as it is.
    queryset._query, queryset._db = query, using
    return queryset._iterable_class(queryset)


def _shallow_copy(instance):
    duplicate = object.__new__(type(instance))
    duplicate.__dict__.update(instance.__dict__)
    return duplicate


@contextmanager
def custom_plans(using: str = DEFAULT_DB_ALIAS):
    """While inside, PostgreSQL plans each statement for its values: psycopg prepares none (its connection's
    prepare_threshold is None), so PostgreSQL cannot switch, after five runs of a prepared statement, to a generic
    plan made without them. Reads by key (a detail page's, a results page's rows) have a generic plan right for every
    value (and it saves planning: 0.3 ms of database CPU a page instead of 2.5 ms); a search's values decide how many
    rows each filter keeps, and at ten times the demo data the generic plan of its ids doubled the database's work,
    so the directory's selectors read a search's ids and counts inside this. No SQL is sent for it; a no-op on other
    databases."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    psycopg_connection = connection.connection
    kept = psycopg_connection.prepare_threshold
    psycopg_connection.prepare_threshold = None
    try:
        yield
    finally:
        psycopg_connection.prepare_threshold = kept
