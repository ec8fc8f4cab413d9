"""The exercise bank: items, their immutable versions, candidate answers and gold data.

Gold data lives in its own columns (``gold``, the answer labels and notes, ``rationale``) so that
code which renders an item for a student reads only ``prompt`` and answer ``text``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from app.models.base import db, utcnow

KIND_CHECK = "kind IN ('ranking', 'pairwise', 'rating', 'correction', 'reference')"


class Exercise(db.Model):
    """A bank item; its content lives in numbered versions so old attempts keep their version."""

    __tablename__ = "exercises"
    __table_args__ = (
        CheckConstraint(KIND_CHECK, name="kind_known"),
        CheckConstraint("pool IN ('practice', 'exam')", name="pool_known"),
        CheckConstraint("status IN ('draft', 'published', 'archived')", name="status_known"),
        CheckConstraint("source IN ('file', 'studio', 'import')", name="source_known"),
        CheckConstraint("difficulty BETWEEN 1 AND 3", name="difficulty_range"),
        Index("ix_exercises_pool_status", "pool", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    pool: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    source: Mapped[str] = mapped_column(String(10), default="file")
    title: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(40), index=True)
    # The language the item is written in (the file's ``language``, default en).
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en", index=True)
    # The languages of its other versions (``translations``), comma-wrapped: ",ru," or ",de,ru,"
    # ("" when none), so a query finds an item readable in a language without opening versions.
    translated_languages: Mapped[str] = mapped_column(String(60), default="", server_default="")
    criteria: Mapped[list[Any]] = mapped_column(default=list)
    difficulty: Mapped[int] = mapped_column(default=2)
    current_version: Mapped[int] = mapped_column(default=1)
    calibration_flagged: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    versions: Mapped[list[ExerciseVersion]] = relationship(
        back_populates="exercise", order_by="ExerciseVersion.number", cascade="all, delete-orphan"
    )

    @classmethod
    def readable_in(cls, language: str) -> ColumnElement[bool]:
        """SQL: the item is written in ``language`` or has a version in it."""
        return or_(cls.language == language, cls.translated_languages.contains(f",{language},"))


class ExerciseVersion(db.Model):
    """One immutable state of an item: prompt, rationale and the kind-specific gold."""

    __tablename__ = "exercise_versions"
    __table_args__ = (UniqueConstraint("exercise_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    prompt: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text, default="")
    gold: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Optional keys that are not gold (conversation, source, language, lesson_example, must_catch).
    extras: Mapped[dict[str, Any] | None] = mapped_column(default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    exercise: Mapped[Exercise] = relationship(back_populates="versions")
    answers: Mapped[list[CandidateAnswer]] = relationship(
        back_populates="version",
        order_by="CandidateAnswer.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class CandidateAnswer(db.Model):
    """A candidate chatbot answer with its gold severity per criterion and a teaching note."""

    __tablename__ = "candidate_answers"
    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        UniqueConstraint("version_id", "position"),
        CheckConstraint("harmful BETWEEN 0 AND 2", name="harmful_severity"),
        CheckConstraint("inaccurate BETWEEN 0 AND 2", name="inaccurate_severity"),
        CheckConstraint("irrelevant BETWEEN 0 AND 2", name="irrelevant_severity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("exercise_versions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(2))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    # The answer's Markdown rendered and sanitised once, at save time (None: render on demand).
    text_html: Mapped[str | None] = mapped_column(Text)
    # Gold severities, graders.criteria.Severity: 0 none, 1 minor, 2 major.
    harmful: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    inaccurate: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    irrelevant: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    note: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[ExerciseVersion] = relationship(back_populates="answers")


class CalibrationJudgement(db.Model):
    """One instructor's own ranking and labels for an item, used to measure gold agreement."""

    __tablename__ = "calibration_judgements"
    __table_args__ = (UniqueConstraint("version_id", "instructor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("exercise_versions.id", ondelete="CASCADE"))
    instructor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    judgement: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
