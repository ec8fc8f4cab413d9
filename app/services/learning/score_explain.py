"""The student's own numbers behind each score, for the "How this score is computed" pages.

Practice attempts are re-broken-down from the stored version and answer by
``graders.score_breakdown`` (the grader's own rules); mastery lists the first attempts that
count and their recency weights; an exam lists, per question number and per criterion, the
expert judgements agreed with, against the session's own rule. Exam questions and their gold
stay confidential: only counts are shown, and only after the session is graded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.models import Attempt, ExamItem, ExamSession, Exercise, User, db
from app.services.certification.exam_grading import outcome_of, snapshot_blueprint
from app.services.learning.mastery import RECENT, first_attempts
from app.services.practice.exercise_bank import item_for_version
from graders.blueprint import REVIEWED_KINDS, PassRule
from graders.criteria import DEFAULT_WEIGHTS
from graders.judgements import from_dicts, tally
from graders.mastery import HALF_LIFE, MIN_ITEMS
from graders.result import CRITERION_KEYS
from graders.score_breakdown import (
    MasteryLine,
    mastery_lines,
    ranking_breakdown,
    rating_breakdown,
    weighted_mean,
)

GRADED = ("passed", "failed", "pending_review")


def practice_breakdown(attempt: Attempt) -> dict[str, Any]:
    """The parts of one practice attempt's score, by the kind's own rule."""
    details = (attempt.result or {}).get("details", {})
    answer = attempt.answer or {}
    weights = {c.value: w for c, w in DEFAULT_WEIGHTS.items()}
    found: dict[str, Any] = {"kind": attempt.kind, "details": details, "weights": weights}
    if attempt.kind == "ranking" and isinstance(answer.get("order"), list):
        found["ranking"] = ranking_breakdown(item_for_version(attempt.version), answer["order"])
    elif attempt.kind == "rating" and isinstance(answer.get("ratings"), dict):
        item = item_for_version(attempt.version)
        found["rating"] = rating_breakdown(item, answer["ratings"], answer.get("flags") or [])
    return found


@dataclass(frozen=True)
class CountedAttempt:
    """A first attempt that counts toward mastery, with its item's title."""

    attempt_id: int
    title: str
    created_at: datetime
    criterion_scores: dict[str, Any]


@dataclass
class CriterionMastery:
    """One criterion's mastery, the lines it is the weighted mean of, and its evidence."""

    name: str
    lines: list[tuple[CountedAttempt, MasteryLine]] = field(default_factory=list)
    items: int = 0

    @property
    def mastery(self) -> float | None:
        """The decayed mean of the counted scores."""
        return weighted_mean([line for _attempt, line in self.lines])

    @property
    def has_enough(self) -> bool:
        """At least MIN_ITEMS distinct items back this criterion."""
        return self.items >= MIN_ITEMS


def _counted_attempts(user: User) -> list[CountedAttempt]:
    """The user's counted first attempts, newest first."""
    firsts = first_attempts(user)
    rows = db.session.execute(
        select(Attempt.id, Exercise.title, Attempt.created_at, Attempt.criterion_scores)
        .join(Exercise, Exercise.id == Attempt.exercise_id)
        .where(Attempt.id.in_(select(firsts.c.id)))
        .order_by(Attempt.created_at.desc(), Attempt.id.desc())
    )
    return [CountedAttempt(i, t, c, dict(s or {})) for i, t, c, s in rows]


def mastery_breakdown(user: User) -> list[CriterionMastery]:
    """Per criterion: the newest RECENT counted scores with their recency weights."""
    attempts = _counted_attempts(user)
    found = []
    for name in CRITERION_KEYS:
        counted = [a for a in attempts if a.criterion_scores.get(name) is not None]
        scores = [float(a.criterion_scores[name]) for a in counted[:RECENT]]
        lines = list(zip(counted, mastery_lines(scores), strict=False))
        found.append(CriterionMastery(name, lines, len(counted)))
    return found


MASTERY_RULE = {"half_life": HALF_LIFE, "min_items": MIN_ITEMS, "recent": RECENT}


@dataclass(frozen=True)
class QuestionLine:
    """One exam question by number: judgements agreed per criterion, and must-catch."""

    position: int
    section: str
    reviewed: bool
    by_criterion: dict[str, tuple[int, int]]
    must_catch_failed: bool


def _question_line(item: ExamItem) -> QuestionLine:
    """Count one question's judgements without naming its content or its gold."""
    stored = item.result or {}
    counts = tally(from_dicts(stored.get("judgements") or ()))
    return QuestionLine(
        position=item.position,
        section=item.section,
        reviewed=item.version.exercise.kind in REVIEWED_KINDS,
        by_criterion={c: v for c, v in counts.by_criterion.items() if v[1]},
        must_catch_failed=bool(stored.get("must_catch_failed")),
    )


@dataclass(frozen=True)
class ExamBreakdown:
    """A graded session's verdict, its rule, and the judgement counts behind it."""

    session: ExamSession
    rule: PassRule
    outcome: dict[str, Any]
    questions: list[QuestionLine]
    totals: dict[str, tuple[int, int]]


def exam_breakdown(session: ExamSession) -> ExamBreakdown | None:
    """The numbers behind a graded session; None while it runs (nothing to explain yet)."""
    if session.status not in GRADED:
        return None
    outcome = outcome_of(session)
    items = sorted(session.items, key=lambda i: i.position)
    questions = [_question_line(i) for i in items]
    counts = outcome.get("judgement_counts") or {}
    totals = {c: (int(v[0]), int(v[1])) for c, v in counts.items() if v and v[1]}
    return ExamBreakdown(session, snapshot_blueprint(session).pass_rule, outcome, questions, totals)


def own_exam_breakdown(user: User, session_id: int) -> ExamBreakdown | None:
    """The breakdown of the user's own graded session; None for anyone else's or a running one.

    A running session is not graded here (the exam pages do that under their write lock): its
    explanation simply does not exist yet.
    """
    session = db.session.get(ExamSession, session_id) if 0 < session_id < 2**31 else None
    if session is None or session.user_id != user.id:
        return None
    return exam_breakdown(session)
