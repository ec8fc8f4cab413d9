"""The ranking widget's cards hold the full answers once; the no-script selects stay the form."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from app.extensions import db
from app.models import Attempt
from tests.practice.test_views_submit import post_answer


def words(text: str) -> str:
    """Tags removed, entities unescaped and whitespace folded (answers render as Markdown)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_cards_hold_every_full_answer_once_and_the_selects(client, student, item_of_kind,
                                                           first_of_kind):
    data = first_of_kind["ranking"]
    outcome = item_of_kind("ranking")
    page = client.get(f"/practice/{outcome.exercise.uid}").get_data(as_text=True)
    cards = page.split("data-rank-list")[1].split("data-rank-selects")[0]
    for answer in data["answers"]:
        last_words = " ".join(answer["text"].split()[-6:])
        assert words(last_words).replace("`", "").strip("*_ ")[:20] in words(cards), answer["id"]
        assert page.count(f'id="rank-answer-{answer["id"]}"') == 1
    assert "Candidate answers" not in page  # no second copy above the widget
    assert "…" not in cards and "..." not in words(cards)[-10:]
    n = len(data["answers"])
    assert all(f'name="order_{p}"' in page for p in range(1, n + 1))
    assert "number key from 1 to" in page


def test_the_no_script_selects_submit_the_order(client, student, item_of_kind, first_of_kind):
    data = first_of_kind["ranking"]
    outcome = item_of_kind("ranking")
    order = [a["id"] for a in reversed(data["answers"])]
    post_answer(client, outcome, {f"order_{i}": aid for i, aid in enumerate(order, start=1)})
    assert db.session.scalars(select(Attempt.answer)).one() == {"order": order}
