"""Correction feedback: the rewrite and the expert correction as word diffs of the original."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Attempt
from app.services.practice.text_diff import Segment, diff_counts, diff_markup, word_diff
from tests.practice.test_views_submit import post_answer


def test_word_diff_marks_replacements_as_delete_then_insert_and_keeps_spacing():
    before, after = "Give aspirin to the child.\nRest.", "Give paracetamol to the child.\nRest."
    segments = word_diff(before, after)
    assert segments == [
        Segment("equal", "Give "),
        Segment("delete", "aspirin"),
        Segment("insert", "paracetamol"),
        Segment("equal", " to the child.\nRest."),
    ]
    assert "".join(s.text for s in segments if s.op != "delete") == (
        "Give paracetamol to the child.\nRest."
    )
    assert diff_counts(segments) == {"insert": 1, "delete": 1}


def test_identical_and_empty_texts():
    assert word_diff("same words", "same words") == [Segment("equal", "same words")]
    assert word_diff("", "") == []
    assert word_diff("", "new") == [Segment("insert", "new")]


def test_markup_escapes_text_and_labels_changes_for_screen_readers():
    html = str(diff_markup(word_diff("a <b>", "a <i>"), "[inserted: ", "[deleted: ", "]"))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&lt;i&gt;" in html
    assert '<del><span class="visually-hidden">[deleted: </span>&lt;b&gt;' in html
    assert '<ins><span class="visually-hidden">[inserted: </span>&lt;i&gt;' in html


def test_correction_feedback_shows_both_diffs_against_the_original(
    client, student, item_of_kind, first_of_kind
):
    data = first_of_kind["correction"]
    original = data["answers"][0]["text"]
    outcome = item_of_kind("correction")
    rewrite = "Completely new words only."
    response = post_answer(client, outcome, {"text": rewrite})
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalars(select(Attempt)).one().kind == "correction"
    mine = body.split('data-diff="mine"')[1].split('data-diff="expert"')[0]
    assert "<del>" in mine and "<ins>" in mine and "Completely" in mine
    assert "[inserted: " in mine and "[deleted: " in mine
    expert = body.split('data-diff="expert"')[1].split("</details>")[0]
    first_word = original.split()[0]
    assert first_word in expert and ("<ins>" in expert or "<del>" in expert)


def test_an_unchanged_rewrite_is_said_to_be_the_original(
    client, student, item_of_kind, first_of_kind
):
    original = first_of_kind["correction"]["answers"][0]["text"]
    outcome = item_of_kind("correction")
    response = post_answer(client, outcome, {"text": original})
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    mine = body.split('data-diff="mine"')[1].split('data-diff="expert"')[0]
    assert "No change: this text is the original answer." in mine and "<ins>" not in mine


def test_a_rewritten_sentence_reads_as_one_deletion_and_one_insertion():
    segments = word_diff("This is a known bug in the engine.", "It isn't a JavaScript bug at all.")
    assert [s.op for s in segments] == ["delete", "insert"]
    assert segments[0].text == "This is a known bug in the engine."
