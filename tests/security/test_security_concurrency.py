"""Fifty browsers at once against one exam session: no lost answer, one grade, one certificate.

Each thread has its own test client, signed in as the same student, and its own app context (so
its own database session and connection). PostgreSQL only: SQLite serialises every writer, so it
cannot show these races; CI's second pass runs on PostgreSQL, where these tests must pass.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Certificate, ExamItem, ExamSession, Role, User, utcnow
from app.services.practice.exercise_bank import save_item, version_to_dict
from tests.security.conftest import signed_in_client
from tests.security.items import gold_response, sample
from tests.security.world import BLUEPRINT_SLUG, small_form_snapshot

THREADS = 50
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
        reason="concurrency tests need PostgreSQL (TEST_DATABASE_URL); CI runs them there",
    ),
]
KINDS = ("rating", "ranking", "pairwise")


def exam_session(student: User, size: int) -> ExamSession:
    """An active session of ``size`` automatically graded items, as ``start_session`` draws."""
    from app.services.certification.blueprints import get_blueprint
    from app.services.certification.exam_grading import blueprint_snapshot

    now = utcnow()
    blueprint = get_blueprint(BLUEPRINT_SLUG)
    assert blueprint is not None
    session = ExamSession(
        user_id=student.id,
        blueprint_slug=BLUEPRINT_SLUG,
        attempt_number=1,
        seed=1,
        status="active",
        started_at=now - timedelta(minutes=1),
        deadline_at=now + timedelta(minutes=59),
        result={"blueprint": small_form_snapshot(blueprint_snapshot(blueprint))},
    )
    for position in range(1, size + 1):
        kind = KINDS[position % len(KINDS)]
        exercise = save_item(sample(kind, f"ex-race-{position}"), "exam").exercise
        section = "flagging" if kind == "rating" else "ranking"
        session.items.append(
            ExamItem(
                position=position,
                section=section,
                exercise_id=exercise.id,
                version_id=exercise.versions[0].id,
            )
        )
    db.session.add(session)
    db.session.commit()
    return session


def run_together(app: Flask, email: str, work: Callable[[Any, int], Any]) -> list[Any]:
    """Sign in THREADS browsers, then release them at once; return each one's result."""
    barrier = threading.Barrier(THREADS)
    results: list[Any] = [None] * THREADS

    def worker(index: int) -> None:
        with app.app_context():
            client = signed_in_client(app, email)
            token = client.csrf_token()
            barrier.wait(timeout=120)
            try:
                results[index] = work((client, token), index)
            except Exception as error:  # noqa: BLE001 - reported by the test, not lost
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


def autosave(browser: tuple[Any, str], session_id: int, body: dict[str, Any]) -> tuple[int, Any]:
    """POST one JSON autosave with the browser's CSRF token."""
    client, token = browser
    response = client.post(
        f"/exams/sessions/{session_id}/autosave",
        json=body,
        headers={"X-CSRFToken": token},
        csrf=False,
    )
    return response.status_code, response.json


def stored_items(session_id: int) -> dict[int, ExamItem]:
    """Items by position, as committed."""
    db.session.expire_all()
    rows = db.session.scalars(select(ExamItem).where(ExamItem.session_id == session_id))
    return {item.position: item for item in rows}


@pytest.fixture
def student(make_user: Callable[..., User]) -> User:
    """The student whose session fifty browsers share."""
    return make_user(Role.STUDENT, display_name="Racing Student")


def test_fifty_concurrent_answers_to_different_questions_are_all_kept(app, student):
    session = exam_session(student, THREADS)
    answers = {
        p: gold_response(version_to_dict(i.version)) for p, i in stored_items(session.id).items()
    }

    def save(browser: Any, index: int) -> Any:
        return autosave(
            browser,
            session.id,
            {"position": index + 1, "revision": 0, "answer": answers[index + 1]},
        )

    results = run_together(app, student.email, save)
    assert all(r[0] == 200 for r in results), results
    stored = stored_items(session.id)
    lost = [p for p, item in stored.items() if item.answer != answers[p] or item.revision != 1]
    assert not lost, f"answers lost or overwritten at positions {lost}"


def test_fifty_concurrent_saves_of_one_question_keep_exactly_one(app, student):
    session = exam_session(student, 3)
    item = stored_items(session.id)[1]
    base = gold_response(version_to_dict(item.version))
    assert item.version.exercise.kind == "ranking"

    def save(browser: Any, index: int) -> Any:
        order = list(base["order"])
        order.insert(0, order.pop(index % len(order)))
        return autosave(
            browser, session.id, {"position": 1, "revision": 0, "answer": {"order": order}}
        ), order

    results = run_together(app, student.email, save)
    assert not [r for r in results if isinstance(r, Exception)], results
    winners = [order for (status, _body), order in results if status == 200]
    refused = [body for (status, body), _order in results if status == 409]
    assert len(winners) == 1 and len(refused) == THREADS - 1, [r[0][0] for r in results]
    assert all(body["stale"] for body in refused)
    stored = stored_items(session.id)[1]
    assert stored.revision == 1 and stored.answer == {"order": winners[0]}


def test_fifty_concurrent_finishes_grade_once_and_issue_one_certificate(app, student):
    session = exam_session(student, 6)
    for item in stored_items(session.id).values():
        item.answer = gold_response(version_to_dict(item.version))
        item.answered_at, item.revision = utcnow(), 1
    db.session.commit()

    def finish(browser: Any, _index: int) -> int:
        client, token = browser
        response = client.post(
            f"/exams/sessions/{session.id}/finish", data={"csrf_token": token}, csrf=False
        )
        return response.status_code

    results = run_together(app, student.email, finish)
    assert results == [302] * THREADS, results
    db.session.expire_all()
    graded = db.session.get(ExamSession, session.id)
    assert graded.status == "passed", graded.result
    certificates = db.session.scalar(
        select(func.count())
        .select_from(Certificate)
        .where(Certificate.exam_session_id == session.id)
    )
    issued = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "certificate.issue")
    )
    assert certificates == 1 and issued == 1
