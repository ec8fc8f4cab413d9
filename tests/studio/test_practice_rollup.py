"""The weekly practice rollup follows every attempt write and equals a rebuild from attempts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Attempt, PracticeWeekRollup, Role, utcnow
from app.services.analytics import analytics
from app.services.analytics.practice_rollup import rebuild_rollups
from app.services.practice.practice import submit_practice
from app.services.studio.reviews import review_attempt


def stored_rows() -> list[tuple]:
    """Every rollup row, rounded (sums added in another order differ in the last bits)."""
    rows = db.session.scalars(
        select(PracticeWeekRollup).order_by(PracticeWeekRollup.user_id, PracticeWeekRollup.week)
    )
    return [
        tuple(
            round(v, 9) if isinstance(v, float) else v
            for v in (r.user_id, r.week, r.attempts, r.ethics_sum, r.ethics_n, r.accuracy_sum)
            + (r.accuracy_n, r.relevance_sum, r.relevance_n, r.quality_sum, r.quality_n)
        )
        for r in rows
        if r.attempts  # a row emptied by deletions is kept with zeros; a rebuild drops it
    ]


def assert_equals_rebuild() -> None:
    """The incrementally kept rows are what a rebuild from the attempts gives."""
    kept = stored_rows()
    rebuild_rollups()
    assert kept == stored_rows()


def live_trends() -> dict[str, list[tuple[str, float, int]]]:
    """criterion_trends computed from the attempts themselves (whole weeks), the reference."""
    from app.services.learning.mastery import week_start

    week = week_start(Attempt.created_at)
    cut = (utcnow() - timedelta(weeks=analytics.TREND_WEEKS)).date()
    cut -= timedelta(days=cut.weekday())
    out: dict[str, list[tuple[str, float, int]]] = {c: [] for c in analytics.CRITERIA}
    rows = db.session.execute(
        select(
            week,
            func.count(),
            *[func.avg(Attempt.criterion_scores[c].as_float()) for c in analytics.CRITERIA],
        )
        .where(week >= cut.isoformat())
        .group_by(week)
        .order_by(week)
    )
    for wk, n, *means in rows:
        for c, mean in zip(analytics.CRITERIA, means, strict=True):
            if mean is not None:
                out[c].append((str(wk), pytest.approx(float(mean)), int(n)))
    return out


def test_submits_reviews_and_deletes_keep_the_rollup(make_user, make_exercise, item_for):
    ranking = make_exercise(item_for("ranking"))
    correction = make_exercise(item_for("correction"))
    keys = [a.key for a in ranking.version.answers]
    students = [make_user(), make_user()]
    for student in students:
        submit_practice(student, ranking.exercise, ranking.version, {"order": keys})
        submit_practice(student, ranking.exercise, ranking.version, {"order": keys[::-1]})
    pending = submit_practice(
        students[0], correction.exercise, correction.version, {"text": "Rest and fluids."}
    )
    db.session.commit()
    assert_equals_rebuild()
    assert analytics.criterion_trends() == live_trends()
    review_attempt(pending, make_user(Role.INSTRUCTOR), [], "Not an answer.")
    db.session.commit()
    assert_equals_rebuild()
    assert analytics.criterion_trends() == live_trends()
    old = db.session.scalar(select(Attempt).order_by(Attempt.id))
    db.session.delete(old)
    db.session.commit()
    assert_equals_rebuild()
    assert analytics.criterion_trends() == live_trends()


def test_trends_read_few_rows_not_attempts(make_user, make_exercise, item_for):
    from tests.studio.test_analytics import count_queries

    ranking = make_exercise(item_for("ranking"))
    keys = [a.key for a in ranking.version.answers]
    student = make_user()
    for _ in range(5):
        submit_practice(student, ranking.exercise, ranking.version, {"order": keys})
    db.session.commit()
    assert db.session.scalar(select(func.sum(PracticeWeekRollup.attempts))) == 5
    assert db.session.scalar(select(func.count()).select_from(PracticeWeekRollup)) == 1
    with count_queries() as statements:
        analytics.criterion_trends()
    assert len(statements) == 1
