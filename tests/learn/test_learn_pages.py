"""Catalogue, course and lesson pages; quizzes; completion; continue where I left off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Lesson, LessonProgress, Role, User, utcnow
from app.services.learning import learning
from tests.learn.conftest import pass_quiz, quiz_form

BASE = "/courses/ai-trainer-foundations"
FIRST = f"{BASE}/first-steps"


def lesson(slug: str) -> Lesson:
    """A lesson by slug."""
    return db.session.scalars(select(Lesson).where(Lesson.slug == slug)).one()


def progress(user: User, slug: str) -> LessonProgress | None:
    """A user's progress row on a lesson."""
    return db.session.scalar(
        select(LessonProgress).where(
            LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson(slug).id
        )
    )


def render_dashboard(user: User) -> str:
    """The dashboard page with only this area's section (other areas test their own)."""
    from flask import current_app, render_template

    from app.services.learning.dashboard import Dashboard

    dash = Dashboard(user=user, sections={"learn": learning.learning_summary(user)})
    with current_app.test_request_context("/dashboard"):
        return render_template("main/_dashboard_body.html", dash=dash)


def test_dashboard_registers_the_learning_summary():
    from app.services.learning.dashboard import SUMMARY_PROVIDERS

    assert ("learn", "app.services.learning.learning:learning_summary") in SUMMARY_PROVIDERS


def test_catalogue_and_course_are_public(client, mini_synced):
    page = client.get("/courses/").get_data(as_text=True)
    assert "Mini Foundations" in page and "3 lessons" in page and "about 21 minutes" in page
    assert "<progress" not in page
    course = client.get(BASE)
    assert course.status_code == 200
    text = course.get_data(as_text=True)
    assert "Module 1: The basics" in text and "Lesson first-steps" in text
    assert client.get("/courses/no-such-course").status_code == 404


def test_catalogue_and_course_show_a_students_progress(client, mini_synced, student):
    pass_quiz(student, lesson("first-steps"))
    catalogue = client.get("/courses/").get_data(as_text=True)
    assert "1 of 3 lessons completed" in catalogue and 'value="1"' in catalogue
    course = client.get(BASE).get_data(as_text=True)
    assert course.count("(completed)") == 1 and "1 of 3 lessons completed" in course


def test_lesson_needs_a_signed_in_student(client, mini_synced):
    response = client.get(FIRST)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.STUDENT, Role.INSTRUCTOR, Role.ADMIN])
def test_lesson_page_for_every_role(client, mini_synced, make_user, login, role):
    user = make_user(role)
    login(user)
    response = client.get(FIRST)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Lesson first-steps</h1>" in page and "7 min read" in page
    assert "Explain one thing." in page and 'href="#sec-why-first-steps-matters"' in page
    assert "Ethics</span>" in page and "Accuracy</span>" in page
    assert "Mark complete" in page and f'href="{BASE}/second-steps"' in page
    assert ("Edit lesson" in page) is (role != Role.STUDENT)
    assert progress(user, "first-steps").last_viewed_at is not None


def test_quiz_gold_is_not_in_the_page_before_submission(client, mini_synced, student):
    page = client.get(FIRST).get_data(as_text=True)
    assert "Which answer ranks first?" in page and "The detailed dosing table." in page
    assert "GOLD-EXPLANATION" not in page
    assert "is-correct" not in page and "Correct option" not in page
    assert 'name="q-0" value="1"' in page and 'type="checkbox" name="q-1"' in page
    assert 'name="attempt" value="0"' in page and "at least two thirds" in page


def test_quiz_is_graded_on_the_spot_with_every_explanation(client, mini_synced, student):
    client.get(FIRST)
    data = quiz_form(student, lesson("first-steps"), {0: [0], 1: [0, 1]})
    response = client.post(f"{FIRST}/quiz", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("#quiz")
    page = client.get(FIRST).get_data(as_text=True)
    assert "You answered 1 of 2 questions right (50%)" in page
    for marker in ("safe-first", "dosing-harmful", "danger", "polite", "intolerance"):
        assert f"GOLD-EXPLANATION-{marker}" in page
    assert page.count("Your answer") == 3 and "Not quite" in page
    row = progress(student, "first-steps")
    assert row.quiz_score == 0.5 and row.quiz_answers["answers"] == {"0": [0], "1": [0, 1]}
    assert row.completed_at is None  # 1 of 2 is below the pass mark
    retry = client.get(f"{FIRST}?retry=1").get_data(as_text=True)
    assert "GOLD-EXPLANATION" not in retry and "Check my answers" in retry
    assert 'name="attempt" value="1"' in retry


def test_full_marks_pass_and_complete_the_lesson(client, mini_synced, student):
    client.get(FIRST)
    client.post(f"{FIRST}/quiz", data=quiz_form(student, lesson("first-steps")))
    row = progress(student, "first-steps")
    assert row.quiz_score == 1.0 and row.completed_at is not None and row.quiz_attempts == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"q-0": "0"}, "question 2 has no answer"),
        ({"q-0": "9", "q-1": "0"}, "question 1 has no option 9"),
        ({"q-0": "x", "q-1": "0"}, "is not a number"),
        ({"q-0": ["0", "1"], "q-1": "0"}, "question 1 takes exactly one option"),
        ({"q-0": "0", "q-1": "0", "q-7": "0"}, "there is no question 7"),
        ({"q-zz": "0"}, "is not a question of this quiz"),
    ],
)
def test_malformed_quiz_submissions_get_400_with_a_reason(
    client, mini_synced, student, data, reason
):
    response = client.post(f"{FIRST}/quiz", data={**data, "attempt": "0"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert reason in page and "GOLD-EXPLANATION" not in page
    assert progress(student, "first-steps") is None or (
        progress(student, "first-steps").quiz_score is None
    )


def test_quiz_without_csrf_is_refused(client, mini_synced, student):
    response = client.post(f"{FIRST}/quiz", data={"q-0": "0", "q-1": "0"}, csrf=False)
    assert response.status_code == 400


def test_mark_complete_moves_on_to_the_next_lesson(client, mini_synced, student):
    pass_quiz(student, lesson("first-steps"))
    pass_quiz(student, lesson("ranking-basics"))
    response = client.post(f"{FIRST}/complete")
    assert response.status_code == 302 and response.headers["Location"] == f"{BASE}/second-steps"
    assert progress(student, "first-steps").completed_at is not None
    page = client.get(FIRST).get_data(as_text=True)
    assert "You completed this lesson" in page
    last = client.post(f"{BASE}/ranking-basics/complete")
    assert last.headers["Location"] == BASE


def test_unpublished_lessons_404_for_students_but_not_instructors(
    client, mini_synced, make_user, login
):
    lesson("second-steps").is_published = False
    db.session.commit()
    login(make_user(Role.STUDENT))
    assert client.get(f"{BASE}/second-steps").status_code == 404
    assert client.post(f"{BASE}/second-steps/complete").status_code == 404
    assert "Lesson second-steps" not in client.get(BASE).get_data(as_text=True)
    assert f'href="{BASE}/ranking-basics"' in client.get(FIRST).get_data(as_text=True)
    client.post("/auth/logout")
    login(make_user(Role.INSTRUCTOR))
    page = client.get(f"{BASE}/second-steps").get_data(as_text=True)
    assert "This lesson is unpublished" in page


def test_a_failed_view_record_does_not_fail_the_page(client, mini_synced, student, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def locked(*_args: object) -> None:
        raise OperationalError("UPDATE lesson_progress", {}, Exception("database is locked"))

    monkeypatch.setattr(learning, "record_view", locked)
    response = client.get(FIRST)
    assert response.status_code == 200 and "Lesson first-steps" in response.get_data(as_text=True)


def test_a_refused_view_record_is_retried_holding_the_write_lock(
    client, mini_synced, student, monkeypatch
):
    from flask import g
    from sqlalchemy.exc import OperationalError

    real = learning.record_view
    calls: list[bool] = []

    def locked_once(user: object, lesson: object) -> bool:
        calls.append(bool(g.get("sqlite_write_lock")))
        if len(calls) == 1:
            raise OperationalError("UPDATE lesson_progress", {}, Exception("database is locked"))
        return real(user, lesson)

    monkeypatch.setattr(learning, "record_view", locked_once)
    assert client.get(FIRST).status_code == 200
    if db.engine.dialect.name == "sqlite":
        assert calls == [False, True]
        assert progress(student, "first-steps").last_viewed_at is not None
    else:  # PostgreSQL never refuses a write this way; a real error is logged, not retried
        assert calls == [False]


def test_continue_where_i_left_off(client, mini_synced, student):
    summary = learning.learning_summary(student)
    assert summary.next_lesson.slug == "first-steps"
    assert [(c.done, c.total) for c in summary.courses] == [(0, 3)]
    client.get(f"{BASE}/ranking-basics")
    assert learning.learning_summary(student).next_lesson.slug == "ranking-basics"
    client.get(f"{BASE}/second-steps")
    row = progress(student, "ranking-basics")
    row.last_viewed_at = utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert learning.learning_summary(student).next_lesson.slug == "ranking-basics"
    pass_quiz(student, lesson("ranking-basics"))
    assert learning.learning_summary(student).next_lesson.slug == "second-steps"
    page = render_dashboard(student)
    assert "Continue where I left off" in page and f'href="{BASE}/second-steps"' in page
    assert "1 of 3 lessons completed" in page


def test_course_and_foundations_completion(client, mini_synced, student):
    assert not learning.foundations_complete(student)
    for slug in ("first-steps", "second-steps"):
        pass_quiz(student, lesson(slug))
    assert not learning.course_complete(student, "ai-trainer-foundations")
    pass_quiz(student, lesson("ranking-basics"))
    assert learning.foundations_complete(student)
    assert not learning.course_complete(student, "medicine-and-health")
    assert learning.learning_summary(student).next_lesson is None
    assert "Course complete" in render_dashboard(student)


def test_lesson_page_shows_the_real_content_pre_rendered(client, sync, student):
    from app.config import REPO_ROOT

    sync(REPO_ROOT / "courses")
    page = client.get(f"{BASE}/correction-worked-examples").get_data(as_text=True)
    assert '<div class="admonition example">' in page and "<pre><code>import sqlite3" in page
    assert "<table>" in page and "Next:" in page and "Previous:" in page
