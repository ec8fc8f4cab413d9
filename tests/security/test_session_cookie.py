"""The session cookie is verified once per process: later requests reuse that check, safely.

Each test opens sessions the way a request does (``open_session`` on a request carrying the
cookie), so it can see whether the full signature check ran, and what each request got.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.sessions import SecureCookieSession
from itsdangerous import TimestampSigner
from werkzeug.test import EnvironBuilder

from app.models import User
from app.session_cookie import VerifiedCookieSessionInterface
from tests.conftest import signed_in_browser


@pytest.fixture
def interface(app: Flask) -> VerifiedCookieSessionInterface:
    """The app's session interface, with nothing kept from earlier tests."""
    found = app.session_interface
    assert isinstance(found, VerifiedCookieSessionInterface)
    found.verified.clear()
    return found


@pytest.fixture
def full_checks(
    interface: VerifiedCookieSessionInterface, monkeypatch: pytest.MonkeyPatch
) -> list[int]:
    """A growing list: one entry per full signature check."""
    checks: list[int] = []
    build = interface.get_signing_serializer

    def counted(application: Flask) -> Any:
        checks.append(1)
        return build(application)

    monkeypatch.setattr(interface, "get_signing_serializer", counted)
    return checks


def cookie_of(app: Flask, user: User) -> str:
    """A genuine session cookie of a student who signed in and read the welcome message."""
    browser = signed_in_browser(app, user)
    assert browser.get("/dashboard").status_code == 200  # shows (and so drops) the flash
    cookie = browser.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return cookie.value


def opened(app: Flask, value: str) -> SecureCookieSession:
    """The session a request carrying this cookie value would get."""
    name = app.config["SESSION_COOKIE_NAME"]
    environ = EnvironBuilder(path="/", headers={"Cookie": f"{name}={value}"}).get_environ()
    session = app.session_interface.open_session(app, app.request_class(environ))
    assert session is not None
    return session


@pytest.fixture
def genuine(app: Flask, make_user: Any, interface: VerifiedCookieSessionInterface) -> str:
    """A signed-in student's cookie; nothing kept yet."""
    value = cookie_of(app, make_user())
    interface.verified.clear()
    return value


def test_a_verified_cookie_is_opened_again_without_the_full_check(app, genuine, full_checks):
    first = opened(app, genuine)
    second = opened(app, genuine)
    assert "_user_id" in first
    assert "_flashes" not in first
    assert dict(second) == dict(first)
    assert len(full_checks) == 1


def test_a_tampered_cookie_is_refused_after_the_genuine_one_was_kept(app, genuine, full_checks):
    assert "_user_id" in opened(app, genuine)
    payload, signature = genuine.rsplit(".", 1)
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert dict(opened(app, f"{payload}.{flipped}")) == {}
    forged = TimestampSigner("not-our-key", salt="cookie-session").sign(payload.split(".")[0])
    assert dict(opened(app, forged.decode())) == {}
    assert len(full_checks) == 3  # each altered value went through the full check


def test_a_kept_cookie_still_ends_with_its_lifetime(app, genuine, interface, monkeypatch):
    assert "_user_id" in opened(app, genuine)
    later = interface.wall_clock() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(interface, "wall_clock", lambda: later)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: int(later))
    assert dict(opened(app, genuine)) == {}
    assert interface.verified.get(genuine) is None


def test_one_requests_writes_never_reach_the_next(app, genuine):
    first = opened(app, genuine)
    first["planted"] = "by the first request"
    first.pop("_user_id")
    second = opened(app, genuine)
    assert "planted" not in second
    assert "_user_id" in second


def test_a_session_holding_nested_values_is_checked_in_full_every_time(
    app, interface, full_checks
):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Saved.")]
    value = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    full_checks.clear()
    assert opened(app, value)["_flashes"] == [("info", "Saved.")]
    assert opened(app, value)["_flashes"] == [("info", "Saved.")]
    assert len(full_checks) == 2
    assert interface.verified.get(value) is None


def test_a_new_secret_key_sends_kept_cookies_through_the_full_check(app, genuine, monkeypatch):
    assert "_user_id" in opened(app, genuine)
    monkeypatch.setitem(app.config, "SECRET_KEY", "a-rotated-secret-key-long-enough-0000")
    assert dict(opened(app, genuine)) == {}


def test_the_signing_serializer_is_built_once_per_key_and_follows_a_rotation(
    app, genuine, interface, monkeypatch
):
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    old_key = app.config["SECRET_KEY"]
    monkeypatch.setitem(app.config, "SECRET_KEY", "a-rotated-secret-key-long-enough-0000")
    rotated = interface.get_signing_serializer(app)
    assert rotated is not first
    assert dict(opened(app, genuine)) == {}  # the old key's cookie no longer opens
    monkeypatch.setitem(app.config, "SECRET_KEY_FALLBACKS", [old_key])
    interface.verified.clear()
    assert interface.get_signing_serializer(app) is not rotated
    assert "_user_id" in opened(app, genuine)  # Flask's fallback keys still verify old cookies


def test_switching_it_off_restores_flasks_own_interface(app, tmp_path):
    from tests.conftest import make_test_app

    plain = make_test_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, SESSION_VERIFIED_SECONDS=0
    )
    assert not isinstance(plain.session_interface, VerifiedCookieSessionInterface)


@pytest.fixture(autouse=True)
def _nothing_kept_after(app: Flask) -> Iterator[None]:
    yield
    found = app.session_interface
    if isinstance(found, VerifiedCookieSessionInterface):
        found.verified.clear()
