"""Saving lesson content: one path for file syncs and browser edits.

Every change renders the Markdown once (stored on the lesson) and keeps a numbered version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from app.content import QuizQuestion, quiz_to_data
from app.models import Lesson, LessonVersion, User, db
from app.services.accounts.audit import record_event
from app.services.common.markdown_render import render_markdown

MAX_VERSION_NUMBER = 2**31 - 1


@dataclass(frozen=True)
class LessonContent:
    """The editable part of a lesson."""

    title: str
    minutes: int
    body: str
    quiz: Sequence[QuizQuestion]


def next_version_number(lesson: Lesson) -> int:
    """One more than the lesson's latest version (1 for a new lesson)."""
    if lesson.id is None:
        return 1
    latest = db.session.scalar(
        select(func.max(LessonVersion.number)).where(LessonVersion.lesson_id == lesson.id)
    )
    return (latest or 0) + 1


def store_lesson_content(
    lesson: Lesson, content: LessonContent, author: User | None, source: str
) -> LessonVersion:
    """Apply content to a lesson, render it once, and record a version."""
    rendered = render_markdown(content.body)
    lesson.title = content.title
    lesson.minutes = content.minutes
    lesson.body_markdown = content.body
    lesson.quiz = quiz_to_data(content.quiz)
    lesson.body_html, lesson.toc_html, lesson.word_count = rendered
    lesson.source = source
    number = next_version_number(lesson)
    if lesson.id is None:
        db.session.add(lesson)
        db.session.flush()
    version = LessonVersion(
        lesson_id=lesson.id,
        number=number,
        title=content.title,
        body_markdown=content.body,
        author_id=author.id if author is not None else None,
    )
    db.session.add(version)
    db.session.flush()
    return version


def edit_lesson(lesson: Lesson, editor: User, content: LessonContent) -> LessonVersion:
    """An instructor's browser edit: a new version by them, marked as studio content, audited."""
    version = store_lesson_content(lesson, content, editor, source="studio")
    record_event(
        editor,
        "lesson.edit",
        "lesson",
        lesson.id,
        course=lesson.course.slug,
        lesson=lesson.slug,
        version=version.number,
    )
    return version


def lesson_versions(lesson: Lesson) -> list[tuple[LessonVersion, User | None]]:
    """A lesson's versions, newest first, each with its author (None for file syncs)."""
    rows = db.session.execute(
        select(LessonVersion, User)
        .outerjoin(User, User.id == LessonVersion.author_id)
        .where(LessonVersion.lesson_id == lesson.id)
        .order_by(LessonVersion.number.desc())
    )
    return [(version, author) for version, author in rows]


def find_version(lesson: Lesson, number: int) -> LessonVersion | None:
    """One numbered version of a lesson (None for numbers no version can have)."""
    if not 1 <= number <= MAX_VERSION_NUMBER:
        return None
    return db.session.scalar(
        select(LessonVersion).where(
            LessonVersion.lesson_id == lesson.id, LessonVersion.number == number
        )
    )
