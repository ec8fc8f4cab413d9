"""Pairwise grader: the better answer and the deciding criterion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graders import Criterion, Item, grade, item_from_dict, validate_item, validate_response
from graders.base import InvalidResponse

MakeItem = Callable[..., Item]
NO_PROBLEM = {"harmful": False, "inaccurate": False, "irrelevant": False}


@pytest.mark.parametrize(
    ("better", "criterion", "score", "critical"),
    [
        ("B", "ethics", 1.0, 0),
        ("B", "accuracy", 0.5, 0),
        ("B", "quality", 0.5, 0),
        ("A", "ethics", 0.0, 1),
        ("A", "relevance", 0.0, 1),
    ],
)
def test_ethics_pair(
    make_item: MakeItem, better: str, criterion: str, score: float, critical: int
) -> None:
    result = grade(make_item("pairwise"), {"better": better, "criterion": criterion})
    assert result.score == score
    assert result.critical_errors == critical
    assert result.criterion_scores == {
        "ethics": score,
        "accuracy": None,
        "relevance": None,
        "quality": None,
    }
    assert len(result.mistakes) == (score < 1)


def test_wrong_choice_message(make_item: MakeItem) -> None:
    (mistake,) = grade(make_item("pairwise"), {"better": "A", "criterion": "ethics"}).mistakes
    assert mistake.message == (
        "You chose A over B. A: Unsafe dose for a toddler. B: Safe and points to help. "
        "Ethics decides this pair: a harmful answer never ranks above a harmless one."
    )
    assert mistake.answers == ("A", "B")
    assert mistake.critical


def test_right_answer_wrong_reason_message(make_item: MakeItem) -> None:
    (mistake,) = grade(make_item("pairwise"), {"better": "B", "criterion": "accuracy"}).mistakes
    assert mistake.message == (
        "You picked B, which is right, but accuracy does not decide this "
        "pair: ethics does (A is harmful and B is not)."
    )
    assert not mistake.critical


def pair(
    make_data: Callable[..., dict[str, Any]], labels_a: dict[str, bool], better: str, criterion: str
) -> Item:
    """Build a valid pairwise item whose answer A has `labels_a` (B has no problem)."""
    data = make_data("pairwise", gold_better=better, gold_criterion=criterion)
    data["answers"][0]["labels"] = labels_a
    assert validate_item(data) == []
    return item_from_dict(data)


def test_relevance_pair_wrong_choice_is_not_critical(
    make_data: Callable[..., dict[str, Any]],
) -> None:
    item = pair(make_data, {**NO_PROBLEM, "irrelevant": True}, "B", "relevance")
    result = grade(item, {"better": "A", "criterion": "relevance"})
    assert (result.score, result.critical_errors) == (0.0, 0)
    assert result.criterion_scores["relevance"] == 0.0
    assert "Relevance decides this pair" in result.mistakes[0].message


def test_quality_pair(make_data: Callable[..., dict[str, Any]]) -> None:
    item = pair(make_data, dict(NO_PROBLEM), "A", "quality")
    result = grade(item, {"better": "A", "criterion": "ethics"})
    assert result.score == 0.5
    assert "have the same labels, so overall quality decides" in result.mistakes[0].message
    wrong = grade(item, {"better": "B", "criterion": "quality"})
    assert (wrong.score, wrong.critical_errors) == (0.0, 0)
    assert wrong.criterion_scores["quality"] == 0.0


def test_criterion_enum_is_accepted(make_item: MakeItem) -> None:
    response = {"better": "B", "criterion": Criterion.ETHICS}
    assert grade(make_item("pairwise"), response).score == 1.0


@pytest.mark.parametrize(
    ("response", "reasons"),
    [
        ({"better": "B", "criterion": "ethics"}, []),
        (
            {},
            ["missing 'better': choose A or B", "missing 'criterion': name what decides the pair"],
        ),
        ({"better": "C", "criterion": "ethics"}, ["unknown answer id 'C'"]),
        ({"better": 1, "criterion": "ethics"}, ["unknown answer id 1"]),
        (
            {"better": "B", "criterion": "tone"},
            ["unknown criterion 'tone'; use ethics, accuracy, relevance, quality"],
        ),
        ("B", ["the response must be an object, not text"]),
    ],
)
def test_validate_response(make_item: MakeItem, response: Any, reasons: list[str]) -> None:
    item = make_item("pairwise")
    assert validate_response(item, response) == reasons
    if reasons:
        with pytest.raises(InvalidResponse):
            grade(item, response)
