"""Issue 17 bug 4 on the feedback page: one rating note; an unchanged correction keeps facts."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from app.extensions import db
from app.models import Attempt
from tests.practice.test_views_submit import gold_fields, post_answer


def _feedback(client, outcome, fields) -> str:
    """Submit and return the feedback page's visible text."""
    assert post_answer(client, outcome, fields).status_code == 302
    attempt = db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()
    page = client.get(f"/practice/attempts/{attempt.id}").get_data(as_text=True)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def test_rating_note_appears_once_and_each_criterion_says_what_differs(
    client, student, item_of_kind, first_of_kind
):
    data = first_of_kind["rating"]
    outcome = item_of_kind("rating")
    fields = gold_fields("rating", data)
    for name in ("ethics", "accuracy", "relevance"):  # every rating off by at least two
        gold = data["gold_ratings"][name]
        fields[f"rating_{name}"] = str(5 if gold <= 3 else 1)
    page = _feedback(client, outcome, fields)
    note = " ".join(data["answers"][0]["note"].split())
    assert page.count(note) == 1
    assert page.count("the gold rating is") == 3
    assert page.count("which the scale rates") == 3


def test_a_wrong_flag_says_why_it_does_not_apply(client, student, item_of_kind, first_of_kind):
    data = first_of_kind["rating"]
    outcome = item_of_kind("rating")
    fields = gold_fields("rating", data)
    extra = next(
        f for f in ("off-topic", "unreadable", "incomplete") if f not in data["gold_flags"]
    )
    fields["flags"] = [*data["gold_flags"], extra]
    page = _feedback(client, outcome, fields)
    assert f"The flag {extra} does not apply to this answer. It means:" in page


def test_unchanged_correction_is_not_told_it_lost_what_it_keeps(
    client, student, item_of_kind, first_of_kind
):
    data = first_of_kind["correction"]
    outcome = item_of_kind("correction")
    page = _feedback(client, outcome, {"text": data["answers"][0]["text"]})
    keeps = [p["point"] for p in data["rubric"] if p["kind"] == "keep"]
    assert keeps
    for point in keeps:
        assert f"Kept: {point}" in page
        assert f"Lost: {point}" not in page and f"Missed: {point}" not in page
    assert "Your text is the original answer" in page
