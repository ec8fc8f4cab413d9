"""Practice attempts, instructor reviews of free-text work and blind marks of exam references."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import db, utcnow
from app.models.exercise import KIND_CHECK, ExerciseVersion


class Attempt(db.Model):
    """A student's answer to one exercise version with the grader's score breakdown."""

    __tablename__ = "attempts"
    __table_args__ = (
        CheckConstraint(KIND_CHECK, name="kind_known"),
        CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
        CheckConstraint("critical_errors >= 0", name="critical_errors_not_negative"),
        CheckConstraint(
            "review_status IN ('none', 'pending', 'reviewed')", name="review_status_known"
        ),
        Index("ix_attempts_user_created", "user_id", "created_at"),
        # "has this student tried this item?": every submit asks it, and so does the catalogue
        Index("ix_attempts_user_exercise", "user_id", "exercise_id"),
        Index("ix_attempts_exercise_created", "exercise_id", "created_at"),
        Index("ix_attempts_review_status_created", "review_status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(
        ForeignKey("exercise_versions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    answer: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score: Mapped[float]
    criterion_scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    critical_errors: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    review_status: Mapped[str] = mapped_column(String(10), default="none")
    # The language the item was shown in (None: the item's own, for attempts made before 0011).
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[ExerciseVersion] = relationship()


class Review(db.Model):
    """An instructor's verdict on a correction, a reference answer or an exam reference task."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(
            "(attempt_id IS NULL) <> (exam_item_id IS NULL)", name="exactly_one_subject"
        ),
        CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
        CheckConstraint("likert IS NULL OR likert BETWEEN 1 AND 7", name="likert_range"),
        CheckConstraint("decision IN ('confirmed', 'overridden')", name="decision_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), unique=True
    )
    exam_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("exam_items.id", ondelete="CASCADE"), unique=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    auto_score: Mapped[float | None]
    score: Mapped[float]
    likert: Mapped[int | None]
    rubric_met: Mapped[list[Any]] = mapped_column(default=list)
    decision: Mapped[str] = mapped_column(String(12))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


MARK_ROLES = ("first", "second", "adjudicator")


class ReferenceMark(db.Model):
    """One instructor's blind 1–7 mark of an exam reference answer (two markers, maybe a third).

    The agreed score is recorded as the item's Review only once the marks agree (or a third
    instructor adjudicates); until then each mark stays here, unseen by the other markers.
    """

    __tablename__ = "reference_marks"
    __table_args__ = (
        UniqueConstraint("exam_item_id", "marker_id", name="uq_reference_marks_item_marker"),
        UniqueConstraint("exam_item_id", "role", name="uq_reference_marks_item_role"),
        CheckConstraint("likert BETWEEN 1 AND 7", name="likert_range"),
        CheckConstraint("role IN ('first', 'second', 'adjudicator')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_item_id: Mapped[int] = mapped_column(
        ForeignKey("exam_items.id", ondelete="CASCADE"), index=True
    )
    marker_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    likert: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
