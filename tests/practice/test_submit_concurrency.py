"""Two submits of the same new item by one student at once: exactly one is the first attempt.

The submit locks the student's summary row before writing the attempt. The second submit
waits at that lock; its "answered before?" was read in a snapshot from before the first one
committed, so it must learn of the first from the row it then locks. Before this, the lock
came after the insert and both counted as first attempts (a real gunicorn run with eight
simultaneous submits per item showed it for five students out of five).

PostgreSQL only: SQLite serialises every writer from its first statement (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, text

from app.extensions import db
from app.models import Exercise, ExerciseVersion, Role, StudentSummary, User
from app.services.learning.student_summary import fill_summary, rebuild_summary
from app.services.practice.practice import submit_practice
from tests.exams.factories import ranking_item

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
        reason="lock waits need PostgreSQL (TEST_DATABASE_URL); CI runs them there",
    ),
]


def submit_in_own_session(
    app: Flask,
    user_id: int,
    version_id: int,
    order: list[str],
    submitted: threading.Event,
    may_commit: threading.Event,
) -> None:
    """One submit in its own app context (its own connection), committed when told."""
    with app.app_context():
        try:
            user = db.session.get(User, user_id)
            version = db.session.get(ExerciseVersion, version_id)
            exercise = db.session.get(Exercise, version.exercise_id)
            submit_practice(user, exercise, version, {"order": order})
            submitted.set()
            may_commit.wait(timeout=30)
            db.session.commit()
        finally:
            db.session.remove()


def wait_for_a_lock_wait(seconds: float = 20) -> None:
    """Return once some backend of this database waits for a row lock."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        waiting = db.session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
        db.session.commit()
        if waiting:
            return
        time.sleep(0.02)
    raise AssertionError("the second submit never waited for the first one's lock")


def test_the_second_of_two_simultaneous_first_attempts_is_a_repeat(
    app: Flask, make_user: Callable[..., User], make_exercise: Callable[..., Any]
) -> None:
    student = make_user(Role.STUDENT)
    rebuild_summary(student)
    db.session.commit()
    stored = make_exercise(ranking_item("pr-rank-race"))
    keys = [answer.key for answer in stored.version.answers]
    user_id, version_id = student.id, stored.version.id

    first_submitted, first_may_commit = threading.Event(), threading.Event()
    second_submitted, second_may_commit = threading.Event(), threading.Event()
    second_may_commit.set()
    first = threading.Thread(
        target=submit_in_own_session,
        args=(app, user_id, version_id, keys, first_submitted, first_may_commit),
    )
    second = threading.Thread(
        target=submit_in_own_session,
        args=(app, user_id, version_id, keys[::-1], second_submitted, second_may_commit),
    )
    first.start()
    try:
        assert first_submitted.wait(timeout=20)  # it holds the summary row's lock, uncommitted
        second.start()
        wait_for_a_lock_wait()
        assert not second_submitted.is_set()  # the second queues behind the first's lock
    finally:
        first_may_commit.set()
        first.join(timeout=30)
        if second.ident is not None:  # started
            second.join(timeout=30)
    assert not first.is_alive() and not second.is_alive()
    assert second_submitted.is_set()

    db.session.expire_all()
    user = db.session.get(User, user_id)
    row = db.session.get(StudentSummary, user_id)
    fresh = fill_summary(StudentSummary(user_id=user_id), user)
    assert row.attempts_total == fresh.attempts_total == 2
    assert row.last_attempt_id == fresh.last_attempt_id
    assert len(row.practice["kinds"]["ranking"]) == 1  # one first attempt, one repeat
    for part in ("kinds", "criteria", "recent"):
        assert row.practice[part] == fresh.practice[part], part


def test_submits_that_reach_the_lock_out_of_order_keep_the_summary_exact(
    app: Flask, make_user: Callable[..., User], make_exercise: Callable[..., Any]
) -> None:
    """The first submit stalls just before it locks the summary; a second one runs to its
    commit meanwhile. The rebuild orders attempts by id and time, so whichever was written
    first must be the first attempt, the newest in "recent" and ``last_attempt_id``."""
    student = make_user(Role.STUDENT)
    rebuild_summary(student)
    db.session.commit()
    stored = make_exercise(ranking_item("pr-rank-race-order"))
    keys = [answer.key for answer in stored.version.answers]
    user_id, version_id = student.id, stored.version.id

    stalled, resume = threading.Event(), threading.Event()
    slow_thread: list[threading.Thread] = []

    def stall_before_the_lock(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        locking = "FOR UPDATE" in statement and "student_summaries" in statement
        if locking and threading.current_thread() in slow_thread and not stalled.is_set():
            stalled.set()
            resume.wait(timeout=30)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", stall_before_the_lock)
    done = [threading.Event() for _ in range(4)]
    go = threading.Event()
    go.set()
    slow = threading.Thread(
        target=submit_in_own_session, args=(app, user_id, version_id, keys, done[0], go)
    )
    fast = threading.Thread(
        target=submit_in_own_session, args=(app, user_id, version_id, keys[::-1], done[1], go)
    )
    slow_thread.append(slow)
    try:
        slow.start()
        assert stalled.wait(timeout=20)
        fast.start()
        fast.join(timeout=30)  # runs to its commit while the slow one stalls
        assert done[1].is_set()
    finally:
        resume.set()
        slow.join(timeout=30)
        event.remove(engine, "before_cursor_execute", stall_before_the_lock)
    assert done[0].is_set()

    db.session.expire_all()
    user = db.session.get(User, user_id)
    row = db.session.get(StudentSummary, user_id)
    fresh = fill_summary(StudentSummary(user_id=user_id), user)
    assert row.attempts_total == fresh.attempts_total == 2
    assert row.last_attempt_id == fresh.last_attempt_id
    for part in ("kinds", "criteria", "recent"):
        assert row.practice[part] == fresh.practice[part], part
