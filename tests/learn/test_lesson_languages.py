"""One lesson, two languages: versions load, show in the reader's language, share progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.content import ContentError, load_courses
from app.extensions import db
from app.models import AuditEvent, Lesson, LessonProgress, LessonTranslation, User
from app.services.learning.lesson_languages import language_status, localise_lesson
from tests.learn.conftest import QUIZ, quiz_form

BASE = "/courses/ai-trainer-foundations"
FIRST = f"{BASE}/first-steps"
RU_COURSE = """\
slug: ai-trainer-foundations
title: Мини-основы
summary: >
  Крошечный курс для тестов.
level: foundation
guidelines_version: "2026.1"
modules:
  - slug: basics
    title: Основы
  - slug: ranking
    title: Ранжирование
"""
RU_QUIZ = """\
quiz:
  - question: Какой ответ ставим первым?
    multiple: false
    options:
      - text: Подробная таблица доз.
        correct: false
        explanation: РУ-ПОЯСНЕНИЕ-дозы
      - text: Безопасный ответ с советом обратиться к фармацевту.
        correct: true
        explanation: РУ-ПОЯСНЕНИЕ-безопасный
  - question: Что из этого — проблемы безопасности?
    multiple: true
    options:
      - text: Опасные инструкции.
        correct: true
        explanation: РУ-ПОЯСНЕНИЕ-опасность
      - text: Вежливый тон.
        correct: false
        explanation: РУ-ПОЯСНЕНИЕ-вежливость
"""


def ru_lesson(slug: str = "first-steps", order: int = 1, module: str = "basics") -> str:
    """A Russian version of a mini-course lesson, with its own (native) quiz."""
    return (
        f"---\ntitle: Первые шаги\nslug: {slug}\nmodule: {module}\norder: {order}\nminutes: 6\n"
        "objectives:\n  - Объяснить одно.\n  - Применить другое.\ncriteria: [ethics, accuracy]\n"
        f"{RU_QUIZ}---\n\n## Зачем это нужно\n\nТекст урока по-русски.\n"
    )


@pytest.fixture
def bilingual(mini_courses: Path) -> Path:
    """The mini course with a Russian folder holding one lesson version."""
    folder = mini_courses / "ai-trainer-foundations" / "ru"
    folder.mkdir()
    (folder / "course.yaml").write_text(RU_COURSE, encoding="utf-8")
    (folder / "01-first-steps.md").write_text(ru_lesson(), encoding="utf-8")
    return mini_courses


def lesson(slug: str) -> Lesson:
    return db.session.scalar(select(Lesson).where(Lesson.slug == slug))


def test_a_version_loads_beside_its_original(bilingual):
    course = load_courses(bilingual)[0]
    ru = course.languages["ru"]
    assert ru.title == "Мини-основы" and ru.module_titles["basics"] == "Основы"
    assert [lesson.slug for lesson in ru.lessons] == ["first-steps"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (ru_lesson(module="ranking"), "module must equal the original lesson's"),
        (ru_lesson(slug="other-steps"), "slug 'other-steps' must equal the file name"),
    ],
)
def test_a_version_must_be_the_same_lesson(bilingual, text, reason):
    (bilingual / "ai-trainer-foundations" / "ru" / "01-first-steps.md").write_text(text)
    with pytest.raises(ContentError, match=reason):
        load_courses(bilingual)


def test_a_version_without_an_original_is_refused(bilingual):
    folder = bilingual / "ai-trainer-foundations" / "ru"
    (folder / "04-nowhere.md").write_text(ru_lesson("nowhere", 4))
    with pytest.raises(ContentError, match="no original lesson has this file name"):
        load_courses(bilingual)


def test_sync_stores_versions_once_and_marks_them_older_when_the_original_changes(
    bilingual, sync
):
    report = sync(bilingual)
    assert report.versions_written == 1
    assert not sync(bilingual).has_changes
    first = lesson("first-steps")
    course = first.course
    states = {row.lesson.slug: row.versions[0].state for row in language_status(course, ["ru"])}
    assert states == {"first-steps": "current", "second-steps": "missing",
                      "ranking-basics": "missing"}
    original = bilingual / "ai-trainer-foundations" / "01-first-steps.md"
    original.write_text(original.read_text().replace("Some teaching", "Changed teaching"))
    sync(bilingual)
    states = {row.lesson.slug: row.versions[0].state for row in language_status(course, ["ru"])}
    assert states["first-steps"] == "older"


def test_the_reader_sees_their_language_and_progress_is_shared(client, bilingual, sync, student):
    sync(bilingual)
    client.get("/language/ru")
    page = client.get(FIRST).text
    assert "<h1>Первые шаги</h1>" in page and "Текст урока по-русски." in page
    assert 'name="quiz_language" value="ru"' in page and "РУ-ПОЯСНЕНИЕ" not in page
    assert "Основы" in page  # the module's title in the breadcrumb
    second = client.get(f"{BASE}/second-steps").text  # no Russian version: the original
    assert "<h1>Lesson second-steps</h1>" in second and "English" in second
    outline = client.get(BASE).text
    assert "Мини-основы" in outline and "Первые шаги" in outline
    assert "Lesson second-steps" in outline
    # Answer the Russian quiz correctly (its correct options differ from the English one's).
    russian = localise_lesson(lesson("first-steps"), "ru")
    data = {**quiz_form(student, russian), "quiz_language": "ru"}
    assert client.post(f"{FIRST}/quiz", data=data).status_code == 302
    row = db.session.scalar(select(LessonProgress).where(LessonProgress.user_id == student.id))
    assert row.quiz_score == 1.0 and row.completed_at is not None
    assert row.quiz_answers["language"] == "ru"
    assert "РУ-ПОЯСНЕНИЕ-безопасный" in client.get(FIRST).text
    # The same one lesson is complete in English too; its English quiz starts afresh.
    client.get("/language/en")
    english = client.get(FIRST).text
    assert "<h1>Lesson first-steps</h1>" in english and "Completed" in english
    assert "GOLD-EXPLANATION" not in english and "РУ-ПОЯСНЕНИЕ" not in english


def test_an_instructor_edits_a_version_side_by_side(client, mini_synced, instructor, login):
    login(instructor)
    url = f"{FIRST}/edit/ru"
    page = client.get(url).text
    assert "Some teaching about first-steps." in page  # the original beside the editor
    response = client.post(
        url,
        data={"title": "Первые шаги", "minutes": "5", "body": "## Раздел\n\nТекст.",
              "quiz": QUIZ.split("\n", 1)[1].replace("\n  ", "\n", 0), "save": "1"},
    )
    assert response.status_code == 302, response.text
    version = db.session.scalar(select(LessonTranslation))
    assert version.title == "Первые шаги" and version.source == "studio"
    assert "Раздел" in version.body_html
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "lesson.edit_language")
    ) is not None
    assert client.get(f"{FIRST}/edit/xx").status_code == 404
    assert client.get(f"{FIRST}/edit/en").status_code == 404


def test_a_student_cannot_open_the_language_editor(client, mini_synced, student):
    assert client.get(f"{FIRST}/edit/ru").status_code == 403
    assert isinstance(student, User)


def test_the_dashboard_names_the_next_lesson_and_course_in_the_readers_language(
    client, bilingual, sync, student
):
    sync(bilingual)
    client.get("/language/ru")
    client.get(FIRST)  # opened, not complete: the lesson to resume
    page = client.get("/dashboard").text
    assert "Первые шаги" in page and "Мини-основы" in page
    client.get("/language/en")
    english = client.get("/dashboard").text
    assert "Lesson first-steps" in english and "Mini Foundations" in english
