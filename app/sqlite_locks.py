"""SQLite's locking, made to behave under several workers.

In WAL mode SQLite refuses a write from a read snapshot that another connection has since
overtaken (SQLITE_BUSY_SNAPSHOT, reported as "database is locked" at once, without waiting).
Requests that may write therefore take the write lock at BEGIN and wait their turn; page views
stay concurrent readers, and the few GETs that must write retry once holding the lock.
PostgreSQL needs none of this: its row locks and MVCC handle the same cases.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from app.models import db

T = TypeVar("T")


def enable_sqlite_transactions(engine: Engine) -> None:
    """Make SQLite honour foreign keys, use WAL and real transactions (savepoints, rollbacks)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL is corruption-safe and syncs at checkpoints, not at every commit:
        # a commit cost ~0.3 ms more with FULL, while every writer holds the one write lock.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE" if wants_write_lock() else "BEGIN")


def wants_write_lock() -> bool:
    """SQLite in WAL mode refuses a write from a stale read snapshot (SQLITE_BUSY_SNAPSHOT).

    Requests that may write (anything but GET/HEAD) and CLI work take the write lock at BEGIN
    and so wait their turn; page views stay concurrent readers.
    """
    if not has_request_context():
        return True
    return request.method not in ("GET", "HEAD") or g.get("sqlite_write_lock", False)


def prefer_write_lock() -> None:
    """Let a GET that must write take SQLite's write lock at its next BEGIN (then wait its turn)."""
    g.sqlite_write_lock = True


def is_refused_write(error: OperationalError) -> bool:
    """SQLite's "database is locked": a busy or stale snapshot, worth one retry with the lock."""
    return db.engine.dialect.name == "sqlite" and "database is locked" in str(error.orig)


def retry_holding_write_lock(work: Callable[[], T]) -> T:
    """Run ``work`` (which writes); if SQLite refused the write, roll back and run it once more
    in a transaction that holds the write lock from BEGIN, so it cannot be refused again."""
    try:
        return work()
    except OperationalError as error:
        if not is_refused_write(error):
            raise
        db.session.rollback()
        prefer_write_lock()
        return work()
