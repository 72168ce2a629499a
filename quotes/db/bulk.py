"""The writer's hot statements: on SQLite straight to the driver, elsewhere through Core.

Ingest runs about twenty statements a document, most of them multi-row inserts. Through
SQLAlchemy each cost more than SQLite took to run it (compiling, binding, a result object),
and a multi-row insert asked for its ids (``RETURNING`` in parameter order) ran one
statement per row, since SQLite does not promise the order of RETURNING rows. On SQLite
these go to the driver's own ``executemany`` on the session's connection, so they are in
the same transaction and savepoint as everything else, and the new ids are read back from
``last_insert_rowid()``: SQLite lets one connection write at a time (from its first write
to its commit; ingest's writer takes the lock up front, ``BEGIN IMMEDIATE``), and a table
with an integer primary key gives a new row the largest id plus one (short of 2**63 - 1,
which no archive nears), so the rows of one ``executemany`` have consecutive ids ending
there. Other backends keep Core, whose multi-row inserts return ids in order. Driver
errors are raised as SQLAlchemy's (an ``IntegrityError`` stays one), so callers catch the
same exceptions on every backend.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnDefault, Connection, Dialect, Table, insert
from sqlalchemy.exc import DBAPIError


def driver(connection: Connection) -> sqlite3.Connection | None:
    """The sqlite3 connection under ``connection``, or None on another backend."""
    if connection.dialect.name != "sqlite":
        return None
    raw = connection.connection.driver_connection
    return raw if isinstance(raw, sqlite3.Connection) else None


@contextmanager
def _translated(statement: str, params: Any) -> Iterator[None]:
    """Driver errors as SQLAlchemy raises them, e.g. ``sqlalchemy.exc.IntegrityError``."""
    try:
        yield
    except sqlite3.Error as exc:
        raise DBAPIError.instance(statement, params, exc, sqlite3.Error) from exc


@dataclass(frozen=True, slots=True)
class _Plan:
    """How rows with one set of keys go into one table on the driver."""

    statement: str
    # Columns the rows lack whose default Python computes (``Document.ingested_at``), with
    # a function giving the value, as a Core insert would fill them in.
    defaults: tuple[Callable[[], Any], ...]
    # The type's conversion of each value (a date to SQLite's text), None where there is none.
    processors: tuple[Callable[[Any], Any] | None, ...]


@lru_cache(maxsize=64)
def _plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> _Plan:
    defaulted = [
        c
        for c in table.c
        if c.name not in columns and isinstance(c.default, ColumnDefault) and not c.primary_key
    ]
    names = ", ".join(f'"{c}"' for c in (*columns, *(c.name for c in defaulted)))
    width = len(columns) + len(defaulted)
    statement = f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * width)})'
    defaults = tuple(_default(c.default) for c in defaulted if isinstance(c.default, ColumnDefault))
    types = [table.c[name].type for name in columns] + [c.type for c in defaulted]
    processors = tuple(t.dialect_impl(dialect).bind_processor(dialect) for t in types)
    return _Plan(statement, defaults, processors)


def _default(default: ColumnDefault) -> Callable[[], Any]:
    if default.is_callable:
        # SQLAlchemy wraps a column's default function to take the execution context.
        function = default.arg
        return lambda: function(None)
    value = default.arg
    return lambda: value


def insert_rows(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]], ids: bool = False
) -> list[int]:
    """Insert ``rows`` (dicts with the same keys, each a column); with ``ids``, the new
    rows' ids in the order given (otherwise an empty list)."""
    if not rows:
        return []
    columns = tuple(rows[0])
    if len(columns) == 1:
        values: list[tuple[Any, ...]] = [(row[columns[0]],) for row in rows]
    else:
        values = list(map(itemgetter(*columns), rows))
    return insert_values(connection, table, columns, values, ids)


def insert_values(
    connection: Connection,
    table: Table,
    columns: tuple[str, ...],
    values: Sequence[tuple[Any, ...]],
    ids: bool = False,
) -> list[int]:
    """``insert_rows`` of rows given as tuples of ``columns``: the writer's most numerous
    rows (claim keys) are spared a dict each."""
    if not values:
        return []
    raw = driver(connection)
    if raw is None:
        rows = [dict(zip(columns, row, strict=True)) for row in values]
        if not ids:
            connection.execute(insert(table), rows)
            return []
        returning = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(connection.execute(returning, rows).scalars())
    plan = _plan(table, columns, connection.dialect)
    if plan.defaults:
        values = [(*v, *(d() for d in plan.defaults)) for v in values]
    if any(plan.processors):
        convert = plan.processors
        values = [
            tuple(v if f is None or v is None else f(v) for f, v in zip(convert, row, strict=True))
            for row in values
        ]
    with _translated(plan.statement, values):
        raw.executemany(plan.statement, values)
        if not ids:
            return []
        (last,) = raw.execute("SELECT last_insert_rowid()").fetchone()
    return list(range(last - len(values) + 1, last + 1))


def run_many(raw: sqlite3.Connection, statement: str, values: Sequence[Sequence[Any]]) -> int:
    """``executemany`` on the driver, errors as SQLAlchemy's; the rows it changed."""
    with _translated(statement, values):
        return raw.executemany(statement, values).rowcount


def fetch(raw: sqlite3.Connection, statement: str, values: Any = ()) -> Sequence[Any]:
    """Rows of a query run on the driver, errors as SQLAlchemy's."""
    with _translated(statement, values):
        return raw.execute(statement, values).fetchall()
