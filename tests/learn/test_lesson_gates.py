"""Lesson gates: shuffled quiz options per student and attempt, pass mark, reading time."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Lesson, LessonProgress, Role, User
from app.services.learning import learning, quizzes
from tests.learn.conftest import pass_quiz, quiz_form

BASE = "/courses/ai-trainer-foundations"
FIRST = f"{BASE}/first-steps"
OPTION = re.compile(r'<label class="check quiz-choice">\s*<input[^>]*>\s*<span>([^<]*)</span>')


def lesson(slug: str) -> Lesson:
    """A lesson by slug."""
    return db.session.scalars(select(Lesson).where(Lesson.slug == slug)).one()


def row(user: User, slug: str) -> LessonProgress | None:
    """A user's progress on a lesson."""
    return learning.progress_by_lesson(user, [lesson(slug).id]).get(lesson(slug).id)


def shown_options(client, url: str = FIRST) -> list[str]:
    """The option texts in the order the page shows them."""
    return OPTION.findall(client.get(url).get_data(as_text=True))


def test_students_see_different_orders_and_a_reload_keeps_theirs(
    client, mini_synced, make_user, login
):
    texts = sorted(o["text"] for q in lesson("first-steps").quiz for o in q["options"])
    seen = {}
    for n in range(6):
        user = make_user(display_name=f"Student {n}")
        client.post("/auth/logout")
        login(user)
        first = shown_options(client)
        assert shown_options(client) == first  # a reload does not reshuffle
        assert sorted(first) == texts
        seen[user.id] = tuple(first)
    assert len(set(seen.values())) > 1  # different students, different orders


def test_a_retry_reshuffles_and_grading_follows_the_shown_order(client, mini_synced, student):
    found = lesson("first-steps")
    client.get(FIRST)
    orders = [quizzes.option_orders(student, found, attempt) for attempt in range(8)]
    assert len({str(o) for o in orders}) > 1  # attempts get their own orders
    assert client.post(f"{FIRST}/quiz", data=quiz_form(student, found, {0: [1], 1: [1]}))
    assert row(student, "first-steps").quiz_score == 0.0
    assert row(student, "first-steps").quiz_answers["answers"] == {"0": [1], "1": [1]}
    page = client.get(f"{FIRST}?retry=1").get_data(as_text=True)
    assert 'name="attempt" value="1"' in page
    expected = [found.quiz[q]["options"][i]["text"] for q in (0, 1) for i in orders[1][q]]
    assert OPTION.findall(page) == expected
    client.post(f"{FIRST}/quiz", data=quiz_form(student, found))
    done = row(student, "first-steps")
    assert done.quiz_score == 1.0 and done.quiz_attempts == 2 and done.completed_at is not None
    # The stored quiz keeps its authored order: the right option of question 1 is still first.
    assert lesson("first-steps").quiz[0]["options"][0]["correct"] is True


def test_a_stale_or_missing_attempt_number_is_refused(client, mini_synced, student):
    client.get(FIRST)
    data = quiz_form(student, lesson("first-steps"))
    for attempt in ("3", "", "-1", "x"):
        response = client.post(f"{FIRST}/quiz", data={**data, "attempt": attempt})
        assert response.status_code == 400
    assert row(student, "first-steps").quiz_score is None


def test_completion_is_refused_until_the_quiz_is_passed(client, mini_synced, student):
    client.get(FIRST)
    response = client.post(f"{FIRST}/complete")
    assert response.status_code == 409
    assert "Pass the quiz first" in response.get_data(as_text=True)
    assert row(student, "first-steps").completed_at is None
    client.post(f"{FIRST}/quiz", data=quiz_form(student, lesson("first-steps"), {0: [0], 1: [0]}))
    assert client.post(f"{FIRST}/complete").status_code == 409  # 1 of 2 is not two thirds
    pass_quiz(student, lesson("first-steps"))
    assert row(student, "first-steps").completed_at is not None
    assert client.post(f"{FIRST}/complete").status_code == 302


def test_a_quizless_lesson_needs_the_reading_time(client, mini_synced, student):
    found = lesson("second-steps")
    found.quiz = []
    db.session.commit()
    url = f"{BASE}/second-steps"
    page = client.get(url).get_data(as_text=True)
    assert "Check my answers" not in page and "has no quiz" in page
    response = client.post(f"{url}/complete")
    assert response.status_code == 409 and "can be marked complete after" in response.get_data(
        as_text=True
    )
    progress = row(student, "second-steps")
    assert progress.completed_at is None
    needed = learning.minimum_reading(found)
    assert needed == timedelta(minutes=7 * learning.READING_SHARE)
    first = progress.first_viewed_at
    client.get(url)  # a later view does not move the first-view time
    assert row(student, "second-steps").first_viewed_at == first
    progress.first_viewed_at = first - needed
    db.session.commit()
    assert client.post(f"{url}/complete").status_code == 302
    assert row(student, "second-steps").completed_at is not None


def test_reading_time_is_capped(mini_synced):
    found = lesson("first-steps")
    found.minutes = 120
    assert learning.minimum_reading(found) == learning.READING_CAP


def test_completions_recorded_before_the_rules_stay(client, mini_synced, student):
    client.get(FIRST)
    progress = row(student, "first-steps")
    progress.completed_at = progress.first_viewed_at
    db.session.commit()
    client.post(f"{FIRST}/quiz", data=quiz_form(student, lesson("first-steps"), {0: [1], 1: [1]}))
    assert row(student, "first-steps").completed_at is not None
    assert client.post(f"{FIRST}/complete").status_code == 302


def test_instructors_see_the_same_gate_text(client, mini_synced, make_user, login):
    login(make_user(Role.INSTRUCTOR))
    assert "at least two thirds" in client.get(FIRST).get_data(as_text=True)
