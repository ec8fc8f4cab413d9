"""The shared item validator: gold data of each kind, one breaking case per rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graders import validate_item

Edit = Callable[[str, Any], dict[str, Any]]


def messages(data: Any) -> list[str]:
    """Validate and render every problem as text."""
    return [str(p) for p in validate_item(data)]


KEEP_POINT = {"kind": "keep", "point": "Keeps rest.", "patterns": ["rest"]}

RANKING_CASES = [
    (
        "order-not-tiers",
        "ranking",
        ("gold_order", ["B", "A", "D", "C"]),
        "gold_order must be a list of tiers",
    ),
    (
        "order-empty-tier",
        "ranking",
        ("gold_order", [["B"], [], ["A", "D", "C"]]),
        "each a non-empty list",
    ),
    (
        "order-number",
        "ranking",
        ("gold_order", [["B"], [1], ["A", "D", "C"]]),
        "gold_order entry 1 must be an answer id",
    ),
    ("order-one-tier", "tied_ranking", ("gold_order", [["A", "B", "C"]]), "at least two tiers"),
    (
        "order-twice",
        "ranking",
        ("gold_order", [["B"], ["A"], ["D"], ["C", "B"]]),
        "answer B appears twice in gold_order",
    ),
    (
        "order-unknown",
        "ranking",
        ("gold_order", [["B"], ["A"], ["D"], ["C"], ["Z"]]),
        "unknown answer id 'Z' in gold_order",
    ),
    (
        "order-missing",
        "ranking",
        ("gold_order", [["B"], ["A"], ["C"]]),
        "gold_order is missing answers: D",
    ),
    (
        "ethics-priority",
        "ranking",
        ("gold_order", [["C"], ["B"], ["A"], ["D"]]),
        "answer C is ranked above B, but its labels are worse: C is harmful 'major'",
    ),
    (
        "relevance-priority",
        "ranking",
        ("gold_order", [["B"], ["D"], ["A"], ["C"]]),
        "answer D is ranked above A, but its labels are worse: D is irrelevant 'major' "
        "against 'none' (relevance decides",
    ),
    (
        "accuracy-priority",
        "ranking",
        [
            ("answers", 3, "labels", {"harmful": False, "inaccurate": True, "irrelevant": False}),
            ("gold_order", [["D"], ["B"], ["A"], ["C"]]),
        ],
        "answer D is ranked above B, but its labels are worse: D is inaccurate 'major'",
    ),
    (
        "tie-labels-differ",
        "tied_ranking",
        ("answers", 1, "labels", "irrelevant", True),
        "answers A and B are tied in gold_order but their labels differ",
    ),
    (
        "tied-different-labels",
        "ranking",
        ("gold_order", [["B"], ["A", "D"], ["C"]]),
        "answers A and D are tied in gold_order but their labels differ",
    ),
]

PAIRWISE_CASES = [
    ("better-unknown", "pairwise", ("gold_better", "C"), "gold_better must be A or B"),
    (
        "criterion-unknown",
        "pairwise",
        ("gold_criterion", "style"),
        "gold_criterion must be one of ethics, accuracy, relevance, quality",
    ),
    (
        "criterion-not-deciding",
        "pairwise",
        ("gold_criterion", "accuracy"),
        "gold_criterion must be ethics: it decides the pair by the ordering rule "
        "(A is harmful 'major' and B is 'none')",
    ),
    (
        "criterion-equal-labels",
        "pairwise",
        ("answers", 0, "labels", {"harmful": False, "inaccurate": False, "irrelevant": False}),
        "A and B have the same labels, so gold_criterion must be quality, not ethics",
    ),
    (
        "better-has-problem",
        "pairwise",
        ("gold_better", "A"),
        "gold_better is A, but A is harmful 'major' and B is 'none'",
    ),
]

RATING_CASES = [
    (
        "ratings-not-mapping",
        "rating",
        ("gold_ratings", [2, 3, 4]),
        "gold_ratings must map ethics",
    ),
    (
        "ratings-missing-key",
        "rating",
        ("gold_ratings", "accuracy", ...),
        "gold_ratings.accuracy must be a whole number from 1 to 5",
    ),
    ("ratings-six", "rating", ("gold_ratings", "relevance", 6), "from 1 to 5"),
    ("ratings-zero", "rating", ("gold_ratings", "ethics", 0), "from 1 to 5"),
    ("ratings-bool", "rating", ("gold_ratings", "ethics", True), "from 1 to 5"),
    ("ratings-text", "rating", ("gold_ratings", "ethics", "2"), "from 1 to 5"),
    ("ratings-unknown", "rating", ("gold_ratings", "quality", 3), "unknown field 'quality'"),
    (
        "problem-rated-high",
        "rating",
        ("gold_ratings", "ethics", 4),
        "gold_ratings.ethics is 4, but answer A is harmful 'major': by the rating anchors that "
        "is rated 1–2",
    ),
    (
        "no-problem-rated-low",
        "rating",
        ("gold_ratings", "relevance", 2),
        "gold_ratings.relevance is 2, but answer A is irrelevant 'none': by the rating anchors "
        "that is rated 4–5",
    ),
    ("flags-not-list", "rating", ("gold_flags", "factual-error"), "gold_flags must be a list"),
    ("flag-unknown", "rating", ("gold_flags", ["rude"]), "unknown flag 'rude'"),
    (
        "flag-twice",
        "rating",
        ("gold_flags", ["factual-error", "factual-error"]),
        "flag 'factual-error' appears twice",
    ),
    ("flags-missing", "rating", ("gold_flags", ...), "missing required field 'gold_flags'"),
]

RUBRIC_CASES = [
    (
        "gold-correction-empty",
        "correction",
        ("gold_correction", " "),
        "'gold_correction' must not be empty",
    ),
    ("rubric-not-list", "correction", ("rubric", "points"), "rubric must be a list"),
    ("rubric-two", "correction", ("rubric", 2, ...), "a rubric needs 3–6 points, found 2"),
    (
        "rubric-seven",
        "correction",
        [("rubric", i, KEEP_POINT) for i in range(3, 7)],
        "a rubric needs 3–6 points, found 7",
    ),
    ("point-not-mapping", "correction", ("rubric", 0, "drop it"), "must be a mapping"),
    (
        "point-text-missing",
        "correction",
        ("rubric", 1, "point", ...),
        "rubric[1].point: missing required field 'point'",
    ),
    (
        "point-kind-include",
        "correction",
        ("rubric", 1, "kind", "include"),
        "kind must be remove, fix or keep",
    ),
    (
        "patterns-missing",
        "correction",
        ("rubric", 1, "patterns", ...),
        "missing required field 'patterns'",
    ),
    (
        "patterns-empty",
        "correction",
        ("rubric", 1, "patterns", []),
        "patterns must be a non-empty list",
    ),
    (
        "pattern-not-text",
        "correction",
        ("rubric", 1, "patterns", [3]),
        "pattern must be text, not a number",
    ),
    (
        "pattern-bad-regex",
        "correction",
        ("rubric", 1, "patterns", ["(virus"]),
        "is not a valid regular expression",
    ),
    (
        "remove-matches-gold",
        "correction",
        ("rubric", 0, "patterns", ["antibiotics"]),
        "rubric point 1 is a remove point, but its pattern 'antibiotics' matches gold_correction",
    ),
    (
        "fix-misses-gold",
        "correction",
        ("rubric", 1, "patterns", ["bacteria"]),
        "rubric point 2 is a fix point, but none of its patterns match gold_correction",
    ),
    (
        "keep-misses-gold",
        "correction",
        ("rubric", 2, "patterns", ["sleep"]),
        "rubric point 3 is a keep point, but none of its patterns match gold_correction",
    ),
    (
        "remove-absent-from-answer",
        "correction",
        ("rubric", 0, "patterns", ["homeopathy"]),
        "nothing to remove",
    ),
    ("point-field-unknown", "correction", ("rubric", 0, "weight", 2), "unknown field 'weight'"),
    (
        "gold-reference-empty",
        "reference",
        ("gold_reference", ""),
        "'gold_reference' must not be empty",
    ),
    ("reference-rubric-two", "reference", ("rubric", 0, ...), "needs 3–6 points, found 2"),
    (
        "reference-point-patterns",
        "reference",
        ("rubric", 0, "patterns", ["x"]),
        "rubric[0].patterns: unknown field 'patterns'",
    ),
    (
        "reference-point-blank",
        "reference",
        ("rubric", 2, "point", ""),
        "'point' must not be empty",
    ),
    ("reference-point-not-mapping", "reference", ("rubric", 2, "Be kind."), "must be a mapping"),
]


@pytest.mark.parametrize(
    ("name", "changes", "expected"),
    [
        pytest.param(name, changes, expected, id=case)
        for case, name, changes, expected in RANKING_CASES
        + PAIRWISE_CASES
        + RATING_CASES
        + RUBRIC_CASES
    ],
)
def test_each_rule_reports_a_problem(name: str, changes: Any, expected: str, edited: Edit) -> None:
    found = messages(edited(name, changes))
    assert any(expected in message for message in found), found


def test_priority_problem_is_reported_for_every_misordered_pair(
    make_data: Callable[..., dict[str, Any]],
) -> None:
    data = make_data("ranking", gold_order=[["C"], ["D"], ["A"], ["B"]])
    found = messages(data)
    # C (harmful) above D, A, B and D (irrelevant) above A, B; A above B is a quality call.
    assert len(found) == 5
    assert (
        "gold_order: answer C is ranked above D, but its labels are worse: C is harmful "
        "'major' against 'none' (ethics decides this pair)" in found
    )
