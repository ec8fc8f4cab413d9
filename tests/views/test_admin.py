"""Admin pages: role grants, reset links and the audit log."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role, User
from tests.conftest import CSRFClient


def test_admin_grants_instructor_role_and_it_is_audited(client, admin, make_user):
    target = make_user(email="teacher@example.org")
    response = client.post(f"/admin/users/{target.id}/role", data={"role": "instructor"})
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.role == "instructor"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "role.change"))
    assert event.actor_id == admin.id and event.details == {"old": "student", "new": "instructor"}
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "role.change" in page


def test_invalid_role_is_400(client, admin, make_user):
    target = make_user()
    response = client.post(f"/admin/users/{target.id}/role", data={"role": "overlord"})
    assert response.status_code == 400


def test_admin_cannot_demote_self(client, admin):
    response = client.post(f"/admin/users/{admin.id}/role", data={"role": "student"})
    assert response.status_code == 302
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_students_and_instructors_cannot_reach_admin(client, make_user, login):
    for role in (Role.STUDENT, Role.INSTRUCTOR):
        user = make_user(role)
        login(user)
        assert client.get("/admin/users").status_code == 403
        assert (
            client.post(f"/admin/users/{user.id}/role", data={"role": "admin"}).status_code == 403
        )
        client.post("/auth/logout")
    assert client.get("/admin/users").status_code == 302


def test_user_search(client, admin, make_user):
    make_user(email="findme@example.org", display_name="Findable Person")
    page = client.get("/admin/users?q=findable").get_data(as_text=True)
    assert "findme@example.org" in page


def test_reset_link_sets_password_once(app, client, admin, make_user):
    target = make_user(email="forgot@example.org")
    page = client.post(f"/admin/users/{target.id}/reset-link").get_data(as_text=True)
    link = re.search(r'value="(http[^"]+/auth/reset/[^"]+)"', page).group(1)
    path = link.split("localhost", 1)[-1]
    app.test_client_class = CSRFClient
    anonymous = app.test_client()
    new = "brand-new-secret-77"
    response = anonymous.post(path, data={"password": new, "confirm": new})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(target)
    assert target.check_password(new)
    assert anonymous.get(path).status_code == 404


def test_create_admin_command(runner):
    result = runner.invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "root@example.org",
            "--name",
            "Root",
            "--password",
            "long-admin-pass-1",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "root@example.org"))
    assert user.role == "admin"


def test_create_admin_refuses_weak_password(runner):
    result = runner.invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "root@example.org",
            "--name",
            "Root",
            "--password",
            "short",
        ]
    )
    assert result.exit_code != 0 and "at least 10 characters" in result.output
