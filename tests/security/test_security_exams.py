"""Exam integrity: late, foreign, out-of-session, replayed and malformed answers; gold secrecy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Certificate, ExamItem, ExamSession, utcnow
from app.services.practice.exercise_bank import GOLD_KEYS as BANK_GOLD_KEYS
from app.services.practice.exercise_bank import version_to_dict
from tests.security.conftest import row_counts
from tests.security.items import GOLD_MARKER, gold_response
from tests.security.world import World

# Field names that only gold data carries, as they would appear in served JSON or HTML. The word
# "rubric" is left out: reference items show their rubric to students as a self-check list.
GOLD_KEYS = (
    *(k for k in BANK_GOLD_KEYS if k != "rubric"),
    "rationale",
    "is_harmful",
    "is_inaccurate",
    "is_irrelevant",
    '"labels"',
    '"note"',
)


def item_at(session: ExamSession, position: int) -> ExamItem:
    """A session's item at a position, as stored now."""
    db.session.expire_all()
    return db.session.scalars(
        select(ExamItem).where(ExamItem.session_id == session.id, ExamItem.position == position)
    ).one()


def right_answer(item: ExamItem) -> dict[str, Any]:
    """The full-marks response to an exam item."""
    return gold_response(version_to_dict(item.version))


def follow(client: Any, response: Any) -> Any:
    """Follow one redirect (the shared test client cannot follow redirects itself)."""
    assert response.status_code == 302, response.status_code
    return client.get(response.headers["Location"])


def autosave(client: Any, session: ExamSession, body: Any) -> Any:
    """POST the JSON autosave."""
    return client.post(f"/exams/sessions/{session.id}/autosave", json=body)


def test_a_first_save_then_a_replay_is_refused_as_stale(world: World, visitors: dict) -> None:
    session, client = world.session, visitors["student"]
    first = item_at(session, 1)
    response = autosave(
        client, session, {"position": 1, "revision": 0, "answer": right_answer(first)}
    )
    assert response.status_code == 200 and response.json["revision"] == 1
    other = {"ratings": {"ethics": 5, "accuracy": 5, "relevance": 5}, "flags": []}
    replay = autosave(client, session, {"position": 1, "revision": 0, "answer": other})
    assert replay.status_code == 409 and replay.json["stale"] is True
    stored = item_at(session, 1)
    assert stored.revision == 1 and stored.answer == right_answer(first)


def test_answers_after_the_deadline_are_refused(world: World, visitors: dict) -> None:
    session = world.session
    session.started_at = utcnow() - timedelta(hours=2)
    session.deadline_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    item = item_at(session, 1)
    response = autosave(
        visitors["student"], session, {"position": 1, "revision": 0, "answer": right_answer(item)}
    )
    assert response.status_code == 409 and response.json["closed"] is True
    assert item_at(session, 1).answer is None
    db.session.refresh(session)
    assert session.status != "active" and session.finished_at <= session.deadline_at


def test_answers_after_finishing_are_refused(world: World, visitors: dict) -> None:
    client, session = visitors["student"], world.session
    finish = client.post(f"/exams/sessions/{session.id}/finish", data={"confirm_unanswered": "y"})
    assert finish.status_code == 302
    response = autosave(
        client, session, {"position": 1, "revision": 0, "answer": right_answer(item_at(session, 1))}
    )
    assert response.status_code == 409
    assert item_at(session, 1).answer is None


@pytest.mark.parametrize("method", ["autosave", "form", "finish", "read"])
def test_another_students_session_is_a_404_and_untouched(
    world: World, visitors: dict, method: str
) -> None:
    session, intruder = world.session, visitors["other"]
    before = row_counts()
    item = item_at(session, 1)
    if method == "autosave":
        response = autosave(
            intruder, session, {"position": 1, "revision": 0, "answer": right_answer(item)}
        )
    elif method == "form":
        response = intruder.post(
            f"/exams/sessions/{session.id}/1", data={"revision": "0", "rating_ethics": "2"}
        )
    elif method == "finish":
        response = intruder.post(f"/exams/sessions/{session.id}/finish")
    else:
        response = intruder.get(f"/exams/sessions/{session.id}/1")
    assert response.status_code == 404
    assert GOLD_MARKER not in response.get_data(as_text=True)
    db.session.refresh(session)
    assert session.status == "active" and item_at(session, 1).revision == 0
    assert row_counts() == before


@pytest.mark.parametrize("position", [0, 5, 99, -1])
def test_items_not_in_the_session_are_refused(world: World, visitors: dict, position: int) -> None:
    before = row_counts()
    response = autosave(
        visitors["student"],
        world.session,
        {"position": position, "revision": 0, "answer": {"order": ["A"]}},
    )
    assert response.status_code in (400, 404)
    assert row_counts() == before


def test_an_item_from_another_session_cannot_be_answered_through_mine(
    world: World, visitors: dict
) -> None:
    foreign = item_at(world.session_b, 2)
    response = autosave(
        visitors["student"],
        world.session,
        {"position": foreign.position + 10, "revision": 0, "answer": right_answer(foreign)},
    )
    assert response.status_code in (400, 404)
    assert item_at(world.session_b, 2).answer is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("not json", "position"),
        ([], "position"),
        ({"position": "1", "revision": 0, "answer": {}}, "position"),
        ({"position": 1, "answer": {"ratings": {}, "flags": []}}, "revision"),
        ({"position": 1, "revision": "0", "answer": {}}, "revision"),
        ({"position": 1, "revision": True, "answer": {}}, "revision"),
        ({"position": 1, "revision": 0, "answer": "everything"}, ""),
        ({"position": 1, "revision": 0, "answer": {"ratings": {"ethics": 9}, "flags": ["x"]}}, ""),
        ({"position": 2, "revision": 0, "answer": {"order": ["A", "A", "Z"]}}, ""),
    ],
)
def test_malformed_exam_submissions_get_400_with_a_reason(
    world: World, visitors: dict, body: Any, reason: str
) -> None:
    before = row_counts()
    client = visitors["student"]
    url = f"/exams/sessions/{world.session.id}/autosave"
    if isinstance(body, str):
        response = client.post(
            url,
            data=body,
            content_type="application/json",
            headers={"X-CSRFToken": client.csrf_token()},
            csrf=False,
        )
    else:
        response = client.post(url, json=body)
    assert response.status_code == 400
    assert response.json["error"] and reason in response.json["error"]
    assert row_counts() == before


def test_malformed_form_save_is_refused_and_explained(world: World, visitors: dict) -> None:
    client = visitors["student"]
    url = f"/exams/sessions/{world.session.id}/1"
    response = follow(client, client.post(url, data={"revision": "zero", "rating_ethics": "11"}))
    assert response.status_code == 200
    assert "revision" in response.get_data(as_text=True).lower()
    assert item_at(world.session, 1).revision == 0


def assert_no_gold(html: str, where: str) -> None:
    """No gold text and no gold field names in a page a student sees."""
    assert GOLD_MARKER not in html, f"gold text in {where}"
    leaked = [key for key in GOLD_KEYS if key in html]
    assert not leaked, f"gold fields {leaked} in {where}"


def test_no_gold_in_any_exam_page_or_response_before_or_after_submission(
    world: World, visitors: dict
) -> None:
    client, session = visitors["student"], world.session
    pages = [f"/exams/sessions/{session.id}", "/exams/"]
    pages += [f"/exams/sessions/{session.id}/{p}" for p in range(1, len(session.items) + 1)]
    for url in pages:
        assert_no_gold(client.get(url).get_data(as_text=True), url)
    for position in range(1, len(session.items) + 1):
        item = item_at(session, position)
        saved = autosave(
            client, session, {"position": position, "revision": 0, "answer": right_answer(item)}
        )
        assert saved.status_code == 200
        assert_no_gold(saved.get_data(as_text=True), f"autosave {position}")
    finished = follow(client, client.post(f"/exams/sessions/{session.id}/finish"))
    assert_no_gold(finished.get_data(as_text=True), "the result page")
    result = client.get(f"/exams/sessions/{world.finished_session.id}/result")
    assert_no_gold(result.get_data(as_text=True), "a passed session's result page")


def test_no_gold_on_practice_and_lesson_pages_before_submission(
    world: World, visitors: dict
) -> None:
    client = visitors["other"]
    for kind in ("ranking", "pairwise", "rating", "correction", "reference"):
        uid = world.objects[f"practice_{kind}"].uid
        assert_no_gold(client.get(f"/practice/{uid}").get_data(as_text=True), uid)
    lesson = f"/courses/{world.course.slug}/{world.lesson.slug}"
    assert GOLD_MARKER not in client.get(lesson).get_data(as_text=True)


@pytest.mark.parametrize("name", ["exam_ranking", "exam_reference", "draft"])
def test_exam_and_draft_items_are_not_practice_items(
    world: World, visitors: dict, name: str
) -> None:
    uid = world.objects[name].uid
    for visitor in ("student", "other"):
        client = visitors[visitor]
        assert client.get(f"/practice/{uid}").status_code == 404
        before = row_counts()
        response = client.post(f"/practice/{uid}", data={"order_1": "A"})
        assert response.status_code == 404
        assert row_counts() == before


def test_finishing_twice_grades_once(world: World, visitors: dict) -> None:
    client, session = visitors["student"], world.session
    for position in range(1, len(session.items) + 1):
        autosave(
            client,
            session,
            {
                "position": position,
                "revision": 0,
                "answer": right_answer(item_at(session, position)),
            },
        )
    for _ in range(3):
        assert client.post(f"/exams/sessions/{session.id}/finish").status_code == 302
    db.session.refresh(session)
    first_finish = session.finished_at
    assert session.status != "active"
    client.post(f"/exams/sessions/{session.id}/finish")
    db.session.refresh(session)
    assert session.finished_at == first_finish
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.exam_session_id == session.id)
    ).all()
    assert len(certificates) <= 1
