"""Small valid exam items, their gold and wrong answers, and test blueprints (no app needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

NONE = {"harmful": False, "inaccurate": False, "irrelevant": False}
HARMFUL = {**NONE, "harmful": True}
IRRELEVANT = {**NONE, "irrelevant": True}
TOPICS = ("medicine", "politics", "religion", "coding", "finance")
# Text that only the gold side of an item holds: it must never reach an exam page.
GOLD_MARK = "GOLDSECRET"


def _answer(aid: str, text: str, labels: dict[str, bool], note: str) -> dict[str, Any]:
    """One candidate answer."""
    return {"id": aid, "text": text, "labels": dict(labels), "note": f"{note} {GOLD_MARK}-note"}


def _common(uid: str, kind: str, topic: str) -> dict[str, Any]:
    """Fields every kind shares; prompts are unique per item."""
    return {
        "id": uid,
        "kind": kind,
        "title": f"Exam {kind} {uid}",
        "topic": topic,
        "criteria": ["ethics", "accuracy"],
        "difficulty": 2,
        "prompt": f"Question {uid}: my toddler has a fever of 38.5 °C. How much ibuprofen?",
        "rationale": f"Safety first: a toddler's dose depends on weight. {GOLD_MARK}-rationale",
    }


def ranking_item(uid: str, topic: str = "medicine") -> dict[str, Any]:
    """A four-answer ranking item."""
    return {
        **_common(uid, "ranking", topic),
        "answers": [
            _answer("A", "Ask a pharmacist.", NONE, "Safe, points to help."),
            _answer("B", "Dose by weight; check the label.", NONE, "Safe and explains."),
            _answer("C", "Give 200 mg every 4 hours.", HARMFUL, "Unsafe dosing."),
            _answer("D", "Adults can take 400 mg.", IRRELEVANT, "About adults."),
        ],
        "gold_order": [["B"], ["A"], ["D"], ["C"]],
    }


def pairwise_item(uid: str, topic: str = "medicine") -> dict[str, Any]:
    """A pair decided by ethics."""
    return {
        **_common(uid, "pairwise", topic),
        "answers": [
            _answer("A", "Give 200 mg every 4 hours.", HARMFUL, "Unsafe dose."),
            _answer("B", "Ask a pharmacist.", NONE, "Safe."),
        ],
        "gold_better": "B",
        "gold_criterion": "ethics",
    }


def rating_item(uid: str, topic: str = "medicine") -> dict[str, Any]:
    """A harmful, inaccurate answer to rate."""
    return {
        **_common(uid, "rating", topic),
        "answers": [
            _answer(
                "A",
                "Give 200 mg; fevers need high doses.",
                {"harmful": True, "inaccurate": "minor", "irrelevant": False},
                "Unsafe and wrong.",
            ),
        ],
        "gold_ratings": {"ethics": 2, "accuracy": 3, "relevance": 4},
        "gold_flags": ["dangerous-instructions", "factual-error"],
    }


def reference_item(uid: str, topic: str = "medicine") -> dict[str, Any]:
    """A reference task with a rubric."""
    return {
        **_common(uid, "reference", topic),
        "rubric": [
            {"point": "Acknowledges the worry without judging."},
            {"point": "Says a toddler's dose depends on weight."},
            {"point": "Points to a pharmacist or doctor."},
        ],
        "gold_reference": f"It is worrying when a little one has a fever. {GOLD_MARK}-reference",
    }


def correction_item(uid: str, topic: str = "medicine") -> dict[str, Any]:
    """A flawed answer to correct, with three rubric points (one of them ethics-decided)."""
    return {
        **_common(uid, "correction", topic),
        "answers": [
            _answer(
                "A",
                "Give 200 mg every 4 hours. Keep giving fluids.",
                {"harmful": "major", "inaccurate": "major", "irrelevant": "none"},
                "An adult dose for a toddler.",
            ),
        ],
        "gold_correction": f"Do not guess: a toddler's dose depends on weight. Keep giving fluids. "
        f"Ask a pharmacist. {GOLD_MARK}",
        "rubric": [
            {"kind": "remove", "point": "Drops the adult dose.", "patterns": ["200\\s*mg"]},
            {"kind": "fix", "point": "Says the dose depends on weight.", "patterns": ["weight"],
             "criterion": "ethics"},
            {"kind": "keep", "point": "Keeps the fluids advice.", "patterns": ["fluids?"]},
        ],
    }


BUILDERS = {
    "correction": correction_item,
    "ranking": ranking_item,
    "pairwise": pairwise_item,
    "rating": rating_item,
    "reference": reference_item,
}
PREFIX = {
    "ranking": "rank",
    "pairwise": "pair",
    "rating": "rate",
    "reference": "ref",
    "correction": "corr",
}

GOLD_ANSWERS: dict[str, dict[str, Any]] = {
    "ranking": {"order": ["B", "A", "D", "C"]},
    "pairwise": {"better": "B", "criterion": "ethics"},
    "rating": {
        "ratings": {"ethics": 2, "accuracy": 3, "relevance": 4},
        "flags": ["dangerous-instructions", "factual-error"],
    },
    "reference": {
        "text": "It is worrying. The dose depends on weight; ask a pharmacist.",
        "self_check": [0, 1, 2],
    },
    "correction": {"text": "A toddler's dose depends on weight. Keep giving fluids."},
}
# Wrong in the worst way: harm ranked first, harm rated safe.
CRITICAL_ANSWERS: dict[str, dict[str, Any]] = {
    "ranking": {"order": ["C", "D", "A", "B"]},
    "pairwise": {"better": "A", "criterion": "quality"},
    "rating": {"ratings": {"ethics": 5, "accuracy": 5, "relevance": 5}, "flags": []},
    "reference": {"text": "Just give whatever is in the cupboard.", "self_check": []},
}


def pool_items(counts: dict[str, int]) -> list[dict[str, Any]]:
    """``counts[kind]`` items of each kind, topics cycling through TOPICS."""
    return [
        BUILDERS[kind](f"ex-{PREFIX[kind]}-{i:03d}", TOPICS[i % len(TOPICS)])
        for kind, n in counts.items()
        for i in range(n)
    ]


def blueprint_data(slug: str, *, review: bool = True, **extra: Any) -> dict[str, Any]:
    """A small exam: 2 ratings, 2 rankings + 1 pair, and (optionally) 1 reference."""
    sections = [
        {"name": "flagging", "draw": [{"kind": "rating", "count": 2}]},
        {
            "name": "ranking",
            "draw": [{"kind": "ranking", "count": 2}, {"kind": "pairwise", "count": 1}],
        },
    ]
    if review:
        sections.append({"name": "reference", "draw": [{"kind": "reference", "count": 1}]})
    return {
        "slug": slug,
        "title": f"Test {slug}",
        "level": "core",
        "course": "test-course",
        "time_limit_minutes": 30,
        "sections": sections,
        # A small form holds few judgements: the floors are judged over what it has.
        "pass_rule": {"min_judgements": {"ethics": 2, "accuracy": 2, "relevance": 2}},
        **extra,
    }


def write_blueprints(folder: Path, *blueprints: dict[str, Any]) -> Path:
    """Write blueprint files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for data in blueprints:
        (folder / f"{data['slug']}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return folder
