"""Probe finding 3: logout ends the session everywhere; sessions have an idle and a total limit.

A copied cookie is the attack: whatever a thief copied before the owner logged out (or changed the
password) must stop working.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.auth.session_limits import ABSOLUTE_SECONDS, IDLE_SECONDS, now_seconds
from tests.conftest import TEST_PASSWORD, CSRFClient

NEW_PASSWORD = "a-brand-new-passphrase-42"


def browser(app: Flask) -> FlaskClient:
    """A fresh browser."""
    app.test_client_class = CSRFClient
    return app.test_client()


def sign_in(app: Flask, email: str, remember: bool = False) -> FlaskClient:
    """A browser signed in through the real form."""
    client = browser(app)
    data = {"email": email, "password": TEST_PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/login", data=data).status_code == 302
    return client


def copy_cookies(app: Flask, source: FlaskClient, names: tuple[str, ...]) -> FlaskClient:
    """Another browser holding copies of ``source``'s cookies (what a thief would have)."""
    thief = browser(app)
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def signed_in(client: FlaskClient) -> bool:
    """Whether the dashboard opens (a redirect to the login page means no)."""
    return client.get("/dashboard").status_code == 200


def test_a_copied_session_cookie_dies_at_logout(app: Flask, make_user: Callable) -> None:
    owner = sign_in(app, make_user().email)
    thief = copy_cookies(app, owner, ("session",))
    assert signed_in(thief)
    assert owner.post("/auth/logout").status_code == 302
    assert not signed_in(thief)
    assert not signed_in(owner)


def test_a_copied_remember_cookie_dies_at_logout(app: Flask, make_user: Callable) -> None:
    owner = sign_in(app, make_user().email, remember=True)
    thief = copy_cookies(app, owner, ("remember_token",))
    assert signed_in(thief), "a remember-me cookie alone signs in"
    owner.post("/auth/logout")
    assert not signed_in(thief)


def test_a_copied_remember_cookie_dies_at_password_change(app: Flask, make_user: Callable) -> None:
    owner = sign_in(app, make_user().email, remember=True)
    thief = copy_cookies(app, owner, ("remember_token", "session"))
    data = {"current": TEST_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert owner.post("/auth/password", data=data).status_code == 302
    assert signed_in(owner), "the browser that changed it stays signed in"
    assert not signed_in(thief)
    thief_remember_only = copy_cookies(app, thief, ("remember_token",))
    assert not signed_in(thief_remember_only)


def age_session(client: FlaskClient, signed_in_ago: int, seen_ago: int) -> None:
    """Pretend the session started and was last used that many seconds ago."""
    now = now_seconds()
    with client.session_transaction() as session:
        session["auth_at"] = now - signed_in_ago
        session["seen_at"] = now - seen_ago


@pytest.mark.parametrize(
    ("signed_in_ago", "seen_ago", "still_in"),
    [
        (IDLE_SECONDS - 60, IDLE_SECONDS - 60, True),
        (IDLE_SECONDS + 60, IDLE_SECONDS + 60, False),  # idle too long
        (ABSOLUTE_SECONDS + 60, 10, False),  # busy, but signed in too long ago
        (ABSOLUTE_SECONDS - 60, 10, True),
    ],
)
def test_sessions_end_when_idle_or_too_old(
    app: Flask, make_user: Callable, signed_in_ago: int, seen_ago: int, still_in: bool
) -> None:
    client = sign_in(app, make_user().email)
    age_session(client, signed_in_ago, seen_ago)
    assert signed_in(client) is still_in


def test_activity_keeps_a_session_alive(app: Flask, make_user: Callable) -> None:
    client = sign_in(app, make_user().email)
    age_session(client, 2 * IDLE_SECONDS, IDLE_SECONDS - 60)
    assert signed_in(client)
    with client.session_transaction() as session:
        assert now_seconds() - session["seen_at"] < 60, "the request refreshed seen_at"


def test_remember_me_starts_a_new_session_after_the_old_one_ended(
    app: Flask, make_user: Callable
) -> None:
    client = sign_in(app, make_user().email, remember=True)
    age_session(client, ABSOLUTE_SECONDS + 60, IDLE_SECONDS + 60)
    assert signed_in(client), "the remember-me cookie (30 days) signs the user in again"
    with client.session_transaction() as session:
        assert now_seconds() - session["auth_at"] < 60


def test_a_session_without_timestamps_is_not_trusted(app: Flask, make_user: Callable) -> None:
    client = sign_in(app, make_user().email)
    with client.session_transaction() as session:
        session.pop("auth_at")
        session.pop("seen_at")
    assert not signed_in(client)
