"""Item and cohort analytics, aggregated in SQL so they stay fast on millions of attempts.

The per-item table is one GROUP BY; an item's detail is a handful of queries bounded by the
item's attempts (the ``ix_attempts_exercise_created`` and ``ix_attempts_user_created`` indexes
serve them). The statistics themselves are the pure functions of ``graders.item_stats``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Text, case, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from app.models import Attempt, CohortMember, ExamItem, ExamSession, Exercise, db, utcnow
from app.services.analytics_sql import cached, week_label, week_start
from graders.item_stats import cronbach_alpha, kr20, point_biserial, score_matrix

CRITERIA = ("ethics", "accuracy", "relevance", "quality")
TREND_WEEKS = 26
COMMON_ORDERS = 5
MAX_STUDENTS = 50_000
MAX_SESSIONS = 2_000
ITEM_PASS_MARK = 0.8  # an exam item counts as passed for KR-20 at the exam's overall pass mark


@dataclass(frozen=True)
class ItemRow:
    """One line of the item table."""

    id: int
    uid: str
    title: str
    kind: str
    pool: str
    status: str
    attempts: int
    difficulty: float | None
    critical_share: float | None


@dataclass(frozen=True)
class ItemDetail:
    """Everything the item page shows."""

    row: ItemRow
    discrimination: float | None
    students: int
    wrong_orders: list[tuple[list[str], int]]
    weekly: list[tuple[str, float, int]]


@dataclass
class ExamStats:
    """Pass rate by week and reliability of one exam blueprint."""

    blueprint: str
    weekly: list[tuple[str, float, int]] = field(default_factory=list)
    sessions: int = 0
    kr20: float | None = None
    cronbach_alpha: float | None = None


def _critical() -> ColumnElement[int]:
    """1 for an attempt with a critical error, else 0 (to SUM)."""
    return case((Attempt.critical_errors > 0, 1), else_=0)


def _row(exercise: Any, attempts: int | None, mean: float | None, critical: int | None) -> ItemRow:
    """Build an ItemRow from an exercise's columns and its aggregates."""
    count = int(attempts or 0)
    return ItemRow(
        exercise.id,
        exercise.uid,
        exercise.title,
        exercise.kind,
        exercise.pool,
        exercise.status,
        count,
        float(mean) if mean is not None else None,
        (critical or 0) / count if count else None,
    )


def item_table() -> list[ItemRow]:
    """Attempts, difficulty (mean score) and critical-error share of every item: one query."""
    stats = (
        select(
            Attempt.exercise_id,
            func.count().label("attempts"),
            func.avg(Attempt.score).label("mean"),
            func.sum(_critical()).label("critical"),
        )
        .group_by(Attempt.exercise_id)
        .subquery()
    )
    stmt = (
        select(
            Exercise.id,
            Exercise.uid,
            Exercise.title,
            Exercise.kind,
            Exercise.pool,
            Exercise.status,
            stats.c.attempts,
            stats.c.mean,
            stats.c.critical,
        )
        .outerjoin(stats, stats.c.exercise_id == Exercise.id)
        .order_by(Exercise.pool, Exercise.uid)
    )
    return [_row(r, r.attempts, r.mean, r.critical) for r in db.session.execute(stmt)]


def _discrimination(exercise_id: int) -> tuple[float | None, int]:
    """Point-biserial of students' mean on this item against their mean on every item."""
    on_item = (
        select(Attempt.user_id, func.avg(Attempt.score).label("item_score"))
        .where(Attempt.exercise_id == exercise_id)
        .group_by(Attempt.user_id)
        .subquery()
    )
    totals = (
        select(Attempt.user_id, func.avg(Attempt.score).label("total"))
        .where(Attempt.user_id.in_(select(on_item.c.user_id)))
        .group_by(Attempt.user_id)
        .subquery()
    )
    pairs = db.session.execute(
        select(on_item.c.item_score, totals.c.total)
        .join(totals, totals.c.user_id == on_item.c.user_id)
        .limit(MAX_STUDENTS)
    ).all()
    item = [float(p.item_score) for p in pairs]
    return point_biserial(item, [float(p.total) for p in pairs]), len(pairs)


def _wrong_orders(exercise_id: int) -> list[tuple[list[str], int]]:
    """The most common submitted orders that were not perfect (ranking items)."""
    answer = cast(Attempt.answer, Text)
    count = func.count().label("n")
    rows = db.session.execute(
        select(answer.label("answer"), count)
        .where(Attempt.exercise_id == exercise_id, Attempt.score < 1)
        .group_by(answer)
        .order_by(count.desc(), answer)
        .limit(COMMON_ORDERS)
    ).all()
    merged: Counter[tuple[str, ...]] = Counter()
    for text, n in rows:  # the same order may be serialised with different spacing
        order = json.loads(text).get("order") if text else None
        if isinstance(order, list):
            merged[tuple(str(a) for a in order)] += n
    return [(list(order), n) for order, n in merged.most_common(COMMON_ORDERS)]


def _weekly_item(exercise_id: int) -> list[tuple[str, float, int]]:
    """Mean score per week over the recent weeks."""
    week = week_start(Attempt.created_at)
    rows = db.session.execute(
        select(week.label("week"), func.avg(Attempt.score), func.count())
        .where(
            Attempt.exercise_id == exercise_id,
            Attempt.created_at >= utcnow() - timedelta(weeks=TREND_WEEKS),
        )
        .group_by(week)
        .order_by(week)
    ).all()
    return [(week_label(w), float(mean), int(n)) for w, mean, n in rows]


def item_detail(exercise_id: int) -> ItemDetail | None:
    """The item page's statistics in a few bounded queries; None for an unknown item."""
    exercise = db.session.get(Exercise, exercise_id)
    if exercise is None:
        return None
    attempts, mean, critical = db.session.execute(
        select(func.count(), func.avg(Attempt.score), func.sum(_critical())).where(
            Attempt.exercise_id == exercise_id
        )
    ).one()
    discrimination, students = _discrimination(exercise_id)
    orders = _wrong_orders(exercise_id) if exercise.kind == "ranking" else []
    return ItemDetail(
        _row(exercise, attempts, mean, critical),
        discrimination,
        students,
        orders,
        _weekly_item(exercise_id),
    )


def _trends(cohort_id: int | None) -> dict[str, list[tuple[str, float, int]]]:
    """One pass over recent attempts: the week's attempt count and mean per criterion."""
    week = week_start(Attempt.created_at)
    means = [func.avg(Attempt.criterion_scores[c].as_float()) for c in CRITERIA]
    stmt = (
        select(week.label("week"), func.count(), *means)
        .where(Attempt.created_at >= utcnow() - timedelta(weeks=TREND_WEEKS))
        .group_by(week)
        .order_by(week)
    )
    if cohort_id is not None:
        stmt = stmt.join(CohortMember, CohortMember.user_id == Attempt.user_id).where(
            CohortMember.cohort_id == cohort_id
        )
    trends: dict[str, list[tuple[str, float, int]]] = {c: [] for c in CRITERIA}
    for wk, n, *row_means in db.session.execute(stmt):
        for criterion, mean in zip(CRITERIA, row_means, strict=True):
            if mean is not None:  # no attempt that week gave evidence on this criterion
                trends[criterion].append((week_label(wk), float(mean), int(n)))
    return trends


def criterion_trends(cohort_id: int | None = None) -> dict[str, list[tuple[str, float, int]]]:
    """Weekly (week, mean score, attempts that week) per criterion, optionally for a cohort."""
    return cached(("trends", cohort_id), lambda: _trends(cohort_id))


FINISHED = ("passed", "failed")


def _pass_rates(cohort_id: int | None) -> dict[str, list[tuple[str, float, int]]]:
    """Weekly pass rate per blueprint over finished sessions."""
    week = week_start(ExamSession.finished_at)
    passed = func.sum(case((ExamSession.status == "passed", 1), else_=0))
    stmt = (
        select(ExamSession.blueprint_slug, week.label("week"), passed, func.count())
        .where(
            ExamSession.status.in_(FINISHED),
            ExamSession.finished_at.is_not(None),
            ExamSession.finished_at >= utcnow() - timedelta(weeks=TREND_WEEKS),
        )
        .group_by(ExamSession.blueprint_slug, week)
        .order_by(ExamSession.blueprint_slug, week)
    )
    if cohort_id is not None:
        stmt = stmt.join(CohortMember, CohortMember.user_id == ExamSession.user_id).where(
            CohortMember.cohort_id == cohort_id
        )
    rates: dict[str, list[tuple[str, float, int]]] = {}
    for slug, wk, n_passed, n in db.session.execute(stmt):
        rates.setdefault(slug, []).append((week_label(wk), int(n_passed or 0) / int(n), int(n)))
    return rates


def _reliability(stats: ExamStats) -> None:
    """KR-20 (pass/fail per item) and Cronbach's alpha (item scores) of recent sessions."""
    recent = (
        select(ExamSession.id)
        .where(ExamSession.blueprint_slug == stats.blueprint, ExamSession.status.in_(FINISHED))
        .order_by(ExamSession.finished_at.desc())
        .limit(MAX_SESSIONS)
    )
    rows = db.session.execute(
        select(ExamItem.session_id, ExamItem.position, ExamItem.score).where(
            ExamItem.session_id.in_(recent), ExamItem.score.is_not(None)
        )
    ).all()
    matrix = score_matrix(rows)
    stats.sessions = len(matrix)
    stats.cronbach_alpha = cronbach_alpha(matrix) if matrix else None
    stats.kr20 = kr20([[int(v >= ITEM_PASS_MARK) for v in r] for r in matrix]) if matrix else None


def exam_stats(cohort_id: int | None = None) -> list[ExamStats]:
    """Per blueprint: weekly pass rate (optionally one cohort's) and the exam's reliability."""
    return cached(("exams", cohort_id), lambda: _exam_stats(cohort_id))


def _exam_stats(cohort_id: int | None) -> list[ExamStats]:
    """Compute ``exam_stats`` (uncached)."""
    rates = _pass_rates(cohort_id)
    slugs = set(rates) | set(
        db.session.scalars(
            select(ExamSession.blueprint_slug).where(ExamSession.status.in_(FINISHED)).distinct()
        )
    )
    result = []
    for slug in sorted(slugs):
        stats = ExamStats(slug, rates.get(slug, []))
        _reliability(stats)
        result.append(stats)
    return result
