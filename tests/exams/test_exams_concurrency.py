"""Concurrent requests: one certificate per passing session, one active session per student."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest
from flask import Flask

from app.extensions import db
from app.models import AuditEvent, Certificate, ExamSession, User
from app.services.certification import exams
from tests.conftest import TEST_PASSWORD
from tests.exams.factories import GOLD_ANSWERS

THREADS = 24
ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason=(
            "SQLite takes one database-wide write lock per request, so concurrent finishes cannot "
            "race there; this test runs in the PostgreSQL CI pass (TEST_DATABASE_URL)"
        ),
    ),
]


def signed_in_clients(app: Flask, user: User, count: int) -> list[tuple[Any, str]]:
    """Independent browser sessions of one user, each with its CSRF token."""
    clients = []
    for _ in range(count):
        client = app.test_client()
        client.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
        clients.append((client, client.csrf_token()))
    return clients


def all_at_once(app: Flask, clients: list[tuple[Any, str]], url: str) -> list[int]:
    """POST ``url`` from every client at the same moment, each thread in its own app context."""
    barrier = threading.Barrier(len(clients))
    codes: list[int] = []

    def hit(client: Any, token: str) -> None:
        with app.app_context():
            barrier.wait()
            codes.append(client.post(url, data={"csrf_token": token}, csrf=False).status_code)
            db.session.remove()

    threads = [threading.Thread(target=hit, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


@pytest.mark.usefixtures("exam_ready")
def test_concurrent_finish_issues_exactly_one_certificate(app, make_user):
    user = make_user(display_name="Racing Student")
    session = exams.start_session(user, "quick")
    db.session.commit()
    for item in session.items:
        exams.save_answer(session, item.position, GOLD_ANSWERS[item.version.exercise.kind], 0)
    db.session.commit()
    clients = signed_in_clients(app, user, THREADS)
    codes = all_at_once(app, clients, f"/exams/sessions/{session.id}/finish")
    db.session.expire_all()
    assert codes == [302] * THREADS
    assert db.session.get(ExamSession, session.id).status == "passed"
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 1
    issued = db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "certificate.issue")
    assert db.session.scalar(issued) == 1


@pytest.mark.usefixtures("exam_ready")
def test_concurrent_starts_open_one_session(app, make_user):
    user = make_user(display_name="Eager Student")
    clients = signed_in_clients(app, user, THREADS)
    codes = all_at_once(app, clients, "/exams/quick/start")
    db.session.expire_all()
    assert codes == [302] * THREADS  # every loser is redirected with a message, never a 500
    active = db.select(db.func.count(ExamSession.id)).where(ExamSession.status == "active")
    assert db.session.scalar(active) == 1
