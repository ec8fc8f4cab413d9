"""An English exam item with a Russian version joins the Russian form and is shown in Russian."""

from __future__ import annotations

import copy
import html
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import ExamSession
from app.services.certification.exams import session_items
from graders import validate_item
from tests.exams.factories import GOLD_MARK, blueprint_data, pool_items, write_blueprints
from tests.exams.fixtures import POOL_COUNTS


def russian_version(data: dict[str, Any]) -> dict[str, Any]:
    """The item with a marked Russian version of every text (patterns and gold kept)."""
    ru: dict[str, Any] = {key: f"РУ {data[key]}" for key in ("title", "prompt", "rationale")}
    if data.get("answers"):
        ru["answers"] = {
            a["id"]: {"text": f"РУ {a['text']}", "note": f"РУ {a['note']}"} for a in data["answers"]
        }
    if data["kind"] == "reference":
        ru["rubric"] = [{"point": f"РУ {p['point']}"} for p in data["rubric"]]
        ru["gold_reference"] = f"РУ {data['gold_reference']}"
    translated = {**copy.deepcopy(data), "translations": {"ru": ru}}
    assert validate_item(translated) == []
    return translated


@pytest.fixture
def translated_pool(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_exercise: Any, unlocked: None
) -> None:
    """An English pool whose every item has a Russian version; no item written in Russian."""
    blueprint = blueprint_data("test-core", languages=["en", "ru"])
    folder = write_blueprints(tmp_path / "blueprints", blueprint)
    monkeypatch.setitem(app.config, "EXAM_BLUEPRINTS_DIR", str(folder))
    for data in pool_items(POOL_COUNTS):
        make_exercise(russian_version(data), pool="exam")


@pytest.mark.usefixtures("translated_pool")
def test_a_russian_form_shows_the_russian_versions_and_no_gold(client: Any, student: Any):
    response = client.post("/exams/test-core/start", data={"language": "ru"})
    assert response.status_code == 302, response.text
    session = db.session.scalars(select(ExamSession)).one()
    assert session.language == "ru" and session.items
    views = [view.view for view in session_items(session)]
    assert all(view["language"] == "ru" and view["prompt"].startswith("РУ ") for view in views)
    for view in views:
        assert all(a["text"].startswith("РУ ") for a in view["answers"])
        assert "note" not in repr(view) and "rationale" not in view
    first = session.items[0]
    page = html.unescape(client.get(f"/exams/sessions/{session.id}/{first.position}").text)
    assert f"РУ {first.version.prompt.strip()}" in page
    assert GOLD_MARK not in page


@pytest.mark.usefixtures("translated_pool")
def test_an_english_form_of_the_same_items_stays_english(client: Any, student: Any):
    client.post("/exams/test-core/start", data={"language": "en"})
    session = db.session.scalars(select(ExamSession)).one()
    views = [view.view for view in session_items(session)]
    assert all(view["language"] == "en" and not view["prompt"].startswith("РУ") for view in views)
