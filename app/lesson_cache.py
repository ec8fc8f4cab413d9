"""Lesson-page data that is the same for every reader, kept per process for a short time.

The pager (a course's published lessons in order), a lesson's text in one language and the
course's text in one language change only when an instructor or a content sync writes them,
yet every lesson view asked the database for them. Each app keeps them for
``LESSON_CACHE_SECONDS`` (60 s). Any flush in this process that writes a course, module, lesson
or language version empties the cache at once, and again when that transaction ends
(``app.process_cache.clear_on_write``); other workers see the change within the TTL.
Entries are plain copies of columns, never ORM objects shared between requests, or rendered
HTML: the lesson's text and pager as each kind of reader sees them (``fragment``).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup
from sqlalchemy import select

from app.extensions import db
from app.models import Course, CourseTranslation, Lesson, LessonTranslation, Module
from app.page_fragments import cached_fragment
from app.process_cache import TimedCache, app_cache, install_cache, kept, plain_copy
from app.services.learning.learning import find_course_lesson

DEFAULT_SECONDS = 60.0
EXTENSION = "lesson_cache"
WATCHED = (Course, CourseTranslation, Lesson, LessonTranslation, Module)
ORIGINAL_LANGUAGE = "en"


def lesson_cache(app: Flask) -> TimedCache | None:
    """This app's lesson cache (None when ``LESSON_CACHE_SECONDS`` is 0)."""
    return app_cache(app, EXTENSION)


def _cached(key: str, load: Callable[[], Any]) -> Any:
    """The cached value for ``key``, loading and keeping it when absent."""
    return kept(lesson_cache(current_app), key, load)


def lesson_row(course_slug: str, lesson_slug: str, include_unpublished: bool) -> Any:
    """A lesson of a published course by both slugs, as a plain copy with its course and module.

    What the lesson page reads on every view; None for no such lesson (not kept). Writes (the
    quiz, completion) load the real row instead.
    """

    def load() -> SimpleNamespace | None:
        lesson = find_course_lesson(course_slug, lesson_slug, include_unpublished)
        if lesson is None:
            return None
        found = plain_copy(lesson)
        found.course = plain_copy(lesson.course)
        found.module = plain_copy(lesson.module)
        return found

    return _cached(f"lesson:{course_slug}:{lesson_slug}:{int(include_unpublished)}", load)


def pager(course_id: int) -> tuple[SimpleNamespace, ...]:
    """The course's published lessons in order: id, slug, title and position only."""

    def load() -> tuple[SimpleNamespace, ...]:
        rows = db.session.execute(
            select(Lesson.id, Lesson.slug, Lesson.title, Lesson.position)
            .where(Lesson.course_id == course_id, Lesson.is_published.is_(True))
            .order_by(Lesson.position)
        )
        return tuple(SimpleNamespace(**row._asdict()) for row in rows)

    return _cached(f"pager:{course_id}", load)


def neighbours(lesson: Lesson) -> tuple[Any, Any]:
    """The previous and next published lessons around ``lesson`` (None at either end)."""
    entries = pager(lesson.course_id)
    ids = [entry.id for entry in entries]
    if lesson.id not in ids:
        return None, None
    at = ids.index(lesson.id)
    return (entries[at - 1] if at else None), (entries[at + 1] if at + 1 < len(ids) else None)


def lesson_versions(lesson_id: int) -> dict[str, SimpleNamespace]:
    """Every language version of a lesson, by language (a copy of each row)."""

    def load() -> dict[str, SimpleNamespace]:
        rows = db.session.scalars(
            select(LessonTranslation).where(LessonTranslation.lesson_id == lesson_id)
        )
        return {row.language: plain_copy(row) for row in rows}

    return _cached(f"versions:{lesson_id}", load)


def course_versions(course_id: int) -> dict[str, SimpleNamespace]:
    """Every language version of a course's catalogue text, by language."""

    def load() -> dict[str, SimpleNamespace]:
        rows = db.session.scalars(
            select(CourseTranslation).where(CourseTranslation.course_id == course_id)
        )
        return {row.language: plain_copy(row) for row in rows}

    return _cached(f"course:{course_id}", load)


def lesson_titles(course_id: int, language: str) -> dict[int, str]:
    """Every lesson title of a course in ``language`` (lessons with a version in it)."""
    if language == ORIGINAL_LANGUAGE:
        return {}

    def load() -> dict[int, str]:
        rows = db.session.execute(
            select(LessonTranslation.lesson_id, LessonTranslation.title)
            .join(Lesson, Lesson.id == LessonTranslation.lesson_id)
            .where(Lesson.course_id == course_id, LessonTranslation.language == language)
        )
        return {lesson_id: title for lesson_id, title in rows}

    return _cached(f"titles:{course_id}:{language}", load)


def fragment(key: str, render: Callable[[], str]) -> Markup:
    """Rendered lesson-page HTML kept under ``key`` (emptied with the rows it shows)."""
    return Markup(cached_fragment(lesson_cache(current_app), key, render))  # noqa: S704


def init_lesson_cache(app: Flask) -> None:
    """Give this app its own lesson cache."""
    seconds = float(app.config.get("LESSON_CACHE_SECONDS", DEFAULT_SECONDS))
    install_cache(app, EXTENSION, seconds, WATCHED)
