"""Browsing practice, no gold before submission, the next-item button and the dashboard card."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, Exercise, utcnow
from tests.practice.conftest import exercise_by_uid

ALLOWED_DATA_ATTRIBUTES = {
    "data-rank-widget",
    "data-moved-template",
    "data-rank-js",
    "data-rank-list",
    "data-answer",
    "data-move",
    "data-rank-selects",
    "data-rank-status",
}


def normalise(text: str) -> str:
    """Unescape HTML and fold whitespace so texts compare however they were wrapped."""
    return " ".join(html.unescape(text).split())


def gold_texts(data: dict) -> list[str]:
    """Every piece of gold a student must not see before submitting."""
    texts = [data["rationale"]]
    texts += [answer["note"] for answer in data.get("answers", [])]
    texts += [data[key] for key in ("gold_correction", "gold_reference") if key in data]
    if data["kind"] == "correction":
        texts += [point["point"] for point in data["rubric"]]
    return texts


def test_no_gold_reaches_the_page_before_submission(
    client, student, synced_bank, real_practice_items
):
    assert real_practice_items
    for data in real_practice_items:
        response = client.get(f"/practice/{data['id']}")
        assert response.status_code == 200, data["id"]
        raw = response.get_data(as_text=True)
        page = normalise(raw)
        for text in gold_texts(data):
            assert normalise(text) not in page, (data["id"], text[:60])
        # The word "gold" may appear only when the item's own visible texts use it (the metal).
        visible = " ".join(
            [data["prompt"], *(a["text"] for a in data.get("answers") or ())]
            + [t["text"] for t in data.get("conversation") or ()]
        ).lower()
        if "gold" not in visible.replace("golden", ""):
            assert "gold" not in re.sub(r"\s+", " ", raw).lower().replace("golden", ""), data["id"]
        assert not re.search(r"\b(harmful|inaccurate|irrelevant)\b\s*[\"':=]", raw), data["id"]
        assert not re.search(r"<[^>]*\s(selected|checked)[\s>=]", raw), data["id"]
        assert set(re.findall(r"\b(data-[a-z-]+)=", raw)) <= ALLOWED_DATA_ATTRIBUTES, data["id"]
        if data["kind"] == "ranking":  # the list starts in display order, never gold order
            listed = re.findall(r'data-answer="([A-F])"', raw)
            assert listed == [a["id"] for a in data["answers"]], data["id"]


def test_the_gold_detector_finds_gold_after_submission(
    client, student, synced_bank, real_practice_items
):
    data = next(d for d in real_practice_items if d["kind"] == "pairwise")
    exercise = exercise_by_uid(data["id"])
    client.post(
        f"/practice/{data['id']}",
        data={"version_id": str(exercise.versions[-1].id), "better": "A", "criterion": "quality"},
    )
    attempt = db.session.scalars(select(Attempt)).one()
    page = normalise(client.get(f"/practice/attempts/{attempt.id}").get_data(as_text=True))
    assert all(normalise(text) in page for text in gold_texts(data))


def test_exam_items_never_appear_in_practice(client, student, synced_bank):
    exam_ids = db.session.scalars(select(Exercise.uid).where(Exercise.pool == "exam")).all()
    assert exam_ids
    listing = "".join(
        client.get(f"/practice/?page={n}").get_data(as_text=True) for n in range(1, 6)
    )
    for uid in exam_ids:
        assert uid not in listing
        assert client.get(f"/practice/{uid}").status_code == 404


def rows(body: str) -> list[str]:
    """The item uids linked from a practice list page."""
    return re.findall(r'href="/practice/(pr-[a-z0-9-]+)"', body)


def test_filters_by_kind_topic_and_criterion(client, student, synced_bank):
    ranking = rows(client.get("/practice/?kind=ranking").get_data(as_text=True))
    assert ranking and all(exercise_by_uid(uid).kind == "ranking" for uid in ranking)
    medicine = rows(client.get("/practice/?topic=medicine").get_data(as_text=True))
    assert medicine and all(exercise_by_uid(uid).topic == "medicine" for uid in medicine)
    relevance = rows(client.get("/practice/?criterion=relevance").get_data(as_text=True))
    assert relevance and all("relevance" in exercise_by_uid(uid).criteria for uid in relevance)
    ignored = client.get("/practice/?kind=essay&topic=%27;drop&criterion=x&state=zzz")
    assert ignored.status_code == 200 and rows(ignored.get_data(as_text=True))


def add_attempt(user, uid: str, score: float, days_ago: float = 0.0) -> Attempt:
    """Store an attempt directly (its grading is tested elsewhere)."""
    exercise = exercise_by_uid(uid)
    attempt = Attempt(
        user_id=user.id,
        exercise_id=exercise.id,
        version_id=exercise.versions[-1].id,
        kind=exercise.kind,
        answer={},
        score=score,
        criterion_scores={c: score for c in exercise.criteria},
        created_at=utcnow() - timedelta(days=days_ago),
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def test_state_filters_and_best_score(client, student, synced_bank):
    add_attempt(student, "pr-rank-001", 0.5, days_ago=2)
    add_attempt(student, "pr-rank-001", 0.9, days_ago=1)
    add_attempt(student, "pr-rank-002", 0.95, days_ago=2)
    add_attempt(student, "pr-rank-002", 0.4, days_ago=1)
    unattempted = rows(
        client.get("/practice/?state=unattempted&kind=ranking").get_data(as_text=True)
    )
    assert "pr-rank-001" not in unattempted and "pr-rank-003" in unattempted
    missed = client.get("/practice/?state=missed").get_data(as_text=True)
    assert rows(missed) == ["pr-rank-002"]
    assert "95%" in missed and "missed last time" in missed
    listing = client.get("/practice/?kind=ranking").get_data(as_text=True)
    assert "90%" in listing and "not tried" in listing


def test_list_is_paginated_and_the_pager_keeps_filters(client, student, synced_bank):
    first = client.get("/practice/?kind=ranking").get_data(as_text=True)
    total = db.session.query(Exercise).filter_by(pool="practice", kind="ranking").count()
    if total > 20:
        assert len(rows(first)) == 20
        assert "page=2" in first and "kind=ranking" in first
        second = client.get("/practice/?kind=ranking&page=2").get_data(as_text=True)
        assert set(rows(second)).isdisjoint(rows(first))
    everything = client.get("/practice/").get_data(as_text=True)
    assert len(rows(everything)) == 20
    for page in ("999", "-3", "x"):
        assert client.get(f"/practice/?page={page}").status_code == 200
    assert client.get("/practice/?page=9223372036854775808").status_code in (200, 404)


def test_next_serves_the_weakest_criterion_first(client, student, synced_bank):
    ethics_items = db.session.scalars(
        select(Exercise).where(Exercise.pool == "practice", Exercise.kind == "pairwise")
    ).all()
    for exercise in ethics_items:
        add_attempt(student, exercise.uid, 1.0)
    response = client.get("/practice/next")
    assert response.status_code == 302
    uid = response.headers["Location"].rsplit("/", 1)[1]
    assert exercise_by_uid(uid).status == "published"
    assert exercise_by_uid(uid).kind != "pairwise"  # unattempted items come first


def test_dashboard_shows_mastery_chart_and_recent_attempts(client, student, synced_bank):
    add_attempt(student, "pr-rank-001", 0.5, days_ago=15)
    add_attempt(student, "pr-rank-002", 1.0, days_ago=1)
    body = client.get("/dashboard").get_data(as_text=True)
    assert "Your practice" in body and "Practise my weakest" in body
    assert "<svg" in body and "<title" in body and "Average practice score per week" in body
    assert "<polyline" in body and " style=" not in body
    assert "Week starting" in body and "Recent attempts" in body
    assert exercise_by_uid("pr-rank-002").title in html.unescape(body)


def test_dashboard_before_any_practice(client, student):
    body = client.get("/dashboard").get_data(as_text=True)
    assert "You have not practised yet." in body and "<svg" not in body
