"""One student's concurrent submits of the same new item keep the summary equal to a rebuild.

A submit locks the student's summary row before writing the attempt, so one student's submits
get their ids, times and summary updates in the order of that lock. Two interleavings:

- the second submit waits at the first one's lock: its "answered before?" was read in a
  snapshot from before the first committed, so it must learn of the first from the row it then
  locks (without that, both count as first attempts);
- the first submit stalls before its lock while a second one commits: the one written first
  must be the first attempt and the newest must be the last (this failed when the lock came
  after the insert; a gunicorn run with eight simultaneous submits per item showed it for five
  students out of five).

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


def student_and_item(
    make_user: Callable[..., User], make_exercise: Callable[..., Any], uid: str
) -> tuple[int, int, list[str]]:
    """A new student with a (empty) summary row and a new ranking item, committed."""
    student = make_user(Role.STUDENT)
    rebuild_summary(student)
    db.session.commit()
    stored = make_exercise(ranking_item(uid))
    return student.id, stored.version.id, [answer.key for answer in stored.version.answers]


def assert_summary_equals_rebuild(user_id: int) -> StudentSummary:
    """The stored summary after two submits equals one computed from the attempts."""
    db.session.expire_all()
    row = db.session.get(StudentSummary, user_id)
    fresh = fill_summary(StudentSummary(user_id=user_id), db.session.get(User, user_id))
    assert row.attempts_total == fresh.attempts_total == 2
    assert row.last_attempt_id == fresh.last_attempt_id
    for part in ("kinds", "criteria", "recent"):
        assert row.practice[part] == fresh.practice[part], part
    return row


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
    user_id, version_id, keys = student_and_item(make_user, make_exercise, "pr-rank-race")

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

    row = assert_summary_equals_rebuild(user_id)
    assert len(row.practice["kinds"]["ranking"]) == 1  # one first attempt, one repeat


def test_submits_that_reach_the_lock_out_of_order_keep_the_summary_exact(
    app: Flask, make_user: Callable[..., User], make_exercise: Callable[..., Any]
) -> None:
    """The first submit stalls just before it locks the summary; a second one runs to its
    commit meanwhile. The rebuild orders attempts by id and time, so whichever was written
    first must be the first attempt, the newest in "recent" and ``last_attempt_id``."""
    user_id, version_id, keys = student_and_item(make_user, make_exercise, "pr-rank-race-order")

    stalled, resume = threading.Event(), threading.Event()
    slow_thread: list[threading.Thread] = []

    def stall_before_the_lock(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        locking = "FOR UPDATE" in statement and "student_summaries" in statement
        if locking and threading.current_thread() in slow_thread and not stalled.is_set():
            stalled.set()
            resume.wait(timeout=30)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", stall_before_the_lock)
    slow_done, fast_done, go = threading.Event(), threading.Event(), threading.Event()
    go.set()  # both commit as soon as they have submitted
    slow = threading.Thread(
        target=submit_in_own_session, args=(app, user_id, version_id, keys, slow_done, go)
    )
    fast = threading.Thread(
        target=submit_in_own_session, args=(app, user_id, version_id, keys[::-1], fast_done, go)
    )
    slow_thread.append(slow)
    try:
        slow.start()
        assert stalled.wait(timeout=20)
        fast.start()
        fast.join(timeout=30)  # runs to its commit while the slow one stalls
        assert fast_done.is_set()
    finally:
        resume.set()
        slow.join(timeout=30)
        event.remove(engine, "before_cursor_execute", stall_before_the_lock)
    assert slow_done.is_set()

    assert_summary_equals_rebuild(user_id)
