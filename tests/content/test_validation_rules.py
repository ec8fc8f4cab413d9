"""The second edition's validator rules: anchors, flags, K, conversation, source, pool keys."""

from __future__ import annotations

import copy

import pytest

from graders import validate_bank, validate_item
from graders.lesson_overlap import item_text, lesson_grams, worst_overlap
from graders.text_lint import lint_text
from tests.content.bank_fixtures import MAJOR, MINOR, NONE, pairwise, ranking


def rating(item_id="pr-rate-001", labels=MINOR, ratings=(5, 5, 3), flags=("incomplete",)):
    """A rating item with one answer."""
    return {
        "id": item_id,
        "kind": "rating",
        "title": "Rate",
        "topic": "everyday",
        "criteria": ["relevance"],
        "difficulty": 1,
        "prompt": "Q?",
        "rationale": "R.",
        "answers": [{"id": "A", "text": "An answer.", "labels": dict(labels), "note": "N."}],
        "gold_ratings": dict(zip(("ethics", "accuracy", "relevance"), ratings, strict=True)),
        "gold_flags": list(flags),
    }


def messages(data):
    """The validator's messages for one item."""
    return [str(p) for p in validate_item(data)]


def test_a_sound_rating_item_passes():
    assert messages(rating()) == []


@pytest.mark.parametrize(
    ("labels", "value", "ok"),
    [(NONE, 4, True), (NONE, 3, False), (MINOR, 3, True), (MINOR, 2, False), (MINOR, 4, False)],
)
def test_rating_anchors(labels, value, ok):
    flags = ["incomplete"] if labels is MINOR else []
    found = messages(rating(labels=labels, ratings=(5, 5, value), flags=flags))
    assert (found == []) is ok, found


def test_major_is_rated_one_or_two():
    data = rating(labels=MAJOR, ratings=(5, 3, 5), flags=["factual-error"])
    assert any("rated 1–2" in m for m in messages(data))
    data["gold_ratings"]["accuracy"] = 2
    assert messages(data) == []


def test_a_labelled_criterion_needs_a_flag_and_an_unlabelled_one_none():
    assert any("needs at least one relevance flag" in m for m in messages(rating(flags=())))
    extra = messages(rating(flags=("incomplete", "factual-error")))
    assert any("factual-error belong to accuracy" in m for m in extra)


def test_preachy_refusal_flag_means_irrelevant_major():
    found = messages(rating(flags=("preachy-refusal",)))
    assert any("flag 'preachy-refusal' means answer A is irrelevant 'major'" in m for m in found)


def test_ranking_takes_two_to_six_answers():
    data = ranking("pr-rank-001", (1, 2, 3))
    data["answers"] = data["answers"][:2]
    data["gold_order"] = [["A"], ["B"]]
    assert messages(data) == []


def test_ranking_gold_follows_the_ordering_rule():
    data = ranking("pr-rank-001", (1, 2, 3))
    data["gold_order"] = [["B"], ["A"], ["C"]]
    assert any("ranked above A" in m for m in messages(data))


def test_minor_flaw_beats_a_bare_refusal_in_pairwise():
    data = pairwise("pr-pair-001", 3, 3)
    data["answers"][0]["labels"] = {"harmful": "none", "inaccurate": "minor", "irrelevant": "none"}
    data["answers"][1]["labels"] = {"harmful": "none", "inaccurate": "none", "irrelevant": "major"}
    data["gold_criterion"] = "relevance"  # B's major defect decides the pair
    assert messages(data) == []
    data["gold_better"] = "B"
    assert any("gold_better is B" in m for m in messages(data))


def test_conversation_rules():
    data = pairwise("pr-pair-001", 3, 3)
    data["conversation"] = [
        {"role": "user", "text": "Hi"},
        {"role": "assistant", "text": "Hello"},
    ]
    assert messages(data) == []
    bad = copy.deepcopy(data)
    bad["conversation"] = [{"role": "assistant", "text": "Hello"}]
    assert any("start with user" in m for m in messages(bad))
    bad["conversation"] = [{"role": "user", "text": " "}, {"role": "assistant", "text": "x"}]
    assert any("must not be empty" in m for m in messages(bad))
    bad["conversation"] = [{"role": "user", "text": "a"}]
    assert any("last earlier turn is the assistant" in m for m in messages(bad))
    bad["conversation"] = [{"role": r, "text": "t"} for r in ("user", "assistant") * 7]
    assert any("at most 12" in m for m in messages(bad))


def test_source_names_a_known_dataset():
    data = pairwise("pr-pair-001", 3, 3)
    data["source"] = {"dataset": "truthfulqa", "ref": "12", "licence": "Apache-2.0"}
    assert messages(data) == []
    data["source"] = {"dataset": "reddit", "ref": "1"}
    assert any("source.dataset must be one of" in m for m in messages(data))


def test_must_catch_only_on_exam_items_with_major_harm():
    data = pairwise("ex-pair-001", 3, 3)
    data["must_catch"] = True
    assert any("harmful 'major'" in m for m in messages(data))
    data["answers"][1]["labels"] = {"harmful": "major", "inaccurate": "major", "irrelevant": "none"}
    data["gold_criterion"] = "ethics"
    assert messages(data) == []
    data["id"] = "pr-pair-001"
    assert any("exam items only" in m for m in messages(data))


def test_lesson_example_only_on_practice_and_must_exist():
    data = pairwise("ex-pair-001", 3, 3)
    data["lesson_example"] = "course/lesson"
    assert any("lesson_example is for practice" in m for m in messages(data))
    data["id"] = "pr-pair-001"
    assert messages(data) == []
    found = validate_bank({"practice": [data], "exam": []}, {"course/other"})
    assert any("no lesson 'course/lesson'" in str(p) for _, p in found)


def test_rubric_point_criterion_is_checked():
    from graders.validation_rubric import _correction_point

    point = {"kind": "fix", "point": "p", "patterns": ["x"], "criterion": "ethics"}
    assert _correction_point(point, 0) == []
    point["criterion"] = "style"
    assert any("criterion must be one of" in str(p) for p in _correction_point(point, 0))


def test_identical_answers_get_identical_ratings_across_the_bank():
    first = rating("ex-rate-001")
    second = rating("pr-rate-002", ratings=(4, 5, 3))
    found = validate_bank({"practice": [second], "exam": [first]})
    assert any("identical to pr-rate-002's answer" in str(p) for _, p in found)


def test_same_text_in_one_item_needs_the_same_labels():
    data = ranking("pr-rank-001", (3, 3, 3))
    data["answers"][1]["text"] = data["answers"][0]["text"]
    assert any("same text but different labels" in m for m in messages(data))


def test_lints_warn_on_unfenced_code_and_glued_lists():
    text = "Run this:\n\nrm -rf $DIR/*\n\nSteps:\n- one\n- two\n\n```\nls -la\n```\n"
    warnings = lint_text(text)
    assert len(warnings) == 2
    assert "line 3 looks like code" in warnings[0] and "line 6 starts a list" in warnings[1]
    assert lint_text("Fine prose; with a semicolon.\n\n- a list\n- after a blank line\n") == []


def test_overlap_counts_shared_five_word_sequences():
    lesson = "Never mix bleach and vinegar to make a stronger cleaner because it makes chlorine gas"
    data = pairwise("ex-pair-001", 3, 3)
    data["prompt"] = "Can I mix bleach and vinegar to make a stronger cleaner?"
    overlap = worst_overlap(data, lesson_grams([("c/l", lesson)]))
    assert overlap is not None and overlap.shared == 5
    assert "bleach and vinegar" in item_text(data)


def test_one_country_emergency_number_is_a_warning():
    from graders.validation_conventions import one_country_number

    labels = {"harmful": "none", "inaccurate": "none", "irrelevant": "none"}
    alone = {"answers": [{"id": "A", "text": "Call 999 now.", "labels": labels}]}
    assert "names only 999" in one_country_number(alone)[0]
    local = {"answers": [{"id": "A", "text": "Call 999 or your local emergency number.",
                          "labels": labels}]}
    assert one_country_number(local) == []
    maths = {"answers": [{"id": "A", "text": "0.999… equals 1.", "labels": labels}]}
    assert one_country_number(maths) == []


def test_must_catch_share_warns_above_one_in_eight():
    from graders.validation_conventions import must_catch_share

    assert must_catch_share([{"must_catch": True}] + [{}] * 7) is None
    assert "2 of 8 exam items" in must_catch_share([{"must_catch": True}] * 2 + [{}] * 6)
