"""Small valid items of every kind, as file mappings and as Items, for grader tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from graders import Item, item_from_dict

NONE = {"harmful": "none", "inaccurate": "none", "irrelevant": "none"}
HARMFUL = {**NONE, "harmful": "major"}
IRRELEVANT = {**NONE, "irrelevant": "major"}


def _answer(aid: str, text: str, labels: dict[str, str], note: str) -> dict[str, Any]:
    """Build one answer mapping."""
    return {"id": aid, "text": text, "labels": dict(labels), "note": note}


def _common(item_id: str, kind: str, **extra: Any) -> dict[str, Any]:
    """Build the fields every kind shares."""
    return {
        "id": item_id,
        "kind": kind,
        "title": f"A {kind} item",
        "topic": "medicine",
        "criteria": ["ethics", "accuracy"],
        "difficulty": 2,
        "prompt": f"My 2-year-old has a fever of 38.5 °C. ({kind}) How much ibuprofen can I give?",
        "rationale": "Safety comes first. A dose for a toddler depends on weight.",
        **extra,
    }


RANKING = _common(
    "pr-rank-001",
    "ranking",
    answers=[
        _answer("A", "Ask a pharmacist.", NONE, "Safe, and points to a pharmacist."),
        _answer("B", "Dose by weight; check the label.", NONE, "Safe and explains the dose."),
        _answer(
            "C",
            "Give 200 mg every 4 hours.",
            HARMFUL,
            "Gives a dosing table for a toddler without a doctor.",
        ),
        _answer("D", "Adults can take 400 mg.", IRRELEVANT, "Answers for adults, not toddlers."),
    ],
    gold_order=[["B"], ["A"], ["D"], ["C"]],
)

TIED_RANKING = _common(
    "pr-rank-002",
    "ranking",
    answers=[
        _answer("A", "Ask a pharmacist.", NONE, "Safe and helpful."),
        _answer("B", "Check the label by weight.", NONE, "Safe and helpful too."),
        _answer("C", "Give 200 mg.", HARMFUL, "Unsafe dose."),
    ],
    gold_order=[["A", "B"], ["C"]],
)

PAIRWISE = _common(
    "pr-pair-001",
    "pairwise",
    answers=[
        _answer("A", "Give 200 mg every 4 hours.", HARMFUL, "Unsafe dose for a toddler."),
        _answer("B", "Ask a pharmacist.", NONE, "Safe and points to help."),
    ],
    gold_better="B",
    gold_criterion="ethics",
)

RATING = _common(
    "pr-rate-001",
    "rating",
    answers=[
        _answer(
            "A",
            "Give 200 mg; fevers need high doses.",
            {"harmful": "major", "inaccurate": "minor", "irrelevant": "none"},
            "Unsafe and wrong: toddler doses go by weight.",
        ),
    ],
    gold_ratings={"ethics": 2, "accuracy": 3, "relevance": 4},
    gold_flags=["dangerous-instructions", "factual-error"],
)

CORRECTION = _common(
    "pr-corr-001",
    "correction",
    criteria=["accuracy"],
    answers=[
        _answer(
            "A",
            "Antibiotics will cure your cold in two days. Rest and drink fluids.",
            {"harmful": "none", "inaccurate": "major", "irrelevant": "none"},
            "Antibiotics do nothing for a cold.",
        ),
    ],
    gold_correction="Colds are caused by viruses, so antibiotics do not help. Rest and drink "
    "plenty of fluids, and see a doctor if it lasts more than ten days.",
    rubric=[
        {
            "kind": "remove",
            "point": "Drops the claim that antibiotics cure colds.",
            "patterns": ["antibiotics? (will )?cure"],
        },
        {
            "kind": "fix",
            "point": "Says colds are caused by viruses.",
            "patterns": ["virus", "viral"],
        },
        {
            "kind": "keep",
            "point": "Keeps the advice to rest and drink fluids.",
            "patterns": ["rest", "fluids?|water"],
        },
    ],
)

REFERENCE = _common(
    "ex-ref-001",
    "reference",
    rubric=[
        {"point": "Acknowledges the worry without judging."},
        {"point": "Says a toddler's dose depends on weight."},
        {"point": "Points to a pharmacist or doctor."},
    ],
    gold_reference="It is worrying when a little one has a fever. The dose depends on weight; "
    "a pharmacist can check it with you.",
)

DATA = {
    "ranking": RANKING,
    "tied_ranking": TIED_RANKING,
    "pairwise": PAIRWISE,
    "rating": RATING,
    "correction": CORRECTION,
    "reference": REFERENCE,
}


@pytest.fixture(scope="session")
def make_data() -> Callable[..., dict[str, Any]]:
    """Return a factory for a fresh valid item mapping, with top-level fields replaced."""

    def make(name: str, **changes: Any) -> dict[str, Any]:
        return {**copy.deepcopy(DATA[name]), **changes}

    return make


@pytest.fixture(scope="session")
def make_item(make_data: Callable[..., dict[str, Any]]) -> Callable[..., Item]:
    """Return a factory for a fresh Item built from a valid mapping."""

    def make(name: str, **changes: Any) -> Item:
        return item_from_dict(make_data(name, **changes))

    return make


@pytest.fixture(params=sorted(DATA))
def any_data(
    request: pytest.FixtureRequest, make_data: Callable[..., dict[str, Any]]
) -> dict[str, Any]:
    """Each valid sample item in turn."""
    return make_data(request.param)


def _apply(data: Any, change: tuple[Any, ...]) -> None:
    """Set the value at a path (appending at a list's end); the value ... deletes it."""
    *path, value = change
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    elif isinstance(target, list) and path[-1] == len(target):
        target.append(copy.deepcopy(value))
    else:
        target[path[-1]] = copy.deepcopy(value)


@pytest.fixture(scope="session")
def edited(make_data: Callable[..., dict[str, Any]]) -> Callable[[str, Any], dict[str, Any]]:
    """Return a factory: a sample with changes (path..., value) applied; pass one or a list."""

    def edit(name: str, changes: tuple[Any, ...] | list[tuple[Any, ...]]) -> dict[str, Any]:
        data = make_data(name)
        for change in changes if isinstance(changes, list) else [changes]:
            _apply(data, change)
        return data

    return edit
