"""Grader feedback is stored as Messages and read in the reader's language, old rows in English."""

from __future__ import annotations

import html
import re

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from app.extensions import db
from app.models import Attempt
from tests.practice.test_views_submit import gold_fields, post_answer


def _reversed_attempt(client, item_of_kind, first_of_kind) -> tuple[Attempt, str, str]:
    """Submit a ranking with the first two gold answers swapped; return the attempt and them."""
    data = first_of_kind["ranking"]
    fields = gold_fields("ranking", data)
    fields["order_1"], fields["order_2"] = fields["order_2"], fields["order_1"]
    assert post_answer(client, item_of_kind("ranking"), fields).status_code == 302
    attempt = db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()
    return attempt, fields["order_2"], fields["order_1"]


def _page(client, attempt: Attempt, language: str) -> str:
    """The attempt page's visible text in `language`."""
    page = client.get(f"/practice/attempts/{attempt.id}?lang={language}").get_data(as_text=True)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def test_a_russian_reader_reads_ranking_feedback_in_russian(
    client, student, item_of_kind, first_of_kind
):
    attempt, better, worse = _reversed_attempt(client, item_of_kind, first_of_kind)
    stored = attempt.result["mistakes"][0]
    assert stored["text"]["params"]["opening"]["template"] == "You put %(worse)s above %(better)s."
    russian = _page(client, attempt, "ru")
    assert f"Вы поставили {worse} выше {better}." in russian
    assert f"You put {worse} above {better}." not in russian
    assert "пару решает" in russian  # the deciding criterion's reason, translated too
    english = _page(client, attempt, "en")
    assert f"You put {worse} above {better}." in english


def test_an_attempt_stored_before_messages_shows_its_english_feedback(
    client, student, item_of_kind, first_of_kind
):
    attempt, better, worse = _reversed_attempt(client, item_of_kind, first_of_kind)
    for mistake in attempt.result["mistakes"]:
        del mistake["text"]
    flag_modified(attempt, "result")
    db.session.flush()
    assert f"You put {worse} above {better}." in _page(client, attempt, "ru")
