"""An exam form is drawn in one language; the rules page offers the languages that can fill it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import ExamSession, Exercise
from tests.exams.factories import blueprint_data, pool_items, write_blueprints
from tests.exams.fixtures import POOL_COUNTS


@pytest.fixture
def bilingual_exam(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_exercise: Any, unlocked: None
) -> None:
    """A blueprint offered in English and Russian, an English pool and a Russian pool."""
    folder = write_blueprints(
        tmp_path / "blueprints",
        blueprint_data(
            "test-core",
            languages=["en", "ru"],
            translations={"ru": {"title": "Тестовый экзамен"}},
        ),
        blueprint_data("english-only", title="English only"),
    )
    monkeypatch.setitem(app.config, "EXAM_BLUEPRINTS_DIR", str(folder))
    for data in pool_items(POOL_COUNTS):
        make_exercise(data, pool="exam")
    for data in pool_items(POOL_COUNTS):
        russian = {**data, "id": data["id"].replace("ex-", "ex-ru-"), "language": "ru"}
        make_exercise(russian, pool="exam")


def started(client: Any, slug: str, language: str) -> ExamSession:
    response = client.post(f"/exams/{slug}/start", data={"language": language})
    assert response.status_code == 302, response.text
    return db.session.scalars(select(ExamSession).order_by(ExamSession.id.desc())).first()


@pytest.mark.usefixtures("bilingual_exam")
def test_a_russian_form_holds_only_russian_items(client, student):
    page = client.get("/exams/test-core/rules", headers={"Accept-Language": "ru"}).text
    assert "Тестовый экзамен" in page
    assert 'name="language" value="ru" checked' in page and 'value="en"' in page
    session = started(client, "test-core", "ru")
    assert session.language == "ru"
    languages = {db.session.get(Exercise, i.exercise_id).language for i in session.items}
    assert languages == {"ru"}


@pytest.mark.usefixtures("bilingual_exam")
def test_an_english_form_holds_only_english_items(client, student):
    session = started(client, "test-core", "en")
    languages = {db.session.get(Exercise, i.exercise_id).language for i in session.items}
    assert session.language == "en" and languages == {"en"}


@pytest.mark.usefixtures("bilingual_exam")
def test_a_language_the_exam_is_not_offered_in_is_refused(client, student):
    page = client.get("/exams/english-only/rules").text
    assert 'name="language" value="en"' in page and 'value="ru"' not in page
    response = client.post("/exams/english-only/start", data={"language": "ru"})
    assert response.status_code == 400
    assert db.session.scalar(select(ExamSession)) is None
