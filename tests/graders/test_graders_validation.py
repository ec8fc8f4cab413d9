"""The shared item validator: common fields and answers, one breaking case per rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graders import CRITERIA_NAMES, KINDS, TOPICS, Problem, validate_item

Edit = Callable[[str, Any], dict[str, Any]]


def messages(data: Any) -> list[str]:
    """Validate and render every problem as text."""
    return [str(p) for p in validate_item(data)]


def answer(index: int) -> dict[str, Any]:
    """Build a well-formed extra answer with the next letter as its id."""
    labels = {"harmful": False, "inaccurate": False, "irrelevant": False}
    return {"id": chr(ord("A") + index), "text": "More.", "labels": labels, "note": "Fine."}


def test_constants() -> None:
    assert KINDS == ("ranking", "pairwise", "rating", "correction", "reference")
    assert CRITERIA_NAMES == ("ethics", "accuracy", "relevance", "quality")
    assert len(TOPICS) == 13
    assert "illegal-activity" in TOPICS


def test_valid_samples_have_no_problems(any_data: dict[str, Any]) -> None:
    assert validate_item(any_data) == []


def test_problem_rendering() -> None:
    assert str(Problem(("answers", 2, "labels"), "bad")) == "answers[2].labels: bad"
    assert str(Problem((), "whole item")) == "whole item"
    assert Problem(("rubric", 0, "patterns", 1), "x").where == "rubric[0].patterns[1]"


def test_non_mapping_item() -> None:
    assert messages(["not", "an", "item"]) == ["an item must be a mapping of fields, not a list"]


COMMON_CASES = [
    ("missing-id", "ranking", ("id", ...), "missing required field 'id'"),
    ("id-capitals", "ranking", ("id", "PR-Rank-1"), "must use only a-z"),
    ("id-double-hyphen", "ranking", ("id", "pr--rank"), "single hyphens"),
    ("id-not-text", "ranking", ("id", 7), "id 7 must use"),
    ("kind-unknown", "ranking", ("kind", "essay"), "kind 'essay' is not one of"),
    ("kind-missing", "ranking", ("kind", ...), "missing required field 'kind'"),
    ("topic-unknown", "ranking", ("topic", "sports"), "topic 'sports' is not one of"),
    ("criteria-empty", "ranking", ("criteria", []), "list of 1–3 criteria"),
    ("criteria-four", "ranking", ("criteria", list(CRITERIA_NAMES)), "list of 1–3"),
    ("criteria-not-list", "ranking", ("criteria", "ethics"), "list of 1–3"),
    ("criteria-unknown", "ranking", ("criteria", ["style"]), "unknown criterion 'style'"),
    ("criteria-repeat", "ranking", ("criteria", ["ethics", "ethics"]), "must not repeat"),
    ("difficulty-high", "ranking", ("difficulty", 4), "difficulty must be 1, 2 or 3"),
    ("difficulty-zero", "ranking", ("difficulty", 0), "difficulty must be 1, 2 or 3"),
    ("difficulty-bool", "ranking", ("difficulty", True), "difficulty must be 1, 2 or 3"),
    ("difficulty-text", "ranking", ("difficulty", "2"), "difficulty must be 1, 2 or 3"),
    ("title-blank", "ranking", ("title", "   "), "'title' must not be empty"),
    ("prompt-number", "ranking", ("prompt", 123), "'prompt' must be text, not a number"),
    ("rationale-empty", "ranking", ("rationale", ""), "'rationale' must not be empty"),
    ("rationale-missing", "ranking", ("rationale", ...), "missing required field"),
    ("unknown-field", "ranking", ("gold_oder", []), "unknown field 'gold_oder'"),
    (
        "other-kind-field",
        "ranking",
        ("gold_better", "A"),
        "field 'gold_better' does not belong to a ranking item",
    ),
    (
        "kind-field-missing",
        "ranking",
        ("gold_order", ...),
        "missing required field 'gold_order'",
    ),
    (
        "reference-no-gold",
        "reference",
        ("gold_reference", ...),
        "missing required field 'gold_reference'",
    ),
]

ANSWER_CASES = [
    (
        "ranking-one",
        "ranking",
        [
            ("gold_order", [["A"], ["B"]]),
            ("answers", 3, ...),
            ("answers", 2, ...),
            ("answers", 1, ...),
        ],
        "a ranking item needs 2–6 answers, found 1",
    ),
    (
        "ranking-seven",
        "ranking",
        [("answers", i, answer(i)) for i in range(4, 7)],
        "a ranking item needs 2–6 answers, found 7",
    ),
    ("pairwise-three", "pairwise", ("answers", 2, answer(2)), "needs exactly 2 answers, found 3"),
    ("rating-two", "rating", ("answers", 1, answer(1)), "needs exactly 1 answer, found 2"),
    ("correction-none", "correction", ("answers", []), "needs exactly 1 answer, found 0"),
    (
        "reference-answers",
        "reference",
        ("answers", [{"id": "A"}]),
        "a reference item has no answers, found 1",
    ),
    ("answers-not-list", "pairwise", ("answers", {"A": "x"}), "'answers' must be a list"),
    ("answer-not-mapping", "pairwise", ("answers", 1, "text"), "answer 2 must be a mapping"),
    (
        "answer-ids-order",
        "pairwise",
        [("answers", 0, "id", "B"), ("answers", 1, "id", "A")],
        "expected 'A' here, found 'B'",
    ),
    ("answer-id-twice", "pairwise", ("answers", 1, "id", "A"), "answer id 'A' appears twice"),
    ("answer-id-missing", "rating", ("answers", 0, "id", ...), "answer 1 needs an id"),
    ("answer-id-lower", "rating", ("answers", 0, "id", "a"), "expected 'A' here, found 'a'"),
    ("answer-text-empty", "rating", ("answers", 0, "text", ""), "'text' must not be empty"),
    (
        "answer-note-missing",
        "rating",
        ("answers", 0, "note", ...),
        "answers[0].note: missing required field 'note'",
    ),
    (
        "labels-missing",
        "rating",
        ("answers", 0, "labels", ...),
        "missing required field 'labels'",
    ),
    (
        "labels-not-mapping",
        "rating",
        ("answers", 0, "labels", ["harmful"]),
        "labels must be a mapping",
    ),
    (
        "label-not-severity",
        "rating",
        ("answers", 0, "labels", "harmful", "yes"),
        "label 'harmful' must be none, minor or major",
    ),
    (
        "label-missing",
        "rating",
        ("answers", 0, "labels", "irrelevant", ...),
        "missing label 'irrelevant'",
    ),
    (
        "label-unknown",
        "rating",
        ("answers", 0, "labels", "offensive", True),
        "unknown field 'offensive'",
    ),
    ("answer-field-unknown", "rating", ("answers", 0, "score", 3), "unknown field 'score'"),
]


@pytest.mark.parametrize(
    ("name", "changes", "expected"),
    [
        pytest.param(name, changes, expected, id=case)
        for case, name, changes, expected in COMMON_CASES + ANSWER_CASES
    ],
)
def test_each_rule_reports_a_problem(name: str, changes: Any, expected: str, edited: Edit) -> None:
    found = messages(edited(name, changes))
    assert any(expected in message for message in found), found


def test_missing_field_is_reported_once(make_data: Callable[..., dict[str, Any]]) -> None:
    for name, key in [
        ("ranking", "gold_order"),
        ("ranking", "answers"),
        ("pairwise", "gold_better"),
        ("rating", "gold_ratings"),
        ("correction", "rubric"),
        ("correction", "gold_correction"),
        ("reference", "rubric"),
    ]:
        data = make_data(name)
        del data[key]
        assert messages(data) == [f"{key}: missing required field '{key}'"], (name, key)


def test_problem_paths_point_at_the_field(make_data: Callable[..., dict[str, Any]]) -> None:
    data = make_data("rating")
    data["answers"][0]["labels"]["harmful"] = "maybe"
    assert validate_item(data) == [
        Problem(("answers", 0, "labels", "harmful"), "label 'harmful' must be none, minor or major")
    ]


def test_reference_with_empty_answers_list_is_accepted(
    make_data: Callable[..., dict[str, Any]],
) -> None:
    assert validate_item(make_data("reference", answers=[])) == []
