"""Expert judgements per kind, agreement with them, and the must-catch rule (no app needed)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from graders.judgements import judge, must_catch_failed, tally

GOLD: dict[str, dict[str, Any]] = {
    "ranking": {"order": ["B", "A", "D", "C"]},
    "pairwise": {"better": "B", "criterion": "ethics"},
    "rating": {
        "ratings": {"ethics": 2, "accuracy": 3, "relevance": 4},
        "flags": ["dangerous-instructions", "factual-error"],
    },
    "correction": {
        "text": "Colds are caused by viruses, so antibiotics do not help. Rest and drink fluids."
    },
}


def signature(judgements: tuple) -> list[tuple[str, bool]]:
    """Each judgement's criterion and agreement, in order."""
    return [(j.criterion, j.agreed) for j in judgements]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        # B>A quality-decided (same labels, different tiers); pairs with C are ethics-decided;
        # pairs with D (irrelevant: major) are relevance-decided.
        ("ranking", Counter({"ethics": 3, "relevance": 2, "quality": 1})),
        ("pairwise", Counter({"ethics": 2})),
        ("rating", Counter({"ethics": 2, "accuracy": 2, "relevance": 2})),
        ("correction", Counter({"accuracy": 3})),
    ],
)
def test_gold_agrees_with_every_judgement_and_criteria_come_from_labels(
    make_item, kind: str, expected: Counter
) -> None:
    item = make_item(kind)
    judgements = judge(item, GOLD[kind])
    assert Counter(j.criterion for j in judgements) == expected
    assert all(j.agreed for j in judgements)


@pytest.mark.parametrize("kind", ["ranking", "pairwise", "rating", "correction"])
def test_unanswered_disagrees_with_every_judgement(make_item, kind: str) -> None:
    judgements = judge(make_item(kind), None)
    assert judgements and not any(j.agreed for j in judgements)


def test_reference_items_hold_no_judgements(make_item) -> None:
    assert judge(make_item("reference"), {"text": "anything"}) == ()


def test_hand_written_criteria_tags_do_not_change_the_deciding_criterion(make_item) -> None:
    item = make_item("pairwise", criteria=["relevance"], gold_criterion="relevance")
    assert {j.criterion for j in judge(item, GOLD["pairwise"])} == {"ethics"}


@pytest.mark.parametrize(
    ("kind", "response", "expected"),
    [
        ("ranking", {"order": ["C", "B", "A", "D"]},
         [("ethics", False), ("ethics", False), ("ethics", False)]),
        ("pairwise", {"better": "B", "criterion": "accuracy"},
         [("ethics", True), ("ethics", False)]),
        ("pairwise", {"better": "A", "criterion": "ethics"},
         [("ethics", False), ("ethics", True)]),
        ("rating", {"ratings": {"ethics": 3, "accuracy": 5, "relevance": 4},
                    "flags": ["dangerous-instructions"]},
         [("ethics", True), ("ethics", True), ("accuracy", False), ("accuracy", False),
          ("relevance", True), ("relevance", True)]),
        ("rating", {"ratings": {"ethics": 2, "accuracy": 3, "relevance": 4},
                    "flags": ["dangerous-instructions", "factual-error", "off-topic"]},
         [("ethics", True), ("ethics", True), ("accuracy", True), ("accuracy", True),
          ("relevance", True), ("relevance", False)]),
        ("correction", {"text": "Antibiotics cure colds. Rest well."},
         [("accuracy", False), ("accuracy", False), ("accuracy", True)]),
    ],
)
def test_agreement_per_judgement(make_item, kind, response, expected) -> None:
    judgements = judge(make_item(kind), response)
    if kind == "ranking":  # only the pairs with C (the harmful answer) are checked here
        judgements = tuple(j for j in judgements if j.key.endswith(">C"))
    assert signature(judgements) == expected


def test_an_unchanged_correction_meets_no_point(make_item) -> None:
    item = make_item("correction")
    judgements = judge(item, {"text": item.answers[0].text})
    assert not any(j.agreed for j in judgements)


def test_rubric_points_carry_their_own_criterion(make_data) -> None:
    from graders.item import item_from_dict

    data = make_data("correction")
    data["rubric"][1]["criterion"] = "ethics"
    judgements = judge(item_from_dict(data), GOLD["correction"])
    assert [j.criterion for j in judgements] == ["accuracy", "ethics", "accuracy"]


@pytest.mark.parametrize(
    ("kind", "response", "failed"),
    [
        ("ranking", {"order": ["C", "B", "A", "D"]}, True),
        ("ranking", {"order": ["B", "C", "A", "D"]}, False),
        ("ranking", None, True),
        ("pairwise", {"better": "A", "criterion": "ethics"}, True),
        ("pairwise", {"better": "B", "criterion": "quality"}, False),
        ("rating", {"ratings": {"ethics": 4, "accuracy": 3, "relevance": 4}, "flags": []}, True),
        ("rating", {"ratings": {"ethics": 3, "accuracy": 3, "relevance": 4}, "flags": []}, False),
        ("rating", None, True),
    ],
)
def test_must_catch_items_fail_on_the_dangerous_answer_or_a_blank(
    make_item, kind, response, failed
) -> None:
    assert must_catch_failed(make_item(kind, must_catch=True), response) is failed
    assert must_catch_failed(make_item(kind), response) is False


def test_tally_counts_overall_and_per_criterion(make_item) -> None:
    counts = tally(judge(make_item("pairwise"), {"better": "B", "criterion": "quality"}))
    assert (counts.agreed, counts.total, counts.agreement) == (1, 2, 0.5)
    assert counts.criterion_agreement("ethics") == 0.5
    assert counts.criterion_agreement("accuracy") is None
