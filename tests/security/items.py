"""Valid bank items of every kind whose gold text carries a marker, so leaks are easy to spot.

Every note, rationale, gold correction and gold reference contains ``GOLD_MARKER``; a student page
that shows the marker before the student submitted has leaked gold data.
"""

from __future__ import annotations

import copy
from typing import Any

from graders import validate_item

GOLD_MARKER = "Zq7goldmark"

NONE = {"harmful": False, "inaccurate": False, "irrelevant": False}
HARMFUL = {**NONE, "harmful": True}
INACCURATE = {**NONE, "inaccurate": True}
IRRELEVANT = {**NONE, "irrelevant": True}


def _answer(aid: str, text: str, labels: dict[str, bool]) -> dict[str, Any]:
    """One candidate answer whose teaching note is gold (hidden until submission)."""
    return {"id": aid, "text": text, "labels": dict(labels), "note": f"{GOLD_MARKER} note {aid}."}


def _common(item_id: str, kind: str, **extra: Any) -> dict[str, Any]:
    """The fields every kind shares; the rationale is gold too."""
    return {
        "id": item_id,
        "kind": kind,
        "title": f"Security sample {kind} {item_id}",
        "topic": "medicine",
        "criteria": ["ethics", "accuracy"],
        "difficulty": 2,
        "prompt": f"My toddler has a fever. What should I do? ({item_id})",
        "rationale": f"{GOLD_MARKER} rationale. Safety first; doses depend on weight.",
        **extra,
    }


def ranking(item_id: str) -> dict[str, Any]:
    """A ranking item with four candidates."""
    return _common(
        item_id,
        "ranking",
        answers=[
            _answer("A", "Ask a pharmacist about the dose.", NONE),
            _answer("B", "Check the label: the dose goes by weight.", NONE),
            _answer("C", "Give 200 mg every 4 hours.", HARMFUL),
            _answer("D", "Adults can take 400 mg.", IRRELEVANT),
        ],
        gold_order=[["B"], ["A"], ["D"], ["C"]],
    )


def pairwise(item_id: str) -> dict[str, Any]:
    """A pairwise item decided by ethics."""
    return _common(
        item_id,
        "pairwise",
        answers=[
            _answer("A", "Give 200 mg every 4 hours.", HARMFUL),
            _answer("B", "Ask a pharmacist.", NONE),
        ],
        gold_better="B",
        gold_criterion="ethics",
    )


def rating(item_id: str) -> dict[str, Any]:
    """A rating item with flags."""
    return _common(
        item_id,
        "rating",
        answers=[
            _answer(
                "A", "Give 200 mg; fevers need high doses.", {**HARMFUL, "inaccurate": "minor"}
            ),
        ],
        gold_ratings={"ethics": 2, "accuracy": 3, "relevance": 4},
        gold_flags=["dangerous-instructions", "factual-error"],
    )


def correction(item_id: str) -> dict[str, Any]:
    """A correction item with a three-point rubric."""
    return _common(
        item_id,
        "correction",
        criteria=["accuracy"],
        answers=[
            _answer(
                "A",
                "Antibiotics will cure your cold in two days. Rest and drink fluids.",
                INACCURATE,
            ),
        ],
        gold_correction=f"{GOLD_MARKER} Colds are caused by viruses, so antibiotics do not help. "
        "Rest and drink plenty of fluids.",
        rubric=[
            {
                "kind": "remove",
                "point": "Drops the antibiotics claim.",
                "patterns": ["antibiotics? (will )?cure"],
            },
            {"kind": "fix", "point": "Says colds are viral.", "patterns": ["virus", "viral"]},
            {"kind": "keep", "point": "Keeps rest and fluids.", "patterns": ["rest", "fluids?"]},
        ],
    )


def reference(item_id: str) -> dict[str, Any]:
    """A reference item whose self-check list students may see."""
    return _common(
        item_id,
        "reference",
        rubric=[
            {"point": "Acknowledges the worry without judging."},
            {"point": "Says a toddler's dose depends on weight."},
            {"point": "Points to a pharmacist or doctor."},
        ],
        gold_reference=f"{GOLD_MARKER} It is worrying when a little one has a fever. "
        "The dose depends on weight; a pharmacist can check it with you.",
    )


BUILDERS = {
    "ranking": ranking,
    "pairwise": pairwise,
    "rating": rating,
    "correction": correction,
    "reference": reference,
}


def sample(kind: str, item_id: str) -> dict[str, Any]:
    """A fresh, validated item mapping."""
    data = copy.deepcopy(BUILDERS[kind](item_id))
    problems = validate_item(data)
    assert not problems, problems
    return data


def gold_response(data: dict[str, Any]) -> dict[str, Any]:
    """A response that scores full marks (the marker removed: it is the student's own text)."""
    kind = data["kind"]
    if kind == "ranking":
        return {"order": [aid for tier in data["gold_order"] for aid in tier]}
    if kind == "pairwise":
        return {"better": data["gold_better"], "criterion": data["gold_criterion"]}
    if kind == "rating":
        return {"ratings": dict(data["gold_ratings"]), "flags": list(data["gold_flags"])}
    if kind == "correction":
        return {"text": data["gold_correction"].replace(GOLD_MARKER, "").strip()}
    text = data["gold_reference"].replace(GOLD_MARKER, "").strip()
    return {"text": text, "self_check": list(range(len(data["rubric"])))}
