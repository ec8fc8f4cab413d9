"""The registry: dispatch by kind, gold answers score 1, results serialise."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from graders import GRADERS, KINDS, Grader, GradeResult, Item, get_grader, grade, validate_response
from graders.base import InvalidResponse

MakeItem = Callable[..., Item]
KIND_SAMPLES = ["ranking", "tied_ranking", "pairwise", "rating", "correction", "reference"]


def gold_response(item: Item) -> dict[str, Any]:
    """Build the response that reproduces the item's gold answer."""
    if item.kind == "ranking":
        return {"order": [aid for tier in item.gold_order for aid in tier]}
    if item.kind == "pairwise":
        return {"better": item.gold_better, "criterion": item.gold_criterion}
    if item.kind == "rating":
        return {"ratings": dict(item.gold_ratings or {}), "flags": list(item.gold_flags)}
    if item.kind == "correction":
        return {"text": item.gold_correction}
    return {"text": item.gold_reference, "self_check": list(range(len(item.rubric)))}


def test_registry_covers_every_kind() -> None:
    assert tuple(GRADERS) == KINDS
    for kind, cls in GRADERS.items():
        assert issubclass(cls, Grader)
        assert cls.kind == kind
        assert isinstance(get_grader(kind), cls)
    assert get_grader("ranking") is get_grader("ranking")


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="no grader for kind 'essay'"):
        get_grader("essay")


@pytest.mark.parametrize("name", KIND_SAMPLES)
def test_gold_answer_scores_one(name: str, make_item: MakeItem) -> None:
    item = make_item(name)
    response = gold_response(item)
    assert validate_response(item, response) == []
    result = grade(item, response)
    assert result.score == 1.0
    assert result.critical_errors == 0
    assert result.mistakes == ()


@pytest.mark.parametrize("name", KIND_SAMPLES)
def test_results_are_json_round_trippable(name: str, make_item: MakeItem) -> None:
    item = make_item(name)
    for response in (gold_response(item), _poor_response(item)):
        result = grade(item, response)
        stored = json.loads(json.dumps(result.to_dict()))
        assert GradeResult.from_dict(stored) == result
        assert set(result.criterion_scores) == {"ethics", "accuracy", "relevance", "quality"}


def _poor_response(item: Item) -> dict[str, Any]:
    """Build a valid but poor response for any kind."""
    if item.kind == "ranking":
        return {"order": [aid for tier in item.gold_order for aid in tier][::-1]}
    if item.kind == "pairwise":
        return {"better": "A" if item.gold_better == "B" else "B", "criterion": "quality"}
    if item.kind == "rating":
        return {"ratings": {"ethics": 5, "accuracy": 5, "relevance": 1}, "flags": ["off-topic"]}
    if item.kind == "correction":
        return {"text": "I am not sure."}
    return {"text": "No idea.", "self_check": []}


@pytest.mark.parametrize("kind", KINDS)
def test_grader_refuses_an_item_of_another_kind(make_item: MakeItem, kind: str) -> None:
    other = make_item("pairwise" if kind == "ranking" else "ranking")
    with pytest.raises(ValueError, match=f"grades {kind} items, not {other.kind}"):
        get_grader(kind).validate_response(other, {})
    with pytest.raises(ValueError, match=f"grades {kind} items, not {other.kind}"):
        get_grader(kind).grade(other, gold_response(other))


def test_invalid_response_lists_reasons(make_item: MakeItem) -> None:
    with pytest.raises(InvalidResponse, match="missing answers: C, D") as error:
        grade(make_item("ranking"), {"order": ["A", "B"]})
    assert isinstance(error.value, ValueError)
    assert error.value.reasons == ("missing answers: C, D",)


def test_weights_none_means_default(make_item: MakeItem) -> None:
    item = make_item("ranking")
    response = {"order": ["A", "B", "D", "C"]}
    assert grade(item, response, None) == grade(item, response)
