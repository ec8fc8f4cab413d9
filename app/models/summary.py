"""A per-student summary the dashboard reads instead of aggregating attempts and progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import db, utcnow


class StudentSummary(db.Model):
    """What the dashboard shows about one student's practice and lessons, kept on every write.

    The ``attempts_*`` and ``lessons_*`` columns double as a stamp: the dashboard compares
    them with the live tables in the same query and rebuilds the row when they differ (rows
    written around the services, e.g. by seed-scale, are then caught).
    """

    __tablename__ = "student_summaries"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    format: Mapped[int] = mapped_column(default=1)
    attempts_total: Mapped[int] = mapped_column(default=0)
    last_attempt_id: Mapped[int | None]
    pending_reviews: Mapped[int] = mapped_column(default=0)
    lessons_completed: Mapped[int] = mapped_column(default=0)
    lessons_viewed_at: Mapped[datetime | None]
    resume_lesson_id: Mapped[int | None]
    practice: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
