"""The submit floor (benchmarks/floor_app.py) does the work it claims, and no less.

It is the yardstick the submit is compared with in RESULTS.md: a floor that skipped the CSRF
check, wrote nothing, or left the summary and rollup alone would flatter the comparison.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.config import REPO_ROOT
from app.extensions import db
from app.models import Attempt, PracticeWeekRollup, StudentSummary, User
from app.services.learning.student_summary import rebuild_summary
from tests.exams.factories import ranking_item

sys.path.append(str(REPO_ROOT / "benchmarks"))  # after the project: never shadows a module

from floor_app import create_floor_app  # noqa: E402


@pytest.fixture
def floor(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The floor app on this run's test database."""
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("SECRET_KEY", "the-floor-app-test-key-long-enough-000000")
    floor_app = create_floor_app()
    floor_app.testing = True
    yield floor_app
    floor_app.extensions["floor_engine"].dispose()


@dataclass(frozen=True)
class Ranking:
    """A published practice ranking item's exercise id, uid and current version id."""

    exercise_id: int
    uid: str
    version_id: int


@pytest.fixture
def ranking(make_exercise: Any) -> Ranking:
    """A published practice ranking item."""
    saved = make_exercise(ranking_item("pr-floor-1"))
    return Ranking(saved.exercise.id, saved.exercise.uid, saved.version.id)


def entered(floor: Flask, user: User) -> tuple[FlaskClient, str]:
    """A client signed in to the floor as ``user``, and its CSRF token.

    The test's own transaction ends first: on SQLite it would hold the write lock the floor's
    insert waits for.
    """
    user_id = user.id
    db.session.commit()
    client = floor.test_client()
    response = client.get(f"/enter/{user_id}")
    assert response.status_code == 200
    return client, response.get_data(as_text=True)


def answer(token: str, version_id: int) -> dict[str, str]:
    """A ranking answer as the benchmark posts it."""
    return {"csrf_token": token, "version_id": str(version_id), "order_1": "B", "order_2": "A",
            "order_3": "D", "order_4": "C"}


def attempts_of(user_id: int) -> list[Attempt]:
    """The user's attempts as stored now (the test's transaction ended, as in ``entered``)."""
    db.session.commit()
    found = list(db.session.scalars(select(Attempt).where(Attempt.user_id == user_id)))
    db.session.commit()
    return found


def test_the_floor_records_the_answer_and_refuses_a_post_without_the_token(
    floor, ranking, make_user
):
    student = make_user()
    student_id = student.id
    client, token = entered(floor, student)
    refused = client.post(f"/answer/{ranking.exercise_id}", data={"version_id": "1"})
    assert refused.status_code == 400
    assert attempts_of(student_id) == []
    done = client.post(f"/answer/{ranking.exercise_id}", data=answer(token, ranking.version_id))
    assert done.status_code == 302
    (attempt,) = attempts_of(student_id)
    assert done.headers["Location"] == f"/attempts/{attempt.id}"
    assert attempt.answer == {"order": ["B", "A", "D", "C"]}


def test_the_kept_route_also_runs_the_sites_summary_and_rollup_statements(
    floor, ranking, make_user
):
    student = make_user()
    student_id = student.id
    rebuild_summary(student)
    client, token = entered(floor, student)
    path = f"/answer-kept/{ranking.uid}"
    stale = client.post(path, data=answer(token, ranking.version_id + 1000))
    assert stale.status_code == 400  # the item and its current version are checked
    assert attempts_of(student_id) == []
    done = client.post(path, data=answer(token, ranking.version_id))
    assert done.status_code == 302
    (attempt,) = attempts_of(student_id)
    summary = db.session.get(StudentSummary, student_id)
    assert (summary.attempts_total, summary.last_attempt_id) == (1, attempt.id)
    mine = PracticeWeekRollup.user_id == student_id
    rolled = db.session.scalar(select(func.sum(PracticeWeekRollup.attempts)).where(mine))
    assert rolled == 1
