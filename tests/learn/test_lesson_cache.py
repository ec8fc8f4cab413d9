"""The lesson page's shared data is cached per process; the write that changes it clears it.

In the worker that writes, an edited lesson title (a browser edit or a language version) shows
at once in the pager, the outline and the page; another worker (a second app on the same
database) shows it once its entries are older than the TTL (a fake clock).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.lesson_cache import lesson_cache, pager
from app.models import Lesson
from app.services.learning.lesson_languages import edit_lesson_version
from app.services.learning.lessons import LessonContent, edit_lesson
from tests.conftest import FakeClock, second_worker

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
