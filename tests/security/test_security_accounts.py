"""Password storage, change and admin-issued reset links: the cases tests/views does not cover."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import select

from app.config import build_config
from app.extensions import db
from app.models import AuditEvent, User
from app.services.accounts.accounts import RESET_TOKEN_MAX_AGE, issue_reset_token
from tests.conftest import TEST_PASSWORD
from tests.security.conftest import signed_in_client

NEW_PASSWORD = "amber-kettle-horizon-7"


def reset(client: Any, token: str, password: str = NEW_PASSWORD) -> Any:
    """Submit the reset form."""
    return client.post(f"/auth/reset/{token}", data={"password": password, "confirm": password})


def test_the_configured_hash_is_scrypt(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOL_ENV", "production")
    monkeypatch.setenv("EXAM_POOL_DIR", "/srv/private-exam-pool")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-key-that-is-long-and-random-123")
    monkeypatch.setenv("SITE_URL", "https://school.example.org")
    assert build_config(tmp_path)["PASSWORD_HASH_METHOD"] == "scrypt"
    user = User(email="x@example.org", display_name="X")
    user.set_password("lilac-window-sprocket-3")
    assert user.password_hash.startswith("scrypt:")


def test_stored_hash_never_contains_the_password(make_user):
    user = make_user(password="lilac-window-sprocket-3")
    assert "lilac-window-sprocket-3" not in user.password_hash
    assert user.check_password("lilac-window-sprocket-3")
    assert not user.check_password("lilac-window-sprocket-4")


def test_reset_link_is_audited(client, admin, make_user):
    target = make_user()
    assert client.post(f"/admin/users/{target.id}/reset-link").status_code == 200
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password.reset_link"))
    assert event is not None and event.actor_id == admin.id and event.target_id == str(target.id)


def test_expired_reset_link_is_refused(app, make_user, monkeypatch):
    user = make_user()
    admin = make_user()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - RESET_TOKEN_MAX_AGE - 60)
    token = issue_reset_token(admin, user)
    monkeypatch.setattr(time, "time", real_time)
    db.session.commit()
    client = signed_in_client(app, None)
    assert client.get(f"/auth/reset/{token}").status_code == 404
    assert reset(client, token).status_code == 404
    db.session.refresh(user)
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.parametrize(
    "mangle",
    [lambda t: t[:-2] + "xx", lambda t: t + "x", lambda t: "x" + t, lambda _t: "not-a-token"],
)
def test_tampered_reset_link_is_refused(app, make_user, mangle):
    user = make_user()
    token = issue_reset_token(make_user(), user)
    db.session.commit()
    client = signed_in_client(app, None)
    assert reset(client, mangle(token)).status_code == 404
    db.session.refresh(user)
    assert user.check_password(TEST_PASSWORD)


def test_reset_link_dies_when_the_password_changes_first(app, make_user):
    user = make_user()
    token = issue_reset_token(make_user(), user)
    db.session.commit()
    owner = signed_in_client(app, user.email)
    owner.post(
        "/auth/password",
        data={"current": TEST_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert reset(signed_in_client(app, None), token, "another-long-phrase-5").status_code == 404


def test_reset_signs_out_every_session_and_clears_a_lockout(app, make_user):
    user = make_user()
    session = signed_in_client(app, user.email)
    user.failed_logins, user.locked_until = 3, None
    token = issue_reset_token(make_user(), user)
    db.session.commit()
    assert reset(signed_in_client(app, None), token).status_code == 302
    assert session.get("/dashboard").status_code == 302
    db.session.refresh(user)
    assert user.failed_logins == 0 and user.check_password(NEW_PASSWORD)


def test_reset_applies_the_password_policy(app, make_user):
    user = make_user()
    token = issue_reset_token(make_user(), user)
    db.session.commit()
    response = reset(signed_in_client(app, None), token, "password123")
    assert response.status_code == 200 and "too common" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ("short1!", "at least 10 characters"),
        ("qwertyuiop", "too common"),
        ("x" * 129, "at most 128 characters"),
    ],
)
def test_password_change_applies_the_policy(client, student, new, reason):
    response = client.post(
        "/auth/password", data={"current": TEST_PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 200 and reason in response.get_data(as_text=True)
    db.session.refresh(student)
    assert student.check_password(TEST_PASSWORD)


def test_a_reset_token_names_one_user_only(app, make_user):
    alice, bob = make_user(), make_user()
    token = issue_reset_token(make_user(), alice)
    db.session.commit()
    assert reset(signed_in_client(app, None), token).status_code == 302
    db.session.refresh(alice)
    db.session.refresh(bob)
    assert alice.check_password(NEW_PASSWORD) and bob.check_password(TEST_PASSWORD)
