"""Instructors edit lessons in the browser: versions, audit, shared validation, safe preview."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.content import quiz_to_yaml
from app.extensions import db
from app.models import AuditEvent, Lesson, LessonVersion

LESSON = "/courses/ai-trainer-foundations/first-steps"


def lesson(slug: str = "first-steps") -> Lesson:
    """A lesson by slug."""
    return db.session.scalars(select(Lesson).where(Lesson.slug == slug)).one()


def edit_data(**changes: str) -> dict[str, str]:
    """A valid edit form submission based on the stored lesson."""
    current = lesson()
    data = {
        "title": "Renamed lesson",
        "minutes": "9",
        "body": "## New section\n\nNew words for students.\n",
        "quiz": quiz_to_yaml(current.quiz),
        "save": "Save new version",
    }
    data.update(changes)
    return data


def test_edit_form_shows_the_current_markdown_and_quiz(client, mini_synced, instructor):
    page = client.get(f"{LESSON}/edit").get_data(as_text=True)
    assert "## Why first-steps matters" in page
    assert "GOLD-EXPLANATION-safe-first" in page and 'data-preview-url="/courses/preview"' in page
    assert 'aria-live="polite"' in page and "js/lesson-editor.js" in page


def test_save_creates_a_version_rerenders_and_is_audited(client, mini_synced, instructor):
    response = client.post(f"{LESSON}/edit", data=edit_data())
    assert response.status_code == 302 and response.headers["Location"] == LESSON
    edited = lesson()
    assert edited.title == "Renamed lesson" and edited.minutes == 9
    assert edited.source == "studio" and 'id="sec-new-section"' in edited.body_html
    versions = db.session.scalars(
        select(LessonVersion)
        .where(LessonVersion.lesson_id == edited.id)
        .order_by(LessonVersion.number)
    ).all()
    assert [(v.number, v.author_id) for v in versions] == [(1, None), (2, instructor.id)]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "lesson.edit")).one()
    assert event.actor_id == instructor.id and event.details["version"] == 2
    assert "New words for students." in client.get(LESSON).get_data(as_text=True)


def test_studio_edit_survives_a_sync_until_the_file_changes(client, mini_synced, instructor, sync):
    client.post(f"{LESSON}/edit", data=edit_data())
    assert not sync(mini_synced).has_changes
    assert lesson().title == "Renamed lesson"
    path = mini_synced / "ai-trainer-foundations" / "01-first-steps.md"
    path.write_text(path.read_text() + "\nOne more line.\n")
    assert sync(mini_synced).updated == 1
    assert lesson().title == "Lesson first-steps" and lesson().source == "file"


def test_invalid_quiz_uses_the_loader_rules_and_saves_nothing(client, mini_synced, instructor):
    quiz = quiz_to_yaml(lesson().quiz).replace("correct: false", "correct: true", 1)
    response = client.post(f"{LESSON}/edit", data=edit_data(quiz=quiz))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "quiz[0] is single-choice (multiple: false) but marks 2 options correct" in page
    assert "Line 1:" in page
    assert lesson().title == "Lesson first-steps"
    assert len(db.session.scalars(select(LessonVersion)).all()) == 3


def test_bad_quiz_yaml_and_missing_fields_are_form_errors(client, mini_synced, instructor):
    page = client.post(f"{LESSON}/edit", data=edit_data(quiz="- [unclosed", title="")).get_data(
        as_text=True
    )
    assert "invalid YAML" in page and "This field is required." in page


def test_deeply_nested_quiz_yaml_is_a_form_error(client, mini_synced, instructor):
    # The pure-Python parser recursed until Python's limit (RecursionError, a 500); libyaml
    # stops at its nesting limit with a YAML error the form shows.
    response = client.post(f"{LESSON}/edit", data=edit_data(quiz="[" * 5000 + "]" * 5000))
    assert response.status_code == 200
    assert "invalid YAML" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(LessonVersion)).all()) == 3


def test_preview_button_renders_without_saving(client, mini_synced, instructor):
    data = edit_data(body="## Draft\n\n<script>alert(1)</script>Draft text.\n")
    data.pop("save")
    data["preview"] = "Preview"
    page = client.post(f"{LESSON}/edit", data=data).get_data(as_text=True)
    assert 'id="sec-draft"' in page and "Draft text." in page
    assert "<script>alert(1)" not in page
    assert lesson().title == "Lesson first-steps"


def test_preview_endpoint_renders_sanitised_html(client, mini_synced, instructor):
    response = client.post(
        "/courses/preview",
        json={"markdown": "## Hi\n\n<img src=x onerror=alert(1)>[x](javascript:alert(1))"},
    )
    assert response.status_code == 200
    html = response.json["html"]
    assert '<h2 id="sec-hi">Hi</h2>' in html
    assert "onerror" not in html and "javascript:" not in html and "<img" not in html


def test_preview_endpoint_needs_csrf_and_json(client, mini_synced, instructor):
    refused = client.post("/courses/preview", json={"markdown": "x"}, csrf=False)
    assert refused.status_code == 400
    bad = client.post("/courses/preview", json={"text": 1}, headers={"Accept": "application/json"})
    assert bad.status_code == 400 and "markdown" in bad.json["reason"]


def test_history_lists_versions_and_shows_one(client, mini_synced, instructor):
    client.post(f"{LESSON}/edit", data=edit_data())
    page = client.get(f"{LESSON}/history").get_data(as_text=True)
    assert "Version 2" in page and "Version 1" in page
    assert "Ira Instructor" in page and "File sync" in page
    chosen = client.get(f"{LESSON}/history?version=1").get_data(as_text=True)
    assert "## Why first-steps matters" in chosen
    for number in ("99", "0", "-1", "99999999999999999999"):
        assert client.get(f"{LESSON}/history?version={number}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"{LESSON}/edit"),
        ("post", f"{LESSON}/edit"),
        ("post", "/courses/preview"),
        ("get", f"{LESSON}/history"),
    ],
)
def test_students_get_403_on_authoring(client, mini_synced, student, method, path):
    kwargs = {"json": {"markdown": "x"}} if path.endswith("preview") else {"data": edit_data()}
    response = getattr(client, method)(path, **(kwargs if method == "post" else {}))
    assert response.status_code == 403
    assert lesson().title == "Lesson first-steps"


def test_anonymous_visitors_are_sent_to_log_in(client, mini_synced):
    response = client.get(f"{LESSON}/edit")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
