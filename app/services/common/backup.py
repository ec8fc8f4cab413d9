"""Consistent snapshots of every table as JSON Lines, and restoring them into an empty database.

A snapshot is read inside one repeatable-read transaction, so rows written while it runs are
either all in it or all out. The format is engine-neutral: a SQLite backup restores into
PostgreSQL and back.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, DateTime, Table, func, insert, select, text
from sqlalchemy.engine import Engine

from app.models import db
from app.models.base import UTCDateTime

FORMAT = "ai-trainer-school-backup"
FORMAT_VERSION = 1
CHUNK = 1000


class BackupError(RuntimeError):
    """The snapshot cannot be written or restored; the message says why."""


def _open(path: Path, mode: str) -> IO[str]:
    """Gzip when the name ends in .gz."""
    if path.suffix == ".gz":
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return path.open(mode, encoding="utf-8")


def _encode(value: Any) -> Any:
    """JSON-safe values; datetimes as ISO strings in UTC."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    return value


def _tables() -> list[Table]:
    """Every application table in foreign-key order."""
    return list(db.metadata.sorted_tables)


def _snapshot_connection(engine: Engine) -> Connection:
    """A connection whose one transaction sees a single consistent state."""
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="REPEATABLE READ")
    return engine.connect()


def _revision(conn: Connection) -> str | None:
    """The Alembic revision the rows belong to."""
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _table_chunks(conn: Connection, table: Table) -> Iterator[list[list[Any]]]:
    """Rows of one table, primary-key ordered, in chunks."""
    order = list(table.primary_key.columns)
    result = conn.execution_options(stream_results=True).execute(select(table).order_by(*order))
    for partition in result.partitions(CHUNK):
        yield [[_encode(v) for v in row] for row in partition]


def write_backup(path: Path) -> dict[str, int]:
    """Write every table to ``path``; returns row counts per table."""
    counts: dict[str, int] = {}
    with _snapshot_connection(db.engine) as conn, conn.begin(), _open(path, "w") as out:
        header = {"format": FORMAT, "version": FORMAT_VERSION, "revision": _revision(conn),
                  "created_at": datetime.now(UTC).isoformat(), "dialect": conn.dialect.name}
        out.write(json.dumps(header) + "\n")
        for table in _tables():
            columns = [c.name for c in table.columns]
            counts[table.name] = 0
            out.write(json.dumps({"table": table.name, "columns": columns}) + "\n")
            for rows in _table_chunks(conn, table):
                counts[table.name] += len(rows)
                out.write(json.dumps({"rows": rows}, ensure_ascii=False) + "\n")
    return counts


def _decode_row(table: Table, columns: list[str], row: list[Any]) -> dict[str, Any]:
    """Turn ISO strings back into datetimes for datetime columns."""
    values = dict(zip(columns, row, strict=True))
    for column in table.columns:
        value = values.get(column.name)
        if isinstance(value, str) and isinstance(column.type, DateTime | UTCDateTime):
            values[column.name] = datetime.fromisoformat(value)
    return values


def _check_empty(conn: Connection) -> None:
    """Refuse to merge a snapshot into a database that already has data."""
    for table in _tables():
        if conn.execute(select(func.count()).select_from(table)).scalar():
            raise BackupError(f"table {table.name} is not empty; restore needs an empty database")


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL serial counters continue after the restored ids."""
    if conn.dialect.name != "postgresql":
        return
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and pk[0].type.python_type is int:
            # Names come from our own metadata, never from input.
            sql = (
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "  # noqa: S608
                f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
            )
            conn.execute(text(sql))


def read_backup(path: Path) -> dict[str, int]:
    """Load a snapshot into the (migrated, empty) database in one transaction."""
    tables = {t.name: t for t in _tables()}
    counts: dict[str, int] = {}
    with db.engine.connect() as conn, conn.begin(), _open(path, "r") as source:
        header = json.loads(source.readline() or "{}")
        if header.get("format") != FORMAT:
            raise BackupError(f"{path} is not an AI Trainer School backup")
        if header.get("revision") != _revision(conn):
            raise BackupError(f"backup is at schema {header.get('revision')}; "
                              f"upgrade this database to it first")
        _check_empty(conn)
        table: Table | None = None
        columns: list[str] = []
        for line in source:
            record = json.loads(line)
            if "table" in record:
                table, columns = tables[record["table"]], record["columns"]
                counts[table.name] = 0
            elif table is not None and record["rows"]:
                rows = [_decode_row(table, columns, r) for r in record["rows"]]
                conn.execute(insert(table), rows)
                counts[table.name] += len(record["rows"])
        _reset_sequences(conn)
    return counts
