"""The dashboard's summary row follows lesson views, completions and quizzes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Lesson, LessonProgress, StudentSummary, User, utcnow
from app.services.learning import learning
from app.services.learning.dashboard import dashboard_for
from app.services.learning.student_summary import fill_summary, rebuild_summary
from tests.learn.conftest import pass_quiz

BASE = "/courses/ai-trainer-foundations"
FIELDS = ("lessons_completed", "lessons_viewed_at", "resume_lesson_id", "attempts_total")


def lesson(slug: str) -> Lesson:
    """A lesson by slug."""
    return db.session.scalars(select(Lesson).where(Lesson.slug == slug)).one()


def assert_equals_rebuild(user: User) -> StudentSummary:
    """The stored row equals a rebuild, and the learning card equals the live one."""
    db.session.expire_all()
    stored = db.session.get(StudentSummary, user.id)
    fresh = fill_summary(StudentSummary(user_id=user.id), user)
    assert [getattr(stored, f) for f in FIELDS] == [getattr(fresh, f) for f in FIELDS]
    dash, live = dashboard_for(user), learning.learning_summary(user)
    assert dash.rebuilt is None
    card = dash.sections["learn"]
    assert card.next_lesson == live.next_lesson
    assert [(c.course.id, c.total, c.minutes, c.done) for c in card.courses] == [
        (c.course.id, c.total, c.minutes, c.done) for c in live.courses
    ]
    return stored


def test_views_and_quizzes_keep_the_lesson_to_resume(client, mini_synced, student):
    rebuild_summary(student)
    db.session.commit()
    assert assert_equals_rebuild(student).resume_lesson_id is None  # Foundations' first
    client.get(f"{BASE}/ranking-basics")
    assert assert_equals_rebuild(student).resume_lesson_id == lesson("ranking-basics").id
    client.get(f"{BASE}/second-steps")
    assert assert_equals_rebuild(student).resume_lesson_id == lesson("second-steps").id
    pass_quiz(student, lesson("second-steps"))
    row = assert_equals_rebuild(student)
    assert row.lessons_completed == 1 and row.resume_lesson_id == lesson("ranking-basics").id


def test_marking_a_lesson_complete_updates_the_summary(client, mini_synced, student):
    rebuild_summary(student)
    db.session.commit()
    first = lesson("first-steps")
    client.get(f"{BASE}/first-steps")
    progress = db.session.scalar(
        select(LessonProgress).where(
            LessonProgress.user_id == student.id, LessonProgress.lesson_id == first.id
        )
    )
    progress.first_viewed_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    if first.quiz:
        pass_quiz(student, first)
    else:
        learning.mark_complete(student, first)
        db.session.commit()
    row = assert_equals_rebuild(student)
    assert row.lessons_completed == 1 and row.resume_lesson_id is None
    assert dashboard_for(student).sections["learn"].next_lesson.slug != "first-steps"
