"""How each practice score is computed: the student's own pairs, ratings and mastery weights."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt
from graders import item_from_dict
from graders.mastery import MIN_ITEMS, decay_weight
from graders.ranking import plan_for
from tests.practice.test_views_submit import gold_fields, post_answer


def _attempt(client, outcome, fields) -> Attempt:
    """Submit an answer and return the stored attempt."""
    response = post_answer(client, outcome, fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()


def _text(html: str) -> str:
    """The page's visible words on one line, for phrase checks."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_ranking_page_lists_each_gold_pair_with_its_weight(
    client, student, item_of_kind, first_of_kind
):
    data = first_of_kind["ranking"]
    outcome = item_of_kind("ranking")
    gold = [aid for tier in data["gold_order"] for aid in tier]
    swapped = [gold[1], gold[0], *gold[2:]]  # reverse the top gold pair
    attempt = _attempt(client, outcome, {f"order_{i}": a for i, a in enumerate(swapped, 1)})
    feedback = client.get(f"/practice/attempts/{attempt.id}").get_data(as_text=True)
    assert f"/scores/practice/{attempt.id}" in feedback
    page = _text(client.get(f"/scores/practice/{attempt.id}").get_data(as_text=True))
    pairs = plan_for(item_from_dict(data)).pairs
    assert f"The gold order has {len(pairs)} pairs" in page
    assert f"{gold[0]} above {gold[1]}" in page and "reversed: −" in page
    assert f"you kept {len(pairs) - 1} of {len(pairs)} pairs" in page
    assert f"= {round(attempt.score * 100)}%" in page


def test_rating_page_shows_closeness_and_flag_parts(client, student, item_of_kind, first_of_kind):
    data = first_of_kind["rating"]
    outcome = item_of_kind("rating")
    fields = gold_fields("rating", data)
    fields["flags"] = []
    attempt = _attempt(client, outcome, fields)
    page = _text(client.get(f"/scores/practice/{attempt.id}").get_data(as_text=True))
    assert "closeness = 1 − (difference ÷ 4)" in page
    f1 = 1.0 if not data["gold_flags"] else 0.0
    assert f"0.6 × ratings 1.00 + 0.4 × flags {f1:.2f}" in page


@pytest.mark.parametrize("kind", ["pairwise", "correction", "reference"])
def test_other_kinds_explain_their_rule(client, student, item_of_kind, first_of_kind, kind):
    outcome = item_of_kind(kind)
    attempt = _attempt(client, outcome, gold_fields(kind, first_of_kind[kind]))
    response = client.get(f"/scores/practice/{attempt.id}")
    assert response.status_code == 200 and "The rule" in response.get_data(as_text=True)


def test_another_students_attempt_is_404(
    client, student, make_user, login, item_of_kind, first_of_kind
):
    outcome = item_of_kind("ranking")
    attempt = _attempt(client, outcome, gold_fields("ranking", first_of_kind["ranking"]))
    client.post("/auth/logout")
    login(make_user())
    assert client.get(f"/scores/practice/{attempt.id}").status_code == 404
    assert client.get("/scores/practice/999999").status_code == 404


def test_mastery_page_lists_first_attempts_with_recency_weights(
    client, student, item_of_kind, first_of_kind
):
    outcomes = {kind: item_of_kind(kind) for kind in ("ranking", "pairwise")}
    for kind, outcome in outcomes.items():
        _attempt(client, outcome, gold_fields(kind, first_of_kind[kind]))
    # A repeat of the ranking item is not evidence.
    _attempt(client, outcomes["ranking"], gold_fields("ranking", first_of_kind["ranking"]))
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "/scores/mastery" in dashboard and "/scores/practice/" in dashboard
    page = _text(client.get("/scores/mastery").get_data(as_text=True))
    assert "Only your first attempt at each item counts" in page
    assert f"at least {MIN_ITEMS} different items" in page
    assert f"{decay_weight(1):.3f}" in page  # the older first attempt's weight
    assert "more items needed for the exam" in page


def test_mastery_page_needs_a_sign_in(client):
    assert client.get("/scores/mastery").status_code == 302
