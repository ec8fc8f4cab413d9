"""The per-process user cache: account changes reach POSTs at once and GETs within its TTL.

Two app instances share one database, like two gunicorn workers: a change made through one
is refused by the other on its next POST and sensitive page at once, and on other GETs once the
other's cache entry is older than ``USER_CACHE_SECONDS`` (a fake clock, never a sleep).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from app.extensions import db
from app.models import Role, User
from app.services.accounts import accounts
from app.user_cache import cache_of
from tests.conftest import TEST_PASSWORD, CSRFClient, FakeClock, second_worker


@pytest.fixture
def other_worker(app: Flask, tmp_path: Path) -> Iterator[tuple[Flask, FakeClock]]:
    """A second app on the same database, its own user cache on a fake clock."""
    with second_worker(app, tmp_path, clocked=cache_of) as worker:
        yield worker


def signed_in(application: Flask, user: User) -> CSRFClient:
    """A client of ``application`` signed in as ``user`` through the login form."""
    client = application.test_client()
    email = user.email
    db.session.commit()  # end this worker's transaction (SQLite: it would hold the write lock)
    with application.app_context():
        response = client.post("/auth/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client  # type: ignore[return-value]


def status(application: Flask, client: CSRFClient, method: str, path: str, **kw: Any) -> int:
    """One request in the other worker's own app context."""
    db.session.commit()
    with application.app_context():
        send = client.post if method == "POST" else client.get
        return send(path, **kw).status_code


def refused(code: int) -> bool:
    """Sent to log in (302) or forbidden (403)."""
    return code in (302, 403)


def rotate_by_logout(user: User) -> None:
    """The user signed out in another browser, through this worker."""
    accounts.end_sessions(user)


def rotate_by_password(user: User) -> None:
    """The password changed through this worker."""
    accounts.change_password(user, TEST_PASSWORD, "a-new-password-long-enough")


def disable(user: User) -> None:
    """An admin disabled the account through this worker."""
    user.is_enabled = False


def demote(user: User) -> None:
    """An admin made the user a student through this worker."""
    actor = User(email="someone@example.org", display_name="Admin", role=Role.ADMIN.value)
    actor.set_password(TEST_PASSWORD, "pbkdf2:sha256:1000")
    db.session.add(actor)
    db.session.flush()
    accounts.grant_role(actor, user, Role.STUDENT)


CHANGES = [rotate_by_logout, rotate_by_password, disable, demote]


def instructor_client(make_user: Callable[..., User], other: Flask) -> tuple[User, CSRFClient]:
    """An instructor signed in on the other worker, with its cache entry warm."""
    user = make_user(Role.INSTRUCTOR)
    client = signed_in(other, user)
    assert status(other, client, "GET", "/studio/cohorts") == 200
    return user, client


def change_through_this_worker(user: User, change: Callable[[User], None]) -> None:
    """Apply ``change`` through the test's own app and commit."""
    change(db.session.get(User, user.id))
    db.session.commit()


@pytest.mark.parametrize("change", CHANGES)
def test_other_worker_refuses_posts_at_once(
    make_user: Callable[..., User],
    other_worker: tuple[Flask, FakeClock],
    change: Callable[[User], None],
) -> None:
    other, _clock = other_worker
    user, client = instructor_client(make_user, other)
    change_through_this_worker(user, change)
    assert refused(status(other, client, "POST", "/studio/cohorts", data={"name": "Group"}))


@pytest.mark.parametrize("change", CHANGES)
def test_other_worker_refuses_gets_after_the_ttl(
    make_user: Callable[..., User],
    other_worker: tuple[Flask, FakeClock],
    change: Callable[[User], None],
) -> None:
    other, clock = other_worker
    user, client = instructor_client(make_user, other)
    change_through_this_worker(user, change)
    clock.now += 5.01
    assert refused(status(other, client, "GET", "/studio/cohorts"))


@pytest.mark.parametrize("change", CHANGES)
def test_sensitive_pages_read_the_database_at_once(
    make_user: Callable[..., User],
    other_worker: tuple[Flask, FakeClock],
    change: Callable[[User], None],
) -> None:
    other, _clock = other_worker
    user = make_user(Role.ADMIN)
    client = signed_in(other, user)
    assert status(other, client, "GET", "/admin/users") == 200
    change_through_this_worker(user, change)
    assert refused(status(other, client, "GET", "/admin/users"))


def test_a_cached_role_may_lag_on_ordinary_gets_for_the_ttl(
    make_user: Callable[..., User], other_worker: tuple[Flask, FakeClock]
) -> None:
    other, clock = other_worker
    user, client = instructor_client(make_user, other)
    change_through_this_worker(user, demote)
    clock.now += 4.9
    assert status(other, client, "GET", "/studio/cohorts") == 200  # the documented window
    clock.now += 0.2
    assert status(other, client, "GET", "/studio/cohorts") == 403


def test_write_in_the_same_worker_takes_effect_at_once(
    app: Flask, make_user: Callable[..., User], login: Callable[[User], Any], client: CSRFClient
) -> None:
    admin = make_user(Role.ADMIN)
    user = make_user(Role.INSTRUCTOR)
    login(user)
    assert client.get("/studio/cohorts").status_code == 200
    accounts.grant_role(admin, db.session.get(User, user.id), Role.STUDENT)
    db.session.commit()
    assert client.get("/studio/cohorts").status_code == 403


def users_selects(application: Flask) -> Callable[[], int]:
    """Count the user loader's SELECTs sent by ``application``'s engine."""
    seen = {"n": 0}

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if "WHERE users.session_token" in statement:
            seen["n"] += 1

    with application.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    return lambda: seen["n"]


def dashboard_from_the_cache(
    other: Flask, make_user: Callable[..., User]
) -> tuple[Callable[[], int], Callable[[], int]]:
    """A student's second dashboard in ``other`` served without a user query.

    Returns "GET the dashboard again" and the count of user SELECTs so far.
    """
    client = signed_in(other, make_user(Role.STUDENT))
    selects = users_selects(other)
    status(other, client, "GET", "/dashboard")
    first = selects()
    status(other, client, "GET", "/dashboard")
    assert selects() == first  # the second GET did not look the session token up
    return lambda: status(other, client, "GET", "/dashboard"), selects


def expire_the_entries(other: Flask, clock: FakeClock) -> None:
    clock.now += 5.01


def clear_the_cache(other: Flask, _clock: FakeClock) -> None:
    cache = cache_of(other)
    assert cache is not None
    cache.clear()  # what the security tests do when they put a world's rows back


@pytest.mark.parametrize("forget", [expire_the_entries, clear_the_cache])
def test_a_forgotten_user_is_read_again_with_one_query(
    make_user: Callable[..., User],
    other_worker: tuple[Flask, FakeClock],
    forget: Callable[[Flask, FakeClock], None],
) -> None:
    other, clock = other_worker
    dashboard, selects = dashboard_from_the_cache(other, make_user)
    before = selects()
    forget(other, clock)
    dashboard()
    assert selects() == before + 1  # read once more, with only the needed columns


def test_loader_selects_only_the_needed_columns(
    make_user: Callable[..., User], other_worker: tuple[Flask, FakeClock]
) -> None:
    other, _clock = other_worker
    client = signed_in(other, make_user(Role.STUDENT))
    statements: list[str] = []
    with other.app_context():
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_r: statements.append(statement),
        )
    status(other, client, "POST", "/studio/join", data={"code": "nothing"})
    loads = [s for s in statements if "WHERE users.session_token" in s]
    assert loads
    assert all("password_hash" not in s and "users.email" not in s for s in loads)
