"""Reference grader: provisional self-check share and response checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graders import Item, grade, validate_response
from graders.base import InvalidResponse

MakeItem = Callable[..., Item]


@pytest.mark.parametrize(
    ("self_check", "score", "unchecked"),
    [([0, 1, 2], 1.0, []), ([2, 0], 2 / 3, [1]), ([], 0.0, [0, 1, 2]), (None, 0.0, [0, 1, 2])],
)
def test_self_check_share(
    make_item: MakeItem, self_check: list[int] | None, score: float, unchecked: list[int]
) -> None:
    item = make_item("reference")
    response: dict[str, Any] = {"text": "It is worrying. Ask a pharmacist."}
    if self_check is not None:
        response["self_check"] = self_check
    result = grade(item, response)
    assert result.score == pytest.approx(score)
    assert result.provisional is True
    assert result.critical_errors == 0
    assert set(result.criterion_scores.values()) == {None}
    assert [m.message for m in result.mistakes] == [
        f"Not self-checked: {item.rubric[i].point}" for i in unchecked
    ]
    assert [p["checked"] for p in result.details["self_check"]] == [
        i not in unchecked for i in range(3)
    ]
    assert result.details["characters"] == len(response["text"])


@pytest.mark.parametrize(
    ("response", "reasons"),
    [
        ({"text": "An answer.", "self_check": [0]}, []),
        ({"text": "An answer."}, []),
        ({"self_check": [0]}, ["missing 'text': write your answer"]),
        ({"text": "  "}, ["'text' must not be empty"]),
        ({"text": ["a"]}, ["'text' must be text, not a list"]),
        ({"text": "x" * 10_000}, []),
        ({"text": "x" * 10_001}, ["'text' is too long: 10,001 characters (limit 10,000)"]),
        (
            {"text": "ok", "self_check": "0,1"},
            ["'self_check' must be a list of point numbers, not text"],
        ),
        ({"text": "ok", "self_check": [3]}, ["'self_check' index 3 is not a rubric point (0–2)"]),
        ({"text": "ok", "self_check": [-1]}, ["'self_check' index -1 is not a rubric point (0–2)"]),
        (
            {"text": "ok", "self_check": ["1"]},
            ["'self_check' entries must be whole numbers, not text"],
        ),
        (
            {"text": "ok", "self_check": [True]},
            ["'self_check' entries must be whole numbers, not true/false"],
        ),
        ({"text": "ok", "self_check": [1, 1]}, ["'self_check' index 1 appears twice"]),
    ],
)
def test_validate_response(make_item: MakeItem, response: Any, reasons: list[str]) -> None:
    item = make_item("reference")
    assert validate_response(item, response) == reasons
    if reasons:
        with pytest.raises(InvalidResponse):
            grade(item, response)
