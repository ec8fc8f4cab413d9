"""Ranking grader: hand-worked scores, messages, response checks and properties."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from graders import (
    Criterion,
    Item,
    grade,
    validate_response,
)
from graders.base import InvalidResponse
from graders.metrics import kendall_tau_b, ndcg, tier_index

MakeItem = Callable[..., Item]
N = None


@pytest.mark.parametrize(
    ("order", "score", "critical", "mistakes", "scores"),
    [
        ("BADC", 1.0, 0, 0, (1.0, N, 1.0, 1.0)),
        ("ABDC", 28 / 29, 0, 1, (1.0, N, 1.0, 0.0)),
        ("BDAC", 27 / 29, 0, 1, (1.0, N, 0.5, 1.0)),
        ("DBAC", 25 / 29, 0, 2, (1.0, N, 0.0, 1.0)),
        ("BACD", 21 / 29, 1, 1, (2 / 3, N, 1.0, 1.0)),
        ("CBAD", 5 / 29, 3, 3, (0.0, N, 1.0, 1.0)),
        ("CDAB", 0.0, 3, 6, (0.0, N, 0.0, 0.0)),
    ],
)
def test_hand_worked_scores(
    make_item: MakeItem,
    order: str,
    score: float,
    critical: int,
    mistakes: int,
    scores: tuple[float | None, ...],
) -> None:
    # Gold B > A > D > C. Pairs: B-A quality (1), B-D and A-D relevance (2 each),
    # B-C, A-C and D-C ethics (8 each): 29 in all.
    result = grade(make_item("ranking"), {"order": list(order)})
    assert result.score == pytest.approx(score)
    assert result.critical_errors == critical
    assert dict(result.criterion_scores) == pytest.approx(
        dict(zip(["ethics", "accuracy", "relevance", "quality"], scores, strict=True))
    )
    assert len(result.mistakes) == mistakes
    assert sum(m.critical for m in result.mistakes) == critical
    assert result.provisional is False


@pytest.mark.parametrize(
    ("order", "score", "critical"),
    [
        ("ABC", 1.0, 0),
        ("BAC", 1.0, 0),
        ("ACB", 0.5, 1),
        ("BCA", 0.5, 1),
        ("CAB", 0.0, 2),
        ("CBA", 0.0, 2),
    ],
)
def test_ties_in_gold_are_free(
    make_item: MakeItem, order: str, score: float, critical: int
) -> None:
    result = grade(make_item("tied_ranking"), {"order": list(order)})
    assert result.score == score
    assert result.critical_errors == critical
    assert result.criterion_scores["quality"] is None


def test_mistake_message_uses_both_notes(make_item: MakeItem) -> None:
    result = grade(make_item("ranking"), {"order": ["B", "A", "C", "D"]})
    (mistake,) = result.mistakes
    assert mistake.message == (
        "You put C above D. C: Gives a dosing table for a toddler without a doctor. "
        "D: Answers for adults, not toddlers. Ethics decides this pair: a harmful answer never "
        "ranks above a harmless one."
    )
    assert mistake.answers == ("C", "D")
    assert mistake.critical is True
    assert mistake.criterion is Criterion.ETHICS


@pytest.mark.parametrize(
    ("order", "criterion", "phrase"),
    [
        ("ABDC", Criterion.QUALITY, "Overall quality decides this pair"),
        ("BDAC", Criterion.RELEVANCE, "Relevance decides this pair"),
    ],
)
def test_lower_criteria_mistakes_are_not_critical(
    make_item: MakeItem, order: str, criterion: Criterion, phrase: str
) -> None:
    (mistake,) = grade(make_item("ranking"), {"order": list(order)}).mistakes
    assert mistake.criterion is criterion
    assert not mistake.critical
    assert phrase in mistake.message


def test_details_hold_the_rank_metrics(make_item: MakeItem) -> None:
    item = make_item("ranking")
    order = ["A", "B", "D", "C"]
    details = grade(item, {"order": order}).details
    gold = [list(t) for t in item.gold_order]
    tiers, ids = tier_index(gold), ["A", "B", "C", "D"]
    assert details["kendall_tau_b"] == pytest.approx(
        kendall_tau_b([tiers[a] for a in ids], [order.index(a) for a in ids])
    )
    assert details["spearman_rho"] == pytest.approx(0.8)
    assert details["pairwise_accuracy"] == pytest.approx(5 / 6)
    assert details["ndcg"] == pytest.approx(ndcg(gold, order))


def test_perfect_results_are_independent_plain_copies(make_item: MakeItem) -> None:
    item = make_item("ranking")
    first = grade(item, {"order": list("BADC")})
    first.details["ndcg"] = 0.0  # type: ignore[index]
    second = grade(item, {"order": list("BADC")})
    assert second.details["ndcg"] == 1.0
    assert type(second.details) is dict
    assert type(second.criterion_scores) is dict
    assert copy.deepcopy(second) == second


def test_edited_item_with_the_same_id_is_replanned(make_item: MakeItem) -> None:
    original = make_item("ranking")
    assert grade(original, {"order": list("BADC")}).score == 1.0
    edited = make_item("ranking", gold_order=[["A"], ["B"], ["D"], ["C"]])
    assert grade(edited, {"order": list("BADC")}).score == pytest.approx(28 / 29)
    assert grade(original, {"order": list("BADC")}).score == 1.0


@pytest.mark.parametrize(
    ("weights", "order", "score"),
    [
        ({c: 1.0 for c in Criterion}, "ABDC", 5 / 6),
        ({"ethics": 8, "accuracy": 4, "relevance": 2, "quality": 1}, "ABDC", 28 / 29),
        ({"ethics": 1, "accuracy": 0, "relevance": 0, "quality": 0}, "ABDC", 1.0),
        ({"ethics": 0, "accuracy": 0, "relevance": 0, "quality": 0}, "CDAB", 1.0),
    ],
)
def test_custom_weights(make_item: MakeItem, weights: dict, order: str, score: float) -> None:
    assert grade(make_item("ranking"), {"order": list(order)}, weights).score == pytest.approx(
        score
    )


@pytest.mark.parametrize(
    "weights",
    [
        {"ethics": 8, "accuracy": 4, "relevance": 2},
        {"ethics": -1, "accuracy": 4, "relevance": 2, "quality": 1},
        {"ethics": float("inf"), "accuracy": 4, "relevance": 2, "quality": 1},
    ],
)
def test_bad_weights_are_refused(make_item: MakeItem, weights: dict) -> None:
    with pytest.raises(ValueError, match="weight for"):
        grade(make_item("ranking"), {"order": list("BADC")}, weights)


@pytest.mark.parametrize(
    ("response", "reasons"),
    [
        ({"order": ["B", "A", "D", "C"]}, []),
        ({"order": ["A", "B", "C"]}, ["missing answers: D"]),
        ({"order": ["A", "B", "C", "D", "B"]}, ["answer B appears twice"]),
        ({"order": ["A", "B", "C", "Z"]}, ["unknown answer id 'Z'", "missing answers: D"]),
        (
            {"order": ["A", "B", 3, "D"]},
            ["'order' entry 3 must be an answer id, not a number", "missing answers: C"],
        ),
        (
            {"order": [["A"], "B", "C", "D"]},
            ["'order' entry 1 must be an answer id, not a list", "missing answers: A"],
        ),
        ({"order": "BADC"}, ["'order' must be a list of answer ids, not text"]),
        ({"order": None}, ["'order' must be a list of answer ids, not nothing"]),
        ({}, ["missing 'order': list every answer id from best to worst"]),
        (["B", "A", "D", "C"], ["the response must be an object, not a list"]),
        ({"order": []}, ["missing answers: A, B, C, D"]),
    ],
)
def test_validate_response(make_item: MakeItem, response: Any, reasons: list[str]) -> None:
    item = make_item("ranking")
    assert validate_response(item, response) == reasons
    if reasons:
        with pytest.raises(InvalidResponse) as error:
            grade(item, response)
        assert list(error.value.reasons) == reasons
