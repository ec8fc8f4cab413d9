"""Registration, login, logout, password change and the rules around them."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Role, User
from tests.conftest import TEST_PASSWORD, CSRFClient

GOOD_PASSWORD = "violet-lantern-42"


def register(client, **overrides):
    data = {
        "email": "new@example.org",
        "display_name": "New Trainer",
        "password": GOOD_PASSWORD,
        "confirm": GOOD_PASSWORD,
    }
    data.update(overrides)
    return client.post("/auth/register", data=data)


def test_register_creates_student_and_signs_in(client):
    response = register(client, email="  New@Example.ORG ")
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new@example.org"))
    assert user is not None and user.role == "student"
    assert user.password_hash.startswith("pbkdf2:") and GOOD_PASSWORD not in user.password_hash
    assert client.get("/dashboard").status_code == 200


def test_duplicate_email_gets_a_form_error(client, make_user):
    make_user(email="taken@example.org")
    response = register(client, email="TAKEN@example.org")
    assert response.status_code == 200
    assert "An account with this email already exists." in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


def test_weak_passwords_are_refused_with_reasons(client):
    cases = {
        "short1!": "at least 10 characters",
        "password123": "too common",
        "aaaaaaaaaaaa": "more varied",
        "newtrainer-2026x": None,
    }
    for password, reason in cases.items():
        response = register(client, password=password, confirm=password, display_name="Newtrainer")
        body = response.get_data(as_text=True)
        if reason is None:
            assert response.status_code == 200 and "from your name" in body
        else:
            assert response.status_code == 200 and reason in body
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 0


def test_mismatched_confirmation(client):
    response = register(client, confirm="something-else-entirely")
    assert "The passwords differ." in response.get_data(as_text=True)


def test_wrong_password_gives_message_not_500(client, make_user):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": "nope-nope-1"})
    assert response.status_code == 200
    assert "Wrong email or password." in response.get_data(as_text=True)
    response = client.post("/auth/login", data={"email": "ghost@example.org", "password": "x"})
    assert "Wrong email or password." in response.get_data(as_text=True)


def test_lockout_after_repeated_failures(client, make_user):
    user = make_user()
    for _ in range(5):
        client.post("/auth/login", data={"email": user.email, "password": "wrong-password"})
    response = client.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "locked for 15 minutes" in response.get_data(as_text=True)  # same text as unknown email
    db.session.refresh(user)
    assert user.locked_until is not None


def test_login_logout_and_remember_cookie(client, make_user, login):
    user = make_user()
    response = login(user, remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0]
    assert client.get("/dashboard").status_code == 200
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_logout_requires_csrf(client, student):
    response = client.post("/auth/logout", csrf=False)
    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 200


def test_missing_csrf_token_is_a_clear_400(client):
    response = client.post("/auth/register", csrf=False, data={"email": "a@b.org"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_open_redirect_is_refused(client, make_user):
    user = make_user()
    response = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": user.email, "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == "/dashboard"


def test_change_password_keeps_this_session(client, make_user, login):
    user = make_user()
    login(user)
    response = client.post(
        "/auth/password",
        data={"current": TEST_PASSWORD, "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD},
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(GOOD_PASSWORD)
    assert client.get("/dashboard").status_code == 200


def test_change_password_rejects_wrong_current(client, student):
    response = client.post(
        "/auth/password",
        data={"current": "not-my-password", "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD},
    )
    assert "Your current password is not correct." in response.get_data(as_text=True)


def test_session_from_before_a_password_change_is_rejected(app, make_user):
    user = make_user()
    app.test_client_class = CSRFClient
    first = app.test_client()
    second = app.test_client()
    for c in (first, second):
        assert (
            c.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code
            == 302
        )
    first.post(
        "/auth/password",
        data={"current": TEST_PASSWORD, "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD},
    )
    assert first.get("/dashboard").status_code == 200
    assert second.get("/dashboard").status_code == 302


def test_roles_are_ranked():
    user = User(email="x@y.org", display_name="X", role=Role.INSTRUCTOR.value)
    assert user.has_role(Role.STUDENT) and user.has_role(Role.INSTRUCTOR)
    assert not user.has_role(Role.ADMIN)


def test_registration_lands_on_a_first_visit_welcome_and_sign_in_on_welcome_back(client):
    response = register(client)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Welcome back" not in page
    assert "Welcome, New Trainer" in page
    assert "Your account is ready" in page
    client.post("/auth/logout")
    client.post("/auth/login", data={"email": "new@example.org", "password": GOOD_PASSWORD})
    assert "Welcome back, New Trainer" in client.get("/dashboard").get_data(as_text=True)
