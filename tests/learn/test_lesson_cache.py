"""The lesson page's shared data is cached per process; the write that changes it clears it.

In the worker that writes, an edited lesson title (a browser edit or a language version) shows
at once in the pager, the outline and the page; another worker (a second app on the same
database) shows it once its entries are older than the TTL (a fake clock).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.lesson_cache import lesson_cache, pager
from app.models import Lesson, Role
from app.models.base import utcnow
from app.services.learning.learning import progress_row
from app.services.learning.lesson_languages import edit_lesson_version
from app.services.learning.lessons import LessonContent, edit_lesson
from tests.conftest import (
    FakeClock,
    csrf_token_in,
    second_worker,
    signed_in_browser,
    templates_rendered,
)
from tests.learn.conftest import quiz_form

BASE = "/courses/ai-trainer-foundations"


def lesson(slug: str) -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


def content(title: str) -> LessonContent:
    return LessonContent(title=title, minutes=5, body="## Part\n\nText.\n", quiz=())


def test_editing_a_lesson_shows_at_once_in_this_worker(client, mini_synced, student, instructor):
    assert "Lesson second-steps" in client.get(f"{BASE}/first-steps").text  # the pager, cached
    assert lesson_cache(client.application).get(f"pager:{lesson('first-steps').course_id}")
    edit_lesson(lesson("second-steps"), instructor, content("Renamed second"))
    db.session.commit()
    assert "Renamed second" in client.get(f"{BASE}/first-steps").text
    assert "Renamed second" in client.get(BASE).text


def test_a_new_language_version_shows_at_once(client, mini_synced, student, instructor):
    client.get("/language/ru")
    assert "Lesson first-steps" in client.get(f"{BASE}/first-steps").text
    edit_lesson_version(lesson("first-steps"), "ru", instructor, content("Первые шаги"))
    db.session.commit()
    page = client.get(f"{BASE}/first-steps").text
    assert "<h1>Первые шаги</h1>" in page


@pytest.fixture
def other_worker(app: Flask, tmp_path: Path) -> Iterator[tuple[Flask, FakeClock]]:
    """A second app on the same database, its lesson cache on a fake clock."""
    with second_worker(app, tmp_path, clocked=lesson_cache) as worker:
        yield worker


def test_another_worker_sees_an_edit_within_the_ttl(other_worker, mini_synced, instructor):
    other, clock = other_worker
    course_id = lesson("first-steps").course_id
    db.session.commit()

    def titles() -> list[str]:
        with other.app_context():
            return [entry.title for entry in pager(course_id)]

    assert "Lesson second-steps" in titles()
    edit_lesson(lesson("second-steps"), instructor, content("Renamed second"))
    db.session.commit()
    assert "Lesson second-steps" in titles()  # the documented window
    clock.now += 60.01
    assert "Renamed second" in titles()


FIRST = f"{BASE}/first-steps"


def fresh_text() -> LessonContent:
    return LessonContent(
        title="Lesson first-steps", minutes=5, body="## Part\n\nFresh words.\n", quiz=()
    )


def test_a_second_reader_gets_the_kept_lesson_text(client, app, mini_synced, make_user):
    assert "Some teaching about first-steps" in signed_in_browser(app, make_user()).get(FIRST).text
    other = signed_in_browser(app, make_user())
    with templates_rendered(app) as rendered:
        page = other.get(FIRST).text
    assert "learn/_lesson_text.html" not in rendered
    assert "learn/_lesson_pager.html" not in rendered
    assert "Some teaching about first-steps" in page and "\x00" not in page


def test_completion_and_instructor_tools_are_shown_per_reader(client, app, mini_synced, make_user):
    done = make_user()
    progress_row(done, lesson("first-steps")).completed_at = utcnow()
    db.session.commit()
    done_page = signed_in_browser(app, done).get(FIRST).text
    fresh_page = signed_in_browser(app, make_user()).get(FIRST).text
    teacher_page = signed_in_browser(app, make_user(Role.INSTRUCTOR)).get(FIRST).text
    completed = '<span class="tag ok">Completed</span>'
    assert completed in done_page and completed not in fresh_page
    assert "Edit lesson" in teacher_page and "Edit lesson" not in fresh_page + done_page


def test_an_edited_text_shows_at_once_on_its_page(client, student, mini_synced, make_user):
    assert "Some teaching about first-steps" in client.get(FIRST).text
    edit_lesson(lesson("first-steps"), make_user(Role.INSTRUCTOR), fresh_text())
    db.session.commit()
    page = client.get(FIRST).text
    assert "Fresh words." in page and "Some teaching about first-steps" not in page


def test_unpublishing_a_lesson_hides_it_at_once_in_this_worker(client, student, mini_synced):
    assert client.get(f"{BASE}/second-steps").status_code == 200
    lesson("second-steps").is_published = False
    db.session.commit()
    assert client.get(f"{BASE}/second-steps").status_code == 404


def test_another_worker_shows_an_edited_text_within_the_ttl(other_worker, mini_synced, make_user):
    other, clock = other_worker
    reader = signed_in_browser(other, make_user())
    assert "Some teaching about first-steps" in reader.get(FIRST).text
    edit_lesson(lesson("first-steps"), make_user(Role.INSTRUCTOR), fresh_text())
    db.session.commit()
    assert "Some teaching about first-steps" in reader.get(FIRST).text  # the documented window
    clock.now += 60.01
    assert "Fresh words." in reader.get(FIRST).text


def option_texts(page: str) -> list[str]:
    """The quiz options in the order the page shows them."""
    choice = r'<label class="check quiz-choice">\s*<input[^>]*>\s*<span>([^<]*)</span>'
    return re.findall(choice, page)


def test_the_quiz_form_is_kept_per_student_and_attempt_with_each_readers_token(
    app, mini_synced, make_user
):
    from app.services.learning.quizzes import student_quiz

    readers = [make_user() for _ in range(4)]
    browsers = [signed_in_browser(app, reader) for reader in readers]
    for browser in browsers:
        browser.get(FIRST)  # each reader's order rendered once
    orders = set()
    for reader, browser in zip(readers, browsers, strict=True):
        with templates_rendered(app) as rendered:
            page = browser.get(FIRST).text
        assert "learn/_quiz.html" not in rendered
        shown = student_quiz(reader, lesson("first-steps"), 0)
        expected = [text for question in shown for text in question["options"]]
        assert option_texts(page) == expected and "GOLD-EXPLANATION" not in page
        orders.add(tuple(expected))
        data = quiz_form(reader, lesson("first-steps"))
        data["csrf_token"] = csrf_token_in(page)
        assert browser.post(f"{FIRST}/quiz", data=data, csrf=False).status_code == 302
        assert "You answered 2 of 2 questions right" in browser.get(FIRST).text
    assert len(orders) > 1  # the shuffles differ, so one kept form could not serve them all
