"""The instructor review queue: free-text practice attempts and exam reference answers.

A practice review starts with no rubric point ticked: the instructor ticks what the text meets.
Ticking exactly what the automatic check (or the student's self-check) found confirms the
automatic score; any other ticks override it with the share of points ticked. Until reviewed,
these attempts do not count toward mastery. Exam reference answers are marked blind by two
instructors (``double_marking``), which passes the agreed score to the exam.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.models import Attempt, ExamItem, ExerciseVersion, Review, User, db
from app.services.accounts import notices
from app.services.accounts.audit import record_event
from app.services.learning.student_summary import refresh_practice
from app.services.practice.exercise_bank import version_to_dict
from app.services.studio.double_marking import MarkingError, marking_queue, submit_mark

QUEUE_LIMIT = 200
EARLIEST = datetime.min.replace(tzinfo=UTC)


class ReviewError(ValueError):
    """A review is refused; the message is safe to show."""


@dataclass(frozen=True)
class QueueEntry:
    """One piece of work waiting for an instructor."""

    source: str  # "practice" | "exam"
    id: int
    kind: str
    title: str
    student_id: int
    submitted_at: datetime | None
    student_name: str = ""


def pending_attempts(limit: int = QUEUE_LIMIT) -> list[Attempt]:
    """Practice attempts waiting for review, oldest first."""
    return list(
        db.session.scalars(
            select(Attempt)
            # The queue shows each attempt's version title: load them in the same query.
            .options(joinedload(Attempt.version).lazyload(ExerciseVersion.answers))
            .where(Attempt.review_status == "pending")
            .order_by(Attempt.created_at, Attempt.id)
            .limit(limit)
        )
    )


def review_queue(marker: User) -> tuple[list[QueueEntry], dict[str, int]]:
    """Practice work and the exam scripts this marker may mark, oldest first, with counts.

    Exam scripts carry only their neutral code: no name, no student id.
    """
    practice_total = (
        db.session.scalar(select(func.count()).where(Attempt.review_status == "pending")) or 0
    )
    entries = [
        QueueEntry("practice", a.id, a.kind, a.version.title, a.user_id, a.created_at)
        for a in pending_attempts()
    ]
    names = display_names({e.student_id for e in entries})
    entries = [replace(e, student_name=names.get(e.student_id, "")) for e in entries]
    scripts = marking_queue(marker)
    entries += [
        QueueEntry("exam", s.item_id, "reference", s.title, 0, s.submitted_at, s.code)
        for s in scripts
    ]
    entries.sort(key=lambda e: (e.submitted_at is None, e.submitted_at or EARLIEST, e.id))
    return entries, {"practice": practice_total, "exam": len(scripts)}


def display_names(user_ids: set[int]) -> dict[int, str]:
    """Students' display names in one query."""
    if not user_ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return {user_id: name for user_id, name in rows}


def rubric_points(version: ExerciseVersion) -> list[dict[str, Any]]:
    """The version's rubric as stored (point text, and kind and patterns for corrections)."""
    return list(version_to_dict(version).get("rubric") or [])


def auto_points(attempt: Attempt) -> list[bool]:
    """Which rubric points the automatic grade (or the student's self-check) found met."""
    details = (attempt.result or {}).get("details", {})
    if attempt.kind == "correction":
        return [bool(p.get("met")) for p in details.get("rubric", [])]
    return [bool(p.get("checked")) for p in details.get("self_check", [])]


def _check_attempt_review(attempt: Attempt, reviewer: User, met: Sequence[int], size: int) -> None:
    """Refuse a review that breaks a rule."""
    if attempt.review_status != "pending":
        raise ReviewError(_l("This attempt is not waiting for a review."))
    if attempt.user_id == reviewer.id:
        raise ReviewError(_l("You cannot review your own attempt."))
    if any(i < 0 or i >= size for i in met):
        raise ReviewError(_l("Tick only this item's rubric points."))


def review_attempt(attempt: Attempt, reviewer: User, met: Sequence[int], comment: str) -> Review:
    """Score a pending attempt by the rubric points the instructor ticked (the form starts empty).

    Ticks equal to the automatic ones confirm the automatic score; other ticks override it
    with the share of points ticked. The attempt takes the reviewed score.
    """
    size = len(rubric_points(attempt.version))
    _check_attempt_review(attempt, reviewer, met, size)
    flags = [i in set(met) for i in range(size)]
    if flags == auto_points(attempt):
        decision, score = "confirmed", attempt.score
    else:
        decision, score = "overridden", (len(set(met)) / size if size else 0.0)
    review = Review(
        attempt_id=attempt.id,
        reviewer_id=reviewer.id,
        auto_score=attempt.score,
        score=score,
        rubric_met=flags,
        decision=decision,
        comment=comment.strip(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(review)
    except IntegrityError:  # another instructor saved a review a moment earlier
        raise ReviewError(_l("This attempt has just been reviewed by someone else.")) from None
    attempt.score = score
    # Mastery reads per-criterion scores: the reviewed score replaces the self-checked ones.
    attempt.criterion_scores = {
        name: (None if value is None else score)
        for name, value in (attempt.criterion_scores or {}).items()
    }
    attempt.review_status = "reviewed"
    db.session.flush()
    refresh_practice(attempt.user_id)
    record_event(
        reviewer,
        "attempt.review",
        "attempt",
        attempt.id,
        decision=decision,
        auto_score=review.auto_score,
        score=score,
    )
    notices.review_done(attempt, review)
    return review


def review_exam_item(exam_item: ExamItem, reviewer: User, likert: int, comment: str) -> None:
    """Give a blind 1–7 mark to an exam reference answer (double marking finalises the exam)."""
    try:
        submit_mark(exam_item, reviewer, likert, comment)
    except MarkingError as error:
        raise ReviewError(str(error)) from error


def review_of(attempt: Attempt) -> Review | None:
    """The review of an attempt, if any."""
    return db.session.scalar(select(Review).where(Review.attempt_id == attempt.id))


@dataclass(frozen=True)
class ReviewedAttempt:
    """A student's attempt that an instructor reviewed, for the dashboard."""

    attempt_id: int
    title: str
    decision: str
    score: float
    reviewed_at: datetime


def recent_reviews(user: User, limit: int = 5) -> list[ReviewedAttempt]:
    """The latest instructor reviews of the user's practice attempts."""
    # One query, not one per review, and only the columns the card shows (no comment text).
    rows = db.session.execute(
        select(Attempt.id, ExerciseVersion.title, Review.decision, Review.score, Review.created_at)
        .join(Attempt, Attempt.id == Review.attempt_id)
        .join(ExerciseVersion, ExerciseVersion.id == Attempt.version_id)
        .where(Attempt.user_id == user.id)
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(limit)
    ).all()
    return [ReviewedAttempt(*row) for row in rows]


def dashboard_summary(user: User) -> dict[str, Any]:
    """The dashboard's studio card: reviews of my work and the cohorts I belong to."""
    from app.services.studio.cohorts import cohorts_of_student

    pending = (
        db.session.scalar(
            select(func.count()).where(
                Attempt.user_id == user.id, Attempt.review_status == "pending"
            )
        )
        or 0
    )
    return {
        "reviews": recent_reviews(user),
        "pending": pending,
        "cohorts": cohorts_of_student(user),
    }
