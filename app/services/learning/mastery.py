"""A student's practice mastery, computed from SQL aggregates (never every attempt in Python).

Only a student's first attempt at each item is evidence (``first_attempts``), and a free-text
attempt counts only once an instructor has reviewed it. Scores are combined by the decayed
mean of ``graders.mastery``; ``practice_evidence`` counts the distinct items behind each
criterion, which eligibility requires to reach ``graders.mastery.MIN_ITEMS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, Subquery, func, literal, select, union_all

from app.models import Attempt, Exercise, User, db, utcnow
from graders.mastery import Candidate, mastery_by, pick_next
from graders.result import CRITERION_KEYS

# Scores older than this many items weigh under 0.5**(50/10) ≈ 3% of the newest: read no more.
RECENT = 50
RECENT_ATTEMPTS = 5
CHART_WEEKS = 12


@dataclass(frozen=True)
class RecentAttempt:
    """One line of the recent-attempts list."""

    id: int
    uid: str
    title: str
    kind: str
    score: float
    created_at: datetime


@dataclass
class PracticeSummary:
    """What the dashboard's practice section shows."""

    criteria: dict[str, float | None] = field(default_factory=dict)
    kinds: dict[str, float | None] = field(default_factory=dict)
    recent: list[RecentAttempt] = field(default_factory=list)
    weeks: list[tuple[str, float, int]] = field(default_factory=list)
    total: int = 0


def first_attempts(user: User) -> Subquery:
    """The user's first attempt at each item, if it counts: reviewed or needing no review."""
    ranked = (
        select(
            Attempt.id,
            Attempt.review_status,
            func.row_number()
            .over(partition_by=Attempt.exercise_id, order_by=(Attempt.created_at, Attempt.id))
            .label("k"),
        )
        .where(Attempt.user_id == user.id)
        .subquery()
    )
    return (
        select(ranked.c.id).where(ranked.c.k == 1, ranked.c.review_status != "pending").subquery()
    )


def _newest_first(
    key: ColumnElement[Any], value: ColumnElement[Any], source: Any
) -> tuple[dict[str, list[float]], dict[str, int]]:
    """The RECENT newest non-null values per key, and how many there are in all (one query)."""
    ranked = (
        select(
            key.label("key"),
            value.label("value"),
            func.row_number()
            .over(partition_by=key, order_by=(source.c.created_at.desc(), source.c.id.desc()))
            .label("n"),
            func.count().over(partition_by=key).label("total"),
        )
        .where(value.is_not(None))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.key, ranked.c.value, ranked.c.total)
        .where(ranked.c.n <= RECENT)
        .order_by(ranked.c.key, ranked.c.n)
    )
    grouped: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for row_key, row_value, total in rows:
        grouped.setdefault(row_key, []).append(float(row_value))
        totals[row_key] = int(total)
    return grouped, totals


def _criterion_scores(user: User) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Each criterion's recent first-attempt scores, newest first, and its item count."""
    firsts = first_attempts(user)
    parts = [
        select(
            literal(name, String(10)).label("criterion"),
            Attempt.criterion_scores[name].as_float().label("value"),
            Attempt.created_at,
            Attempt.id,
        ).where(Attempt.id.in_(select(firsts.c.id)))
        for name in CRITERION_KEYS
    ]
    scores = union_all(*parts).subquery()
    return _newest_first(scores.c.criterion, scores.c.value, scores)


def _kind_scores(user: User) -> dict[str, list[float]]:
    """Each kind's recent first-attempt overall scores, newest first."""
    firsts = first_attempts(user)
    mine = (
        select(Attempt.kind, Attempt.score, Attempt.created_at, Attempt.id)
        .where(Attempt.id.in_(select(firsts.c.id)))
        .subquery()
    )
    return _newest_first(mine.c.kind, mine.c.score, mine)[0]


def criterion_mastery(user: User) -> dict[str, float | None]:
    """Mastery per criterion; None where the student has no evidence yet."""
    found = mastery_by(_criterion_scores(user)[0])
    return {name: found.get(name) for name in CRITERION_KEYS}


def practice_evidence(user: User) -> dict[str, int]:
    """How many distinct items (first attempts that count) back each criterion's mastery."""
    totals = _criterion_scores(user)[1]
    return {name: totals.get(name, 0) for name in CRITERION_KEYS}


def practice_mastery(user: User) -> dict[str, float]:
    """Overall mastery per criterion (ethics, accuracy, relevance, quality); 0.0 without evidence.

    The exams area uses it to decide when an exam unlocks.
    """
    return {name: value or 0.0 for name, value in criterion_mastery(user).items()}


def week_start(column: Any) -> ColumnElement[str]:
    """The ISO date (YYYY-MM-DD) of the Monday starting the week of a timestamp column."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.date_trunc("week", column), "YYYY-MM-DD")
    return func.strftime("%Y-%m-%d", column, "weekday 0", "-6 days")


def weekly_scores(user: User, weeks: int = CHART_WEEKS) -> list[tuple[str, float, int]]:
    """(week start, mean score, attempts) for each recent week with practice, oldest first."""
    week = week_start(Attempt.created_at).label("week")
    rows = db.session.execute(
        select(week, func.avg(Attempt.score), func.count())
        .where(Attempt.user_id == user.id, Attempt.created_at >= utcnow() - timedelta(weeks=weeks))
        .group_by(week)
        .order_by(week)
    )
    return [(str(w), float(mean), int(count)) for w, mean, count in rows]


def recent_attempts(user: User, limit: int = RECENT_ATTEMPTS) -> list[RecentAttempt]:
    """The student's latest attempts with their items' titles."""
    rows = db.session.execute(
        select(
            Attempt.id,
            Exercise.uid,
            Exercise.title,
            Attempt.kind,
            Attempt.score,
            Attempt.created_at,
        )
        .join(Exercise, Exercise.id == Attempt.exercise_id)
        .where(Attempt.user_id == user.id)
        .order_by(Attempt.created_at.desc(), Attempt.id.desc())
        .limit(limit)
    )
    return [RecentAttempt(*row) for row in rows]


def practice_summary(user: User) -> PracticeSummary:
    """Mastery per criterion and kind, recent attempts and a weekly series for the dashboard."""
    total = db.session.scalar(select(func.count()).where(Attempt.user_id == user.id)) or 0
    return PracticeSummary(
        criteria=criterion_mastery(user),
        kinds=mastery_by(_kind_scores(user)),
        recent=recent_attempts(user),
        weeks=weekly_scores(user),
        total=total,
    )


def practice_candidates(user: User, language: str | None = None) -> list[Candidate]:
    """Published practice items (in ``language``, if given) with this student's record."""
    mine = Attempt.user_id == user.id
    stats = (
        select(
            Attempt.exercise_id,
            func.count().label("n"),
            func.max(Attempt.created_at).label("last_at"),
        )
        .where(mine)
        .group_by(Attempt.exercise_id)
        .subquery()
    )
    last_score = (
        select(Attempt.score)
        .where(mine, Attempt.exercise_id == Exercise.id)
        .order_by(Attempt.created_at.desc(), Attempt.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Exercise.uid,
            Exercise.criteria,
            Exercise.difficulty,
            stats.c.n,
            stats.c.last_at,
            last_score,
        )
        .outerjoin(stats, stats.c.exercise_id == Exercise.id)
        .where(Exercise.pool == "practice", Exercise.status == "published")
        .where(Exercise.readable_in(language) if language else True)
    )
    return [
        Candidate(uid, tuple(criteria), difficulty, n or 0, score, last_at)
        for uid, criteria, difficulty, n, last_at, score in rows
    ]


def next_practice_uid(user: User, language: str | None = None) -> str | None:
    """The item where this student is weakest (see graders.mastery.pick_next), in ``language``.

    Mastery is measured over every language; the next item is one the student can read. When
    no item exists in that language, any language will do.
    """
    mastery = criterion_mastery(user)
    candidates = practice_candidates(user, language) if language else []
    return pick_next(candidates or practice_candidates(user), mastery, utcnow())
