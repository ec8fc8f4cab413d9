"""Chunked bulk inserts of prepared rows: Core ``insert()`` executemany, or COPY on PostgreSQL.

Rows are plain tuples in a given column order with ids chosen by the caller (so later rows can
point at them without a round trip), JSON already serialised, and naive UTC datetimes. Used by
``school seed-scale``; the ORM's per-object work would take hours for a million rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import JSON, Connection, DateTime, Table, Text, column, func, insert, select, text
from sqlalchemy.sql.expression import TableClause

from app.models import db
from app.models.base import UTCDateTime

CHUNK = 5_000


def _raw_column_type(table: Table, name: str) -> Any:
    """JSON arrives serialised (text) and datetimes as naive UTC (plain DateTime)."""
    kind = table.c[name].type
    if isinstance(kind, JSON):
        return Text()
    if isinstance(kind, UTCDateTime):
        return DateTime()
    return kind


def raw_table(name: str, columns: Sequence[str]) -> TableClause:
    """A lightweight table over the real one whose columns take the prepared values as they are."""
    table = db.metadata.tables[name]
    clause = TableClause(name, *(column(c, _raw_column_type(table, c)) for c in columns))
    return clause


def columns_of(name: str, without: Sequence[str] = ()) -> tuple[str, ...]:
    """A table's column names in model order, less those the seeder leaves to their defaults.

    Prepared rows follow this order; a model change that adds a column makes them fail loudly
    (rows are zipped strictly), never shift silently.
    """
    return tuple(c.name for c in db.metadata.tables[name].columns if c.name not in without)


def next_id(conn: Connection, name: str) -> int:
    """The first free primary key of a table (ids are assigned by the seeder)."""
    table = db.metadata.tables[name]
    return (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1


def _copy(
    conn: Connection, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """PostgreSQL's COPY through psycopg: several times faster than multi-row INSERTs.

    ``rows`` must not query the database: the connection is busy with the COPY meanwhile.
    """
    # Names come from our own metadata, never from input.
    statement = f"COPY {name} ({', '.join(columns)}) FROM STDIN"
    count = 0
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _executemany(
    conn: Connection, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Core insert, executemany in chunks of CHUNK rows."""
    statement = insert(raw_table(name, columns))
    count = 0
    iterator = iter(rows)
    while chunk := [dict(zip(columns, row, strict=True)) for row in islice(iterator, CHUNK)]:
        conn.execute(statement, chunk)
        count += len(chunk)
    return count


def insert_rows(
    conn: Connection, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert prepared rows into table ``name``; returns how many were written."""
    if conn.dialect.name == "postgresql":
        return _copy(conn, name, columns, rows)
    return _executemany(conn, name, columns, rows)


def reset_sequence(conn: Connection, name: str) -> None:
    """After explicit ids, PostgreSQL's serial counter must continue past them."""
    if conn.dialect.name != "postgresql":
        return
    # Names come from our own metadata, never from input.
    conn.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
            f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
        )
    )
