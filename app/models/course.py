"""Courses, modules, lessons (with version history) and each student's progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import db, utcnow


class Course(db.Model):
    """A course; the Foundations course's guidelines version is recorded on certificates."""

    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint("level IN ('foundation', 'specialisation')", name="level_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(20))
    guidelines_version: Mapped[str] = mapped_column(String(20))
    is_published: Mapped[bool] = mapped_column(default=True)
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position", cascade="all, delete-orphan"
    )
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course", order_by="Lesson.position", viewonly=True
    )


class Module(db.Model):
    """An ordered group of lessons within a course."""

    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]

    course: Mapped[Course] = relationship(back_populates="modules")


class Lesson(db.Model):
    """A lesson; HTML is rendered and sanitised once at save time, never per request."""

    __tablename__ = "lessons"
    __table_args__ = (
        UniqueConstraint("course_id", "slug"),
        CheckConstraint("minutes > 0", name="minutes_positive"),
        CheckConstraint("source IN ('file', 'studio')", name="source_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    minutes: Mapped[int] = mapped_column(default=10)
    objectives: Mapped[list[Any]] = mapped_column(default=list)
    criteria: Mapped[list[Any]] = mapped_column(default=list)
    quiz: Mapped[list[Any]] = mapped_column(default=list)
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    toc_html: Mapped[str] = mapped_column(Text, default="")
    word_count: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(10), default="file")
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    is_published: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    course: Mapped[Course] = relationship(back_populates="lessons")
    module: Mapped[Module] = relationship()


class CourseTranslation(db.Model):
    """A course's catalogue text in another language; the course row keeps the original (en)."""

    __tablename__ = "course_translations"
    __table_args__ = (UniqueConstraint("course_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    module_titles: Mapped[dict[str, Any]] = mapped_column(default=dict)  # module slug → title
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LessonTranslation(db.Model):
    """A lesson's text in another language: one lesson, so progress and analytics stay shared.

    The quiz has the same questions and options in the same order as the original's (the loader
    checks it), so answers and scores mean the same in either language.
    """

    __tablename__ = "lesson_translations"
    __table_args__ = (UniqueConstraint("lesson_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int] = mapped_column(default=10)
    objectives: Mapped[list[Any]] = mapped_column(default=list)
    quiz: Mapped[list[Any]] = mapped_column(default=list)
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    toc_html: Mapped[str] = mapped_column(Text, default="")
    word_count: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(10), default="file")
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LessonVersion(db.Model):
    """Every saved state of a lesson, from a file sync or a browser edit."""

    __tablename__ = "lesson_versions"
    __table_args__ = (UniqueConstraint("lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LessonProgress(db.Model):
    """A student's reading and quiz state for one lesson; never deleted by a content sync."""

    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "lesson_id"),
        CheckConstraint(
            "quiz_score IS NULL OR (quiz_score >= 0 AND quiz_score <= 1)", name="quiz_score_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    last_viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_viewed_at: Mapped[datetime | None]  # measures the reading time of quiz-less lessons
    completed_at: Mapped[datetime | None]
    quiz_score: Mapped[float | None]
    quiz_attempts: Mapped[int] = mapped_column(default=0, server_default="0")  # seeds the shuffle
    quiz_answers: Mapped[dict[str, Any] | None]
