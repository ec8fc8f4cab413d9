"""Probe findings 1 and 2: the lockout holds under parallel logins; sign-in reveals no account.

The count of failed logins is kept by one ``UPDATE … RETURNING`` in the database, never by
reading a row and writing it back, so attempts that overlap cannot lose each other's failures.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from app.extensions import db
from app.models import User
from app.services.accounts import accounts
from app.services.accounts.accounts import MAX_FAILED_LOGINS, SIGN_IN_REFUSED, sign_in
from tests.conftest import TEST_PASSWORD, CSRFClient

PARALLEL = 20
on_postgres = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="parallel logins need PostgreSQL (TEST_DATABASE_URL); CI runs them there",
)


class HashCounter:
    """Wraps the password check ``accounts`` uses, counting which hashes it compares."""

    def __init__(self) -> None:
        self.hashes: list[str] = []
        self.lock = threading.Lock()
        self.real = accounts.check_password_hash

    def __call__(self, stored: str, password: str) -> bool:
        with self.lock:
            self.hashes.append(stored)
        return self.real(stored, password)


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> HashCounter:
    """Count every password hash computed during sign-in."""
    counting = HashCounter()
    monkeypatch.setattr(accounts, "check_password_hash", counting)
    return counting


def fresh(user: User) -> User:
    """The committed row."""
    db.session.expire_all()
    found = db.session.get(User, user.id)
    assert found is not None
    return found


def test_a_failure_counted_by_another_worker_is_not_lost(app: Flask, make_user: Callable) -> None:
    """The lost update the probe found, made deterministic: this session holds a stale count."""
    user = make_user()
    db.session().expire_on_commit = False
    try:
        assert user.failed_logins == 0  # loaded into this session's identity map …
        db.session.commit()  # … and kept there, with no transaction holding SQLite's lock
    finally:
        db.session().expire_on_commit = True
    with db.engine.begin() as connection:  # another worker counted four failures meanwhile
        connection.execute(
            text("UPDATE users SET failed_logins = :n WHERE id = :id"),
            {"n": MAX_FAILED_LOGINS - 1, "id": user.id},
        )
    assert sign_in(user.email, "wrong-password-1").user is None
    db.session.commit()
    assert fresh(user).locked_until is not None, "the fifth failure must lock the account"


def test_only_five_passwords_are_checked_then_the_account_is_locked(
    app: Flask, make_user: Callable, counter: HashCounter
) -> None:
    user = make_user()
    for _ in range(MAX_FAILED_LOGINS + 3):
        assert sign_in(user.email, "wrong-password-1").reason == SIGN_IN_REFUSED
        db.session.commit()
    real_checks = [h for h in counter.hashes if h == user.password_hash]
    assert len(real_checks) == MAX_FAILED_LOGINS
    assert len(counter.hashes) == MAX_FAILED_LOGINS + 3, "a locked account still costs one hash"
    assert sign_in(user.email, TEST_PASSWORD).user is None


@pytest.mark.postgres_only
@on_postgres
def test_twenty_parallel_wrong_logins_lock_after_exactly_five(
    app: Flask, make_user: Callable, counter: HashCounter
) -> None:
    user = make_user()
    email = user.email
    barrier = threading.Barrier(PARALLEL)
    statuses: list[Any] = [None] * PARALLEL
    app.test_client_class = CSRFClient

    def attempt(index: int) -> None:
        with app.app_context():
            try:
                client = app.test_client()
                token = client.csrf_token()
                barrier.wait(timeout=60)
                data = {"email": email, "password": "wrong-password-1", "csrf_token": token}
                statuses[index] = client.post("/auth/login", data=data, csrf=False).status_code
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                statuses[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [200] * PARALLEL
    real_checks = [h for h in counter.hashes if h == user.password_hash]
    assert len(real_checks) == MAX_FAILED_LOGINS, "only five passwords may be tried"
    assert fresh(user).locked_until is not None
    assert sign_in(user.email, TEST_PASSWORD).user is None, "locked: even the right password"


def test_unknown_email_costs_the_same_hash_as_a_real_account(
    app: Flask, make_user: Callable, counter: HashCounter
) -> None:
    user = make_user()
    method = app.config["PASSWORD_HASH_METHOD"]
    unknown = sign_in("nobody-here@example.org", "wrong-password-1")
    known = sign_in(user.email, "wrong-password-1")
    assert unknown.reason == known.reason == SIGN_IN_REFUSED
    assert len(counter.hashes) == 2, "exactly one hash per attempt, account or not"
    assert all(h.startswith(method.split(":")[0]) for h in counter.hashes)
    assert counter.hashes[0].split("$")[0] == counter.hashes[1].split("$")[0], "same cost"


def test_a_locked_account_gives_the_unknown_email_message(
    app: Flask, make_user: Callable, client: CSRFClient
) -> None:
    user = make_user()
    for _ in range(MAX_FAILED_LOGINS):
        client.post("/auth/login", data={"email": user.email, "password": "wrong-password-1"})
    locked = client.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
    unknown = client.post("/auth/login", data={"email": "ghost@example.org", "password": "x-y-z"})
    assert fresh(user).locked_until is not None
    locked_text, unknown_text = locked.get_data(as_text=True), unknown.get_data(as_text=True)
    assert SIGN_IN_REFUSED in locked_text and SIGN_IN_REFUSED in unknown_text
    assert "Too many" not in locked_text
