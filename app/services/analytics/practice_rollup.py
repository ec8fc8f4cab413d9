"""Criterion trends from the weekly rollup (``PracticeWeekRollup``), and its rebuild.

The rollup is kept on every ORM flush (``app.models.rollup``); ``rebuild_rollups`` recomputes
it from the attempts in one INSERT … SELECT, for data written around the ORM (seed-scale,
restores). Weeks are whole weeks: the oldest one shown is the week holding the cut-off.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, insert, select

from app.models import Attempt, CohortMember, PracticeWeekRollup, db, utcnow
from app.models.rollup import CRITERIA, monday
from app.services.learning.mastery import week_start

Trends = dict[str, list[tuple[str, float, int]]]


def rollup_trends(weeks: int, cohort_id: int | None = None) -> Trends:
    """Weekly (week, mean score, attempts) per criterion over the last ``weeks`` weeks."""
    r = PracticeWeekRollup
    sums = [func.sum(getattr(r, f"{c}_sum")) for c in CRITERIA]
    counts = [func.sum(getattr(r, f"{c}_n")) for c in CRITERIA]
    stmt = (
        select(r.week, func.sum(r.attempts), *sums, *counts)
        .where(r.week >= monday(utcnow() - timedelta(weeks=weeks)))
        .group_by(r.week)
        .order_by(r.week)
    )
    if cohort_id is not None:
        stmt = stmt.join(CohortMember, CohortMember.user_id == r.user_id).where(
            CohortMember.cohort_id == cohort_id
        )
    trends: Trends = {c: [] for c in CRITERIA}
    for week, attempts, *figures in db.session.execute(stmt):
        if not attempts:
            continue
        for criterion, total, n in zip(
            CRITERIA, figures[: len(CRITERIA)], figures[len(CRITERIA) :], strict=True
        ):
            if n:  # no attempt that week gave evidence on this criterion
                trends[criterion].append((str(week), float(total) / int(n), int(attempts)))
    return trends


def rebuild_rollups() -> int:
    """Recompute every (student, week) row from the attempts; returns the rows written."""
    week = week_start(Attempt.created_at)
    values = [Attempt.criterion_scores[c].as_float() for c in CRITERIA]
    figures = []
    for value in values:
        figures += [func.coalesce(func.sum(value), 0.0), func.count(value)]
    source = select(Attempt.user_id, week, func.count(), *figures).group_by(Attempt.user_id, week)
    columns = ["user_id", "week", "attempts"]
    for c in CRITERIA:
        columns += [f"{c}_sum", f"{c}_n"]
    db.session.execute(delete(PracticeWeekRollup))
    table = PracticeWeekRollup.__table__
    db.session.execute(insert(table).from_select(columns, source))
    return db.session.scalar(select(func.count()).select_from(table)) or 0
