"""Reading courses and tracking each student's progress through them.

``foundations_complete`` and ``course_complete`` are what unlock exams; ``learning_summary`` is
the dashboard's "continue where I left off" card.

A lesson is complete only when its quiz is passed (two thirds of the questions right; passing
completes it at once) or, for a lesson without a quiz, once the student has had it open for a
minimum reading time measured by the server from their first view: READING_SHARE of the
lesson's stated minutes, at most READING_CAP. Completions recorded before these rules stay.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, load_only

from app.models import Course, Lesson, LessonProgress, Module, User, db, utcnow
from graders.quiz import is_passing_score

FOUNDATIONS_SLUG = "ai-trainer-foundations"
VIEW_RESOLUTION = timedelta(minutes=1)
READING_SHARE = 0.4
READING_CAP = timedelta(minutes=6)


class LessonNotReady(ValueError):
    """A lesson cannot be marked complete yet; the message says what is missing."""


@dataclass(frozen=True)
class CourseProgress:
    """One course's size and how far a student is through it."""

    course: Course
    total: int
    minutes: int
    done: int = 0

    @property
    def fraction(self) -> float:
        """Share of published lessons completed, 0.0–1.0."""
        return self.done / self.total if self.total else 0.0

    @property
    def is_complete(self) -> bool:
        """Every published lesson is completed (an empty course never is)."""
        return self.total > 0 and self.done >= self.total


@dataclass(frozen=True)
class LearningSummary:
    """The dashboard card: the lesson to continue with and progress per course."""

    next_lesson: Lesson | None
    courses: list[CourseProgress]


def published_courses() -> list[Course]:
    """Published courses, foundation level first."""
    stmt = select(Course).where(Course.is_published.is_(True))
    return list(db.session.scalars(stmt.order_by(Course.level, Course.title)))


def find_course(slug: str) -> Course | None:
    """A published course by slug."""
    return db.session.scalar(
        select(Course).where(Course.slug == slug, Course.is_published.is_(True))
    )


def find_lesson(course: Course, slug: str, include_unpublished: bool = False) -> Lesson | None:
    """A lesson of ``course``; unpublished ones only when asked (instructors)."""
    # The lesson page names the module: load it with the lesson rather than in a second query.
    stmt = (
        select(Lesson)
        .options(joinedload(Lesson.module))
        .where(Lesson.course_id == course.id, Lesson.slug == slug)
    )
    if not include_unpublished:
        stmt = stmt.where(Lesson.is_published.is_(True))
    return db.session.scalar(stmt)


def find_course_lesson(
    course_slug: str, lesson_slug: str, include_unpublished: bool = False
) -> Lesson | None:
    """A lesson of a published course by both slugs, its course and module loaded (one query)."""
    stmt = (
        select(Lesson)
        .join(Course, Course.id == Lesson.course_id)
        .options(contains_eager(Lesson.course), joinedload(Lesson.module))
        .where(Course.slug == course_slug, Course.is_published.is_(True))
        .where(Lesson.slug == lesson_slug)
    )
    if not include_unpublished:
        stmt = stmt.where(Lesson.is_published.is_(True))
    return db.session.scalar(stmt)


def published_lessons(course: Course) -> list[Lesson]:
    """The course's published lessons in order."""
    stmt = select(Lesson).where(Lesson.course_id == course.id, Lesson.is_published.is_(True))
    return list(db.session.scalars(stmt.order_by(Lesson.position)))


def course_outline(course: Course) -> list[tuple[Module, list[Lesson]]]:
    """Modules in order with their published lessons; empty modules are left out."""
    lessons = published_lessons(course)
    outline = [
        (module, [x for x in lessons if x.module_id == module.id]) for module in course.modules
    ]
    return [(module, items) for module, items in outline if items]


def neighbours(lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    """The previous and next published lessons of the same course."""
    # Only what the pager shows: the full rows carry every lesson's body (~15 KB each).
    stmt = (
        select(Lesson)
        .options(load_only(Lesson.id, Lesson.slug, Lesson.title, Lesson.position))
        .where(Lesson.course_id == lesson.course_id, Lesson.is_published.is_(True))
        .order_by(Lesson.position)
    )
    lessons = list(db.session.scalars(stmt))
    ids = [item.id for item in lessons]
    if lesson.id not in ids:
        return None, None
    at = ids.index(lesson.id)
    return (lessons[at - 1] if at > 0 else None), (lessons[at + 1] if at + 1 < len(ids) else None)


def progress_by_lesson(user: User, lesson_ids: Iterable[int]) -> dict[int, LessonProgress]:
    """The user's progress rows for some lessons, keyed by lesson id."""
    ids = list(lesson_ids)
    if not ids:
        return {}
    stmt = select(LessonProgress).where(
        LessonProgress.user_id == user.id, LessonProgress.lesson_id.in_(ids)
    )
    return {row.lesson_id: row for row in db.session.scalars(stmt)}


def course_progress(user: User | None, courses: Iterable[Course]) -> list[CourseProgress]:
    """Lesson count, minutes and (for a signed-in user) completed lessons per course."""
    courses = list(courses)
    ids = [course.id for course in courses]
    sizes = db.session.execute(
        select(Lesson.course_id, func.count(Lesson.id), func.coalesce(func.sum(Lesson.minutes), 0))
        .where(Lesson.course_id.in_(ids), Lesson.is_published.is_(True))
        .group_by(Lesson.course_id)
    ).all()
    size = {course_id: (count, minutes) for course_id, count, minutes in sizes}
    done: dict[int, int] = {}
    if user is not None and ids:
        rows = db.session.execute(
            select(Lesson.course_id, func.count(LessonProgress.id))
            .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
            .where(
                Lesson.course_id.in_(ids),
                Lesson.is_published.is_(True),
                LessonProgress.user_id == user.id,
                LessonProgress.completed_at.is_not(None),
            )
            .group_by(Lesson.course_id)
        ).all()
        done = {course_id: count for course_id, count in rows}
    return [
        CourseProgress(course, *size.get(course.id, (0, 0)), done=done.get(course.id, 0))
        for course in courses
    ]


def progress_row(user: User, lesson: Lesson) -> LessonProgress:
    """The user's progress on a lesson, created on first use (two tabs may race to create it)."""
    stmt = select(LessonProgress).where(
        LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id
    )
    row = db.session.scalar(stmt)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            now = utcnow()
            row = LessonProgress(
                user_id=user.id, lesson_id=lesson.id, last_viewed_at=now, first_viewed_at=now
            )
            db.session.add(row)
    except IntegrityError:
        return db.session.scalars(stmt).one()
    return row


class ViewRecord(NamedTuple):
    """The student's progress row on the lesson, and whether recording the view wrote it."""

    row: LessonProgress
    wrote: bool


def record_view(user: User, lesson: Lesson) -> ViewRecord:
    """Remember when the student last opened the lesson (drives "continue").

    A view within VIEW_RESOLUTION of the recorded one is not written again: a reload must not
    cost a write and a commit (under load that was most of the lesson page's time, and on
    SQLite every GET then queued for the write lock). The row is returned so the page does not
    select it a second time.
    """
    row = db.session.scalar(
        select(LessonProgress).where(
            LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id
        )
    )
    now = utcnow()
    if (
        row is not None
        and row.first_viewed_at is not None
        and timedelta(0) <= now - row.last_viewed_at < VIEW_RESOLUTION
    ):
        return ViewRecord(row, wrote=False)
    row = row or progress_row(user, lesson)
    row.last_viewed_at = now
    row.first_viewed_at = row.first_viewed_at or now
    db.session.flush()
    _refresh_summary(user)
    return ViewRecord(row, wrote=True)


def _refresh_summary(user: User) -> None:
    """Keep the dashboard summary's lesson to resume in step (imported late: it imports us)."""
    from app.services.learning.student_summary import refresh_learning

    refresh_learning(user)


def minimum_reading(lesson: Lesson) -> timedelta:
    """How long a quiz-less lesson must be open before it can be marked complete."""
    return min(timedelta(minutes=lesson.minutes * READING_SHARE), READING_CAP)


def completion_refusal(row: LessonProgress, lesson: Lesson) -> str | None:
    """Why the lesson cannot be marked complete yet (None when it can)."""
    if row.completed_at is not None:
        return None
    if lesson.quiz:
        if is_passing_score(row.quiz_score):
            return None
        return _("Pass the quiz first: answer at least two thirds of its questions right.")
    needed = minimum_reading(lesson)
    read = utcnow() - (row.first_viewed_at or utcnow())
    if read >= needed:
        return None
    left = max(1, round((needed - read).total_seconds() / 60))
    return _(
        "Take the time to read it: this lesson can be marked complete after %(need)s minutes "
        "(about %(left)s more).",
        need=round(needed.total_seconds() / 60, 1),
        left=left,
    )


def mark_complete(user: User, lesson: Lesson) -> LessonProgress:
    """Mark a lesson as read once its quiz is passed or the reading time has passed.

    Raises LessonNotReady with the reason otherwise; the first completion time is kept.
    """
    row = progress_row(user, lesson)
    reason = completion_refusal(row, lesson)
    if reason:
        raise LessonNotReady(reason)
    row.completed_at = row.completed_at or utcnow()
    db.session.flush()
    _refresh_summary(user)
    return row


def course_complete(user: User, course_slug: str) -> bool:
    """Has the user completed every published lesson of the (published) course?"""
    course = find_course(course_slug)
    return course is not None and course_progress(user, [course])[0].is_complete


def foundations_complete(user: User) -> bool:
    """Has the user completed AI Trainer Foundations (what unlocks the core exam)?"""
    return course_complete(user, FOUNDATIONS_SLUG)


def next_lesson_for(user: User) -> Lesson | None:
    """The most recently viewed unfinished lesson, else the first unfinished Foundations one."""
    return resume_lesson(user) or first_unfinished_foundations(user)


def resume_lesson(user: User) -> Lesson | None:
    """The published lesson the student viewed last and has not completed (course loaded)."""
    visible = (Lesson.is_published.is_(True), Course.is_published.is_(True))
    return db.session.scalar(
        select(Lesson)
        .options(contains_eager(Lesson.course))
        .join(Course, Course.id == Lesson.course_id)
        .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
        .where(LessonProgress.user_id == user.id, LessonProgress.completed_at.is_(None), *visible)
        .order_by(LessonProgress.last_viewed_at.desc(), Lesson.id)
        .limit(1)
    )


def first_unfinished_foundations(user: User) -> Lesson | None:
    """The first published Foundations lesson the student has not completed (course loaded)."""
    visible = (Lesson.is_published.is_(True), Course.is_published.is_(True))
    finished = select(LessonProgress.lesson_id).where(
        LessonProgress.user_id == user.id, LessonProgress.completed_at.is_not(None)
    )
    return db.session.scalar(
        select(Lesson)
        .options(contains_eager(Lesson.course))
        .join(Course, Course.id == Lesson.course_id)
        .where(Course.slug == FOUNDATIONS_SLUG, Lesson.id.not_in(finished), *visible)
        .order_by(Lesson.position)
        .limit(1)
    )


def learning_summary(user: User) -> LearningSummary:
    """What the dashboard shows about lessons: where to continue and progress per course."""
    return LearningSummary(next_lesson_for(user), course_progress(user, published_courses()))
