"""Answering practice items end to end, refusing malformed answers, and who sees an attempt."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, Review, Role
from app.services.practice.exercise_bank import save_item
from tests.practice.conftest import attempt_count


def post_answer(client, outcome, fields, version_id=None):
    """POST an answer form for a stored item."""
    data = dict(fields)
    data.setdefault("version_id", str(outcome.version.id if version_id is None else version_id))
    return client.post(f"/practice/{outcome.exercise.uid}", data=data)


def gold_fields(kind: str, data: dict) -> dict:
    """Form fields that copy gold, per kind."""
    if kind == "ranking":
        order = [aid for tier in data["gold_order"] for aid in tier]
        return {f"order_{i}": aid for i, aid in enumerate(order, start=1)}
    if kind == "pairwise":
        return {"better": data["gold_better"], "criterion": data["gold_criterion"]}
    if kind == "rating":
        fields = {f"rating_{k}": str(v) for k, v in data["gold_ratings"].items()}
        return {**fields, "flags": list(data["gold_flags"])}
    if kind == "correction":
        return {"text": data["gold_correction"]}
    return {"text": data["gold_reference"], "self_check": ["0", "1"]}


@pytest.mark.parametrize("kind", ["ranking", "pairwise", "rating", "correction", "reference"])
def test_every_kind_works_end_to_end(client, student, item_of_kind, first_of_kind, kind):
    outcome = item_of_kind(kind)
    page = client.get(f"/practice/{outcome.exercise.uid}")
    assert page.status_code == 200
    assert f'name="version_id" value="{outcome.version.id}"' in page.get_data(as_text=True)
    response = post_answer(client, outcome, gold_fields(kind, first_of_kind[kind]))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    attempt = db.session.scalars(select(Attempt)).one()
    assert response.headers["Location"].endswith(f"/practice/attempts/{attempt.id}")
    assert attempt.user_id == student.id and attempt.version_id == outcome.version.id
    assert attempt.kind == kind and attempt.result["score"] == attempt.score
    assert attempt.review_status == ("pending" if kind in ("correction", "reference") else "none")
    if kind in ("ranking", "pairwise", "rating"):
        assert attempt.score == 1.0
    body = client.get(f"/practice/attempts/{attempt.id}").get_data(as_text=True)
    assert "Feedback:" in body and "rationale" in body
    if kind in ("correction", "reference"):
        assert "provisional until an instructor confirms" in body


def test_ranking_feedback_shows_orders_reversed_pairs_labels_and_rationale(
    client, student, item_of_kind, first_of_kind
):
    data = first_of_kind["ranking"]
    outcome = item_of_kind("ranking")
    gold = [aid for tier in data["gold_order"] for aid in tier]
    reversed_order = list(reversed(gold))
    fields = {f"order_{i}": aid for i, aid in enumerate(reversed_order, start=1)}
    response = post_answer(client, outcome, fields)
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    attempt = db.session.scalars(select(Attempt)).one()
    assert attempt.score < 1.0 and attempt.critical_errors >= 1
    assert "Your order" in body and "Gold order" in body and "Pairs you reversed" in body
    assert 'class="mistake critical"' in body and "Critical error" in body
    assert re.search(r"critical errors?: ", body)
    html = body.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")
    for answer in data["answers"]:
        assert answer["note"] in html
    assert data["rationale"].split("\n")[0] in html


def test_review_outcome_is_shown_on_the_attempt(client, student, item_of_kind, make_user):
    outcome = item_of_kind("correction")
    post_answer(client, outcome, {"text": "A short rewrite."})
    attempt = db.session.scalars(select(Attempt)).one()
    reviewer = make_user(Role.INSTRUCTOR)
    db.session.add(
        Review(
            attempt_id=attempt.id,
            reviewer_id=reviewer.id,
            auto_score=attempt.score,
            score=0.9,
            decision="overridden",
            comment="Well reasoned rewrite.",
        )
    )
    db.session.commit()
    body = client.get(f"/practice/attempts/{attempt.id}").get_data(as_text=True)
    assert "An instructor changed the score." in body and "Well reasoned rewrite." in body
    assert "90%" in body


MALFORMED = {
    "ranking": [
        {"order_1": "A", "order_2": "A", "order_3": "B", "order_4": "C"},
        {"order_1": "A", "order_2": "B"},
        {"order_1": "A", "order_2": "B", "order_3": "C", "order_4": "Z"},
    ],
    "pairwise": [
        {"better": "A"},
        {"better": "C", "criterion": "ethics"},
        {"better": "A", "criterion": "kindness"},
    ],
    "rating": [
        {"rating_ethics": "7", "rating_accuracy": "3", "rating_relevance": "3"},
        {"rating_ethics": "2", "rating_accuracy": "3"},
        {
            "rating_ethics": "2",
            "rating_accuracy": "3",
            "rating_relevance": "3",
            "flags": ["not-a-flag"],
        },
    ],
    "correction": [{}, {"text": "x" * 10_001}],
    "reference": [
        {"text": "   "},
        {"text": "Mine", "self_check": ["9"]},
        {"text": "Mine", "self_check": ["0", "0"]},
    ],
}


@pytest.mark.parametrize(
    ("kind", "fields"), [(k, f) for k, cases in MALFORMED.items() for f in cases]
)
def test_malformed_answers_get_400_and_record_nothing(client, student, item_of_kind, kind, fields):
    outcome = item_of_kind(kind)
    response = post_answer(client, outcome, fields)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "could not be graded, and nothing was recorded" in body
    assert attempt_count() == 0


def test_tampered_version_ids_are_refused(client, student, item_of_kind, first_of_kind):
    ranking = item_of_kind("ranking")
    other = item_of_kind("pairwise")
    fields = gold_fields("ranking", first_of_kind["ranking"])
    for bad in (str(other.version.id), "abc", "", "99999999999999999999", "-1"):
        assert post_answer(client, ranking, fields, version_id=bad).status_code == 400
    edited = dict(first_of_kind["ranking"], title="Edited title")
    save_item(edited, "practice")
    db.session.commit()
    response = post_answer(client, ranking, fields, version_id=ranking.version.id)
    assert response.status_code == 400 and "updated while you answered" in response.get_data(
        as_text=True
    )
    assert attempt_count() == 0


def test_missing_csrf_token_is_refused(client, student, item_of_kind, first_of_kind):
    outcome = item_of_kind("pairwise")
    data = {
        **gold_fields("pairwise", first_of_kind["pairwise"]),
        "version_id": str(outcome.version.id),
    }
    response = client.post(f"/practice/{outcome.exercise.uid}", data=data, csrf=False)
    assert response.status_code == 400 and attempt_count() == 0


def test_only_the_owner_or_an_instructor_sees_an_attempt(
    client, make_user, login, item_of_kind, first_of_kind
):
    owner, other, instructor = make_user(), make_user(), make_user(Role.INSTRUCTOR)
    outcome = item_of_kind("pairwise")
    login(owner)
    post_answer(client, outcome, gold_fields("pairwise", first_of_kind["pairwise"]))
    attempt_id = db.session.scalars(select(Attempt.id)).one()
    assert client.get(f"/practice/attempts/{attempt_id}").status_code == 200
    client.post("/auth/logout")
    login(other)
    assert client.get(f"/practice/attempts/{attempt_id}").status_code == 404
    assert client.get(f"/practice/attempts/{attempt_id + 1}").status_code == 404
    assert client.get("/practice/attempts/9223372036854775808").status_code == 404
    client.post("/auth/logout")
    login(instructor)
    assert client.get(f"/practice/attempts/{attempt_id}").status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, item_of_kind):
    outcome = item_of_kind("rating")
    for url in (
        "/practice/",
        f"/practice/{outcome.exercise.uid}",
        "/practice/next",
        "/practice/attempts/1",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("pool", "status"), [("exam", "published"), ("practice", "draft"), ("practice", "archived")]
)
def test_exam_draft_and_archived_items_do_not_exist_in_practice(
    client, student, item_of_kind, first_of_kind, pool, status
):
    outcome = item_of_kind("ranking", pool=pool, status=status)
    assert client.get(f"/practice/{outcome.exercise.uid}").status_code == 404
    fields = gold_fields("ranking", first_of_kind["ranking"])
    assert post_answer(client, outcome, fields).status_code == 404
    assert outcome.exercise.uid not in client.get("/practice/").get_data(as_text=True)
    assert client.get("/practice/next").headers["Location"].endswith("/practice/")
    assert attempt_count() == 0
