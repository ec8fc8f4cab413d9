"""Practice item and cohort analytics, aggregated in SQL so they stay fast on millions of attempts.

Practice attempts and exam sittings are kept apart: exam statistics come from
``exam_analytics`` (graded sessions only), practice ones from the attempts table.

The per-item table is one GROUP BY; an item's detail is a handful of queries bounded by the
item's attempts (the ``ix_attempts_exercise_created`` and ``ix_attempts_user_created`` indexes
serve them). The statistics themselves are the pure functions of ``graders.item_stats``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Text, case, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from app.models import Attempt, CohortMember, ExamSession, Exercise, db, utcnow
from app.services.analytics import exam_analytics
from app.services.analytics.analytics_sql import (
    cached,
    month_label,
    month_start,
    week_label,
    week_start,
)
from app.services.analytics.exam_consistency import Consistency, consistency
from graders.item_stats import ItemStat, point_biserial

CRITERIA = ("ethics", "accuracy", "relevance", "quality")
TREND_WEEKS = 26
COMMON_ORDERS = 5
MAX_STUDENTS = 50_000
TREND_MONTHS = 12
FINISHED = exam_analytics.FINISHED


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
    topic: str = ""
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemDetail:
    """Everything the item page shows."""

    row: ItemRow
    discrimination: float | None
    students: int
    exam: ItemStat | None
    wrong_orders: list[tuple[list[str], int]]
    weekly: list[tuple[str, float, int]]


@dataclass(frozen=True)
class ExamStats:
    """One exam blueprint: pass rate by month, reliability and decision consistency."""

    blueprint: str
    monthly: list[tuple[str, float, int]]
    reliability: exam_analytics.Reliability
    consistency: Consistency


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
        exercise.topic,
        tuple(str(c) for c in exercise.criteria or ()),
    )


def item_table() -> list[ItemRow]:
    """Practice attempts, mean score and critical-error share of every item: one query."""
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
            Exercise.topic,
            Exercise.criteria,
            stats.c.attempts,
            stats.c.mean,
            stats.c.critical,
        )
        .outerjoin(stats, stats.c.exercise_id == Exercise.id)
        .order_by(Exercise.pool, Exercise.uid)
    )
    return [_row(r, r.attempts, r.mean, r.critical) for r in db.session.execute(stmt)]


def _discrimination(exercise_id: int) -> tuple[float | None, int]:
    """Practice item–rest r: a student's mean on this item against their mean on the others."""
    on_item = (
        select(
            Attempt.user_id,
            func.sum(Attempt.score).label("item_sum"),
            func.count().label("item_n"),
        )
        .where(Attempt.exercise_id == exercise_id)
        .group_by(Attempt.user_id)
        .subquery()
    )
    totals = (
        select(Attempt.user_id, func.sum(Attempt.score).label("sum"), func.count().label("n"))
        .where(Attempt.user_id.in_(select(on_item.c.user_id)))
        .group_by(Attempt.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(on_item.c.item_sum, on_item.c.item_n, totals.c.sum, totals.c.n)
        .join(totals, totals.c.user_id == on_item.c.user_id)
        .limit(MAX_STUDENTS)
    ).all()
    pairs = [
        (float(s) / n, (float(total) - float(s)) / (count - n))
        for s, n, total, count in rows
        if count > n  # a student with no other item gives no rest score
    ]
    r = point_biserial([p[0] for p in pairs], [p[1] for p in pairs])  # rest excludes the item
    return r, len(rows)


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
        exam_analytics.item_stats().get(exercise_id),
        orders,
        _weekly_item(exercise_id),
    )


def _trends(cohort_id: int | None) -> dict[str, list[tuple[str, float, int]]]:
    """The week's attempt count and mean per criterion, summed from the weekly rollup."""
    from app.services.analytics.practice_rollup import rollup_trends

    return rollup_trends(TREND_WEEKS, cohort_id)


def criterion_trends(cohort_id: int | None = None) -> dict[str, list[tuple[str, float, int]]]:
    """Weekly (week, mean score, attempts that week) per criterion, optionally for a cohort."""
    return cached(("trends", cohort_id), lambda: _trends(cohort_id))


def _pass_rates(cohort_id: int | None) -> dict[str, list[tuple[str, float, int]]]:
    """Monthly pass rate per blueprint over finished sessions."""
    month = month_start(ExamSession.finished_at)
    passed = func.sum(case((ExamSession.status == "passed", 1), else_=0))
    stmt = (
        select(ExamSession.blueprint_slug, month.label("month"), passed, func.count())
        .where(
            ExamSession.status.in_(FINISHED),
            ExamSession.finished_at.is_not(None),
            ExamSession.finished_at >= utcnow() - timedelta(days=TREND_MONTHS * 31),
        )
        .group_by(ExamSession.blueprint_slug, month)
        .order_by(ExamSession.blueprint_slug, month)
    )
    if cohort_id is not None:
        stmt = stmt.join(CohortMember, CohortMember.user_id == ExamSession.user_id).where(
            CohortMember.cohort_id == cohort_id
        )
    rates: dict[str, list[tuple[str, float, int]]] = {}
    for slug, mo, n_passed, n in db.session.execute(stmt):
        rates.setdefault(slug, []).append((month_label(mo), int(n_passed or 0) / int(n), int(n)))
    return rates


def exam_stats(cohort_id: int | None = None) -> list[ExamStats]:
    """Per blueprint: monthly pass rate (optionally one cohort's), reliability, consistency."""
    return cached(("exams", cohort_id), lambda: _exam_stats(cohort_id))


def _exam_stats(cohort_id: int | None) -> list[ExamStats]:
    """Compute ``exam_stats`` (uncached)."""
    rates = _pass_rates(cohort_id)
    return [
        ExamStats(
            slug,
            rates.get(slug, []),
            exam_analytics.reliability(slug),
            consistency(slug),
        )
        for slug in sorted(set(rates) | set(exam_analytics.blueprints()))
    ]
