"""The one retry that lets a GET write on SQLite without being refused by a stale snapshot."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.sqlite_locks import retry_holding_write_lock, wants_write_lock


def refused(message: str) -> OperationalError:
    return OperationalError("UPDATE x", {}, Exception(message))


def test_gets_read_without_the_lock_until_they_must_write(app):
    with app.test_request_context("/", method="GET"):
        assert not wants_write_lock()
        calls: list[bool] = []

        def work() -> str:
            calls.append(wants_write_lock())
            if len(calls) == 1:
                raise refused("database is locked")
            return "written"

        if db.engine.dialect.name == "sqlite":
            assert retry_holding_write_lock(work) == "written"
            assert calls == [False, True] and g.sqlite_write_lock
        else:
            with pytest.raises(OperationalError):
                retry_holding_write_lock(work)
    with app.test_request_context("/", method="POST"):
        assert wants_write_lock()


def test_other_database_errors_are_not_retried(app):
    with app.test_request_context("/", method="GET"):
        calls: list[int] = []

        def work() -> None:
            calls.append(1)
            raise refused("disk I/O error")

        with pytest.raises(OperationalError):
            retry_holding_write_lock(work)
        assert calls == [1]
