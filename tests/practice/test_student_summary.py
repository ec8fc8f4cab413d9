"""The dashboard's summary row follows practice submits and reviews, and equals a rebuild."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, Role, StudentSummary
from app.services.learning.dashboard import dashboard_for, live_dashboard
from app.services.learning.student_summary import fill_summary, rebuild_summary
from app.services.practice.practice import submit_practice
from app.services.studio.reviews import review_attempt
from tests.exams.factories import ranking_item

FIELDS = (
    "attempts_total",
    "last_attempt_id",
    "pending_reviews",
    "lessons_completed",
    "lessons_viewed_at",
    "resume_lesson_id",
)


def snapshot(row: StudentSummary) -> dict[str, Any]:
    """The row's fields, weekly sums rounded (a rebuild adds them in another order)."""
    practice = dict(row.practice)
    practice["weeks"] = {w: [round(t, 9), n] for w, (t, n) in practice["weeks"].items()}
    return {**{name: getattr(row, name) for name in FIELDS}, "practice": practice}


def assert_equals_rebuild(user: Any) -> StudentSummary:
    """The stored row equals one computed from scratch, and the page data equals the live one."""
    db.session.expire_all()
    stored = db.session.get(StudentSummary, user.id)
    assert stored is not None
    kept = snapshot(stored)
    fresh = fill_summary(StudentSummary(user_id=user.id), user)
    assert kept == snapshot(fresh)
    dash, live = dashboard_for(user), live_dashboard(user)
    assert dash.rebuilt is None  # the stored row passed its stamp check
    mine, theirs = dash.sections["practice"], live.sections["practice"]
    assert (mine.criteria, mine.kinds, mine.recent, mine.total) == (
        theirs.criteria,
        theirs.kinds,
        theirs.recent,
        theirs.total,
    )
    assert [(w, n) for w, _m, n in mine.weeks] == [(w, n) for w, _m, n in theirs.weeks]
    assert [m for _w, m, _n in mine.weeks] == pytest.approx([m for _w, m, _n in theirs.weeks])
    assert dash.sections["studio"]["pending"] == live.sections["studio"]["pending"]
    return stored


def ranking_answer(version: Any, reverse: bool = False) -> dict[str, Any]:
    """A full ranking of the version's answers (gold order, or its reverse)."""
    order = [answer.key for answer in version.answers]
    return {"order": order[::-1] if reverse else order}


@pytest.fixture
def student_with_row(make_user):
    """A student whose (empty) summary row exists."""
    user = make_user()
    rebuild_summary(user)
    db.session.commit()
    return user


def test_a_submit_updates_the_summary_in_its_transaction(student_with_row, make_exercise):
    user = student_with_row
    first = make_exercise(ranking_item("pr-rank-901"))
    second = make_exercise(ranking_item("pr-rank-902"))
    submit_practice(user, first.exercise, first.version, ranking_answer(first.version))
    db.session.commit()
    row = assert_equals_rebuild(user)
    assert row.attempts_total == 1 and len(row.practice["kinds"]["ranking"]) == 1
    # a repeat is recent work but not mastery evidence; a new item is both
    wrong = ranking_answer(first.version, reverse=True)
    submit_practice(user, first.exercise, first.version, wrong)
    submit_practice(user, second.exercise, second.version, wrong)
    db.session.commit()
    row = assert_equals_rebuild(user)
    assert row.attempts_total == 3 and len(row.practice["kinds"]["ranking"]) == 2
    assert [line[1] for line in row.practice["recent"]] == [
        "pr-rank-902",
        "pr-rank-901",
        "pr-rank-901",
    ]


def test_a_submit_written_with_core_statements_leaves_no_stale_object(
    student_with_row, make_exercise
):
    """The attempt and the summary are written without the unit of work (for speed): a summary
    this session had already loaded is read again, and the returned attempt is its stored row."""
    user = student_with_row
    item = make_exercise(ranking_item("pr-rank-903"))
    loaded = db.session.get(StudentSummary, user.id)
    assert loaded is not None and loaded.attempts_total == 0
    attempt = submit_practice(user, item.exercise, item.version, ranking_answer(item.version))
    assert loaded.attempts_total == 1 and loaded.last_attempt_id == attempt.id
    assert loaded.practice["recent"][0][1] == "pr-rank-903"
    stored = db.session.execute(
        select(Attempt).where(Attempt.id == attempt.id).execution_options(populate_existing=True)
    ).scalar_one()
    assert stored is attempt  # one object per row: a later review changes this very row
    assert (stored.user_id, stored.score, stored.kind) == (user.id, attempt.score, "ranking")
    assert attempt not in db.session.dirty and attempt not in db.session.new
    db.session.commit()
    assert_equals_rebuild(user)


def test_a_review_updates_the_summary(student_with_row, item_of_kind, make_user):
    user = student_with_row
    outcome = item_of_kind("correction")
    attempt = submit_practice(user, outcome.exercise, outcome.version, {"text": "Rest."})
    db.session.commit()
    row = assert_equals_rebuild(user)
    assert row.pending_reviews == 1 and row.practice["kinds"] == {}
    review_attempt(attempt, make_user(Role.INSTRUCTOR), [], "Not an answer.")
    db.session.commit()
    row = assert_equals_rebuild(user)
    assert row.pending_reviews == 0 and list(row.practice["kinds"]) == ["correction"]


def test_rows_written_around_the_services_are_caught_by_the_stamp(student_with_row, make_exercise):
    from app.models import Attempt

    user = student_with_row
    outcome = make_exercise(ranking_item("pr-rank-903"))
    db.session.add(
        Attempt(
            user_id=user.id,
            exercise_id=outcome.exercise.id,
            version_id=outcome.version.id,
            kind="ranking",
            answer={},
            score=0.5,
            criterion_scores={"ethics": 0.5},
        )
    )
    db.session.commit()
    dash = dashboard_for(user)
    assert dash.rebuilt is not None and dash.sections["practice"].total == 1
    assert dash.sections["practice"].criteria["ethics"] == pytest.approx(0.5)


def test_the_page_from_the_summary_equals_the_page_computed_live(
    client, student, make_exercise, monkeypatch
):
    import re

    from app.main import views

    outcome = make_exercise(ranking_item("pr-rank-904"))
    submit_practice(student, outcome.exercise, outcome.version, ranking_answer(outcome.version))
    db.session.commit()
    assert db.session.get(StudentSummary, student.id) is None
    client.get("/")  # shows the sign-in flash
    built = client.get("/dashboard").get_data(as_text=True)  # builds and stores the row
    assert db.session.get(StudentSummary, student.id) is not None
    from_row = client.get("/dashboard").get_data(as_text=True)
    monkeypatch.setattr(views, "dashboard_for", live_dashboard)
    live = client.get("/dashboard").get_data(as_text=True)

    def strip(page: str) -> str:
        return re.sub(r'name="csrf-token" content="[^"]*"|value="[^"]{40,}"', "", page)

    assert strip(built) == strip(from_row) == strip(live)
    assert "pr-rank-904" in live or outcome.exercise.title in live
