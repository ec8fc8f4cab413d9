"""The student dashboard, read from the student's summary row plus a few small queries.

The practice section, the lesson to resume and the pending-review count come from
``StudentSummary`` (kept by ``app.services.learning.student_summary`` on every write); one
query reads the row together with the live counters it must match, and a stale or missing row
is rebuilt (``Dashboard.rebuilt``: the view commits it). Course progress is one grouped query;
the exam and cohort cards are read live (certificate validity depends on the clock and on
revocations).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, case, func, select, true
from sqlalchemy.orm import contains_eager

from app.models import (
    Attempt,
    Certificate,
    CohortMember,
    Course,
    ExamSession,
    Lesson,
    LessonProgress,
    Review,
    StudentSummary,
    User,
    db,
    utcnow,
)
from app.services.learning.learning import (
    CourseProgress,
    LearningSummary,
    first_unfinished_foundations,
)
from app.services.learning.mastery import CHART_WEEKS, PracticeSummary, RecentAttempt
from app.services.learning.student_summary import (
    counters_agree,
    fill_summary,
    matches_stamp,
    monday_of,
    stamp_query,
)
from graders.mastery import mastery_by
from graders.result import CRITERION_KEYS


@dataclass
class Dashboard:
    """Everything the dashboard template shows; each area fills its own part."""

    user: User
    sections: dict[str, Any] = field(default_factory=dict)
    rebuilt: StudentSummary | None = None  # a row to store: the view commits it


# The live computation each section equals (tests compare them; nothing else calls these).
SUMMARY_PROVIDERS: list[tuple[str, str]] = [
    ("learn", "app.services.learning.learning:learning_summary"),
    ("practice", "app.services.learning.mastery:practice_summary"),
    ("exams", "app.services.certification.exams:exam_summary"),
    ("studio", "app.services.studio.reviews:dashboard_summary"),
]


def live_dashboard(user: User) -> Dashboard:
    """The dashboard computed from scratch by each area's provider (the reference)."""
    from importlib import import_module

    dash = Dashboard(user=user)
    for name, dotted in SUMMARY_PROVIDERS:
        module_name, func_name = dotted.rsplit(":", 1)
        dash.sections[name] = getattr(import_module(module_name), func_name)(user)
    return dash


def current_summary(user: User) -> tuple[StudentSummary, bool]:
    """The student's summary row, rebuilt when missing or stale; True if it was rebuilt."""
    found = db.session.execute(
        stamp_query(user.id).add_columns(StudentSummary).where(StudentSummary.user_id == user.id)
    ).one_or_none()
    if found is not None and matches_stamp(found[-1], tuple(found[:-1])):
        return found[-1], False
    row = found[-1] if found is not None else StudentSummary(user_id=user.id)
    fill_summary(row, user)
    return row, True


def _ids_where(condition: Any, column: Any) -> Any:
    """The sum of ``column`` over the rows meeting ``condition`` (which rows, in one number)."""
    return func.coalesce(func.sum(case((condition, column), else_=0)), 0)


def _totals(*columns: Any, where: Any, joined: Any = None) -> Any:
    """One row of aggregates over the rows ``where`` selects, for the stamp's FROM list."""
    stmt = select(*columns)
    if joined is not None:
        stmt = stmt.select_from(joined)
    return stmt.where(where).subquery()


def _dashboard_stamp_query() -> Select[Any]:
    """Everything the student's dashboard shows that can change, as one row of counters.

    Two equal stamps (with the same language, day and reader) mean the same page: the summary
    row's stamp and update time (practice, pending reviews, the lesson to resume), the live
    counters it must match, the reviews of the student's work, the exam sessions in each
    state, the certificates with their revocations and expiry, and their cohorts. What is the
    same for everyone is not in it (courses, lessons, superseded guidelines): the cache keeping
    the page is emptied on their writes (``app.dashboard_cache``). No row means no summary yet:
    the page is built from scratch.

    One aggregate subquery per table, joined once: as twenty scalar subqueries, PostgreSQL took
    three times as long to plan the statement (on every execution) as to run it.
    """
    user_id = bindparam("user_id")
    # A review is of one attempt (unique), so the outer join adds no attempt rows.
    attempts = _totals(
        func.count(Attempt.id),
        func.max(Attempt.id),
        func.count(Review.id),
        func.max(Review.id),
        joined=Attempt.__table__.outerjoin(Review, Review.attempt_id == Attempt.id),
        where=Attempt.user_id == user_id,
    )
    progress = _totals(
        func.count(LessonProgress.completed_at),
        func.max(LessonProgress.last_viewed_at),
        where=LessonProgress.user_id == user_id,
    )
    sessions = _totals(
        func.count(),
        func.max(ExamSession.id),
        _ids_where(ExamSession.status == "active", ExamSession.id),
        _ids_where(ExamSession.status == "pending_review", ExamSession.id),
        where=ExamSession.user_id == user_id,
    )
    certificates = _totals(
        func.count(),
        func.max(Certificate.id),
        _ids_where(Certificate.revoked_at.is_not(None), Certificate.id),
        func.min(Certificate.expires_at),
        func.max(Certificate.expires_at),
        where=Certificate.user_id == user_id,
    )
    cohorts = _totals(
        func.count(),
        func.coalesce(func.sum(CohortMember.cohort_id), 0),
        func.max(CohortMember.joined_at),
        where=CohortMember.user_id == user_id,
    )
    a, p = attempts.c, progress.c
    stmt = select(
        a[0], a[1], p[0], p[1],  # LIVE: the counters the summary row must match
        StudentSummary.format,  # KEPT: the row's format and counters, as matches_stamp lists them
        StudentSummary.attempts_total,
        StudentSummary.last_attempt_id,
        StudentSummary.lessons_completed,
        StudentSummary.lessons_viewed_at,
        StudentSummary.updated_at,
        a[2], a[3],
        *[column for table in (sessions, certificates, cohorts) for column in table.c],
    ).select_from(StudentSummary)
    for table in (attempts, progress, sessions, certificates, cohorts):
        stmt = stmt.join(table, true())
    return stmt.where(StudentSummary.user_id == user_id)


DASHBOARD_STAMP = _dashboard_stamp_query()
LIVE, KEPT = slice(0, 4), slice(4, 9)  # where the stamp's first columns sit


def dashboard_stamp(user_id: int) -> tuple[Any, ...] | None:
    """The student's dashboard stamp when their summary row is current, else None.

    None (no row yet, a stale row, an older format) sends the page down the full path, which
    rebuilds the row.
    """
    found = db.session.execute(DASHBOARD_STAMP, {"user_id": user_id}).one_or_none()
    if found is None:
        return None
    if not counters_agree(tuple(found[KEPT]), tuple(found[LIVE])):
        return None
    return tuple(_plain(value) for value in found)


def _plain(value: Any) -> Any:
    """A stamp value that compares equal across engines and reads (timestamps as text)."""
    return value.isoformat() if isinstance(value, datetime) else value


def practice_section(row: StudentSummary, now: datetime | None = None) -> PracticeSummary:
    """Mastery per criterion and kind, recent attempts and the weekly series, from the row."""
    practice = row.practice or {}
    criteria = mastery_by(practice.get("criteria", {}))
    oldest = monday_of((now or utcnow()) - timedelta(weeks=CHART_WEEKS))
    weeks = sorted((w, v) for w, v in practice.get("weeks", {}).items() if w >= oldest)
    return PracticeSummary(
        criteria={name: criteria.get(name) for name in CRITERION_KEYS},
        kinds=mastery_by(practice.get("kinds", {})),
        recent=[
            RecentAttempt(i, uid, title, kind, score, datetime.fromisoformat(at))
            for i, uid, title, kind, score, at in practice.get("recent", [])
        ],
        weeks=[(w, total / count, int(count)) for w, (total, count) in weeks if count],
        total=row.attempts_total,
    )


# Built once at import (the page binds only the ids): building them was a tenth of its time.
COURSE_PROGRESS = (
    select(
        Course,
        func.count(Lesson.id),
        func.coalesce(func.sum(Lesson.minutes), 0),
        func.count(LessonProgress.completed_at),
    )
    .outerjoin(Lesson, (Lesson.course_id == Course.id) & Lesson.is_published.is_(True))
    .outerjoin(
        LessonProgress,
        (LessonProgress.lesson_id == Lesson.id) & (LessonProgress.user_id == bindparam("user_id")),
    )
    .where(Course.is_published.is_(True))
    .group_by(Course.id)
    .order_by(Course.level, Course.title)
)
RESUMABLE_LESSON = (
    select(Lesson)
    .options(contains_eager(Lesson.course))
    .join(Course, Course.id == Lesson.course_id)
    .where(
        Lesson.id == bindparam("lesson_id"),
        Lesson.is_published.is_(True),
        Course.is_published.is_(True),
    )
)


def course_progress_of(user: User) -> list[CourseProgress]:
    """Published courses with their size and the student's completed lessons, in one query."""
    rows = db.session.execute(COURSE_PROGRESS, {"user_id": user.id}).all()
    return [CourseProgress(c, total, minutes, done=done) for c, total, minutes, done in rows]


def next_lesson_of(user: User, row: StudentSummary) -> Lesson | None:
    """The summary's lesson to resume if it is still published, else Foundations' next."""
    if row.resume_lesson_id is not None:
        lesson = db.session.scalar(RESUMABLE_LESSON, {"lesson_id": row.resume_lesson_id})
        if lesson is not None:
            return lesson
        from app.services.learning.learning import next_lesson_for

        return next_lesson_for(user)
    return first_unfinished_foundations(user)


def dashboard_for(user: User) -> Dashboard:
    """Assemble the learning, practice, exam and studio cards (about eight queries)."""
    from app.services.certification.exams import exam_summary
    from app.services.studio.cohorts import cohorts_of_student
    from app.services.studio.reviews import recent_reviews

    row, rebuilt = current_summary(user)
    dash = Dashboard(user=user, rebuilt=row if rebuilt else None)
    dash.sections["learn"] = LearningSummary(next_lesson_of(user, row), course_progress_of(user))
    dash.sections["practice"] = practice_section(row)
    dash.sections["exams"] = exam_summary(user)
    dash.sections["studio"] = {
        "reviews": recent_reviews(user),
        "pending": row.pending_reviews,
        "cohorts": cohorts_of_student(user),
    }
    return dash
