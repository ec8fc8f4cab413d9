"""Exam sessions and the items drawn for them; answers are saved on the item rows as given."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import db, utcnow
from app.models.exercise import ExerciseVersion

SESSION_STATUSES = ("active", "pending_review", "passed", "failed")


class ExamSession(db.Model):
    """One sitting of a certificate's exam; the timer is the server's ``deadline_at``."""

    __tablename__ = "exam_sessions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('active', 'pending_review', 'passed', 'failed')", name="status_known"
        ),
        CheckConstraint("deadline_at > started_at", name="deadline_after_start"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score_range"),
        CheckConstraint(
            "reference_likert IS NULL OR reference_likert BETWEEN 1 AND 7", name="likert_range"
        ),
        UniqueConstraint("user_id", "blueprint_slug", "attempt_number"),
        Index(
            "uq_exam_sessions_one_active_per_user",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    blueprint_slug: Mapped[str] = mapped_column(String(80))
    attempt_number: Mapped[int] = mapped_column(default=1)
    seed: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="active")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    score: Mapped[float | None]
    criterion_scores: Mapped[dict[str, Any] | None]
    critical_errors: Mapped[int | None]
    reference_likert: Mapped[int | None]
    result: Mapped[dict[str, Any] | None]
    # Drawn from the repository's public demo pool (development): its certificate is no proof.
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")

    items: Mapped[list[ExamItem]] = relationship(
        back_populates="session", order_by="ExamItem.position", cascade="all, delete-orphan"
    )


class ExamItem(db.Model):
    """An item drawn into a session, the student's saved answer, and its grade after finishing."""

    __tablename__ = "exam_items"
    __table_args__ = (
        UniqueConstraint("session_id", "position"),
        UniqueConstraint("session_id", "version_id"),
        CheckConstraint("revision >= 0", name="revision_not_negative"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id", ondelete="CASCADE"))
    position: Mapped[int]
    section: Mapped[str] = mapped_column(String(32))
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("exercise_versions.id"))
    answer: Mapped[dict[str, Any] | None]
    answered_at: Mapped[datetime | None]
    revision: Mapped[int] = mapped_column(default=0)
    score: Mapped[float | None]
    criterion_scores: Mapped[dict[str, Any] | None]
    critical_errors: Mapped[int | None]
    result: Mapped[dict[str, Any] | None]
    # The student's own "come back to this" mark; it never affects grading.
    flagged: Mapped[bool] = mapped_column(default=False, server_default=false())

    session: Mapped[ExamSession] = relationship(back_populates="items")
    version: Mapped[ExerciseVersion] = relationship()
