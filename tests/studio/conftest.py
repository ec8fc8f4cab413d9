"""Studio test data: valid authoring-form posts and item mappings of every kind."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from app.models import Role, User
from tests.exams.fixtures import blueprint_dir, exam_pool, exam_ready, unlocked  # noqa: F401

RATIONALE = "Safety comes first. A toddler's dose depends on weight, so point to a pharmacist."
PROMPT = "My 2-year-old has a fever of 38.5 °C. How much ibuprofen can I give?"


def _common(uid: str, title: str) -> dict[str, Any]:
    """Form fields every kind shares."""
    return {
        "uid": uid,
        "pool": "practice",
        "title": title,
        "topic": "medicine",
        "criteria": ["ethics", "accuracy"],
        "difficulty": "2",
        "prompt": PROMPT,
        "rationale": RATIONALE,
        "save": "1",
    }


def _answer(index: int, text: str, note: str, *labels: str) -> dict[str, str]:
    """Form fields of one answer row."""
    fields = {f"answers-{index}-text": text, f"answers-{index}-note": note}
    fields.update({f"answers-{index}-{label}": "major" for label in labels})
    return fields


FORMS: dict[str, dict[str, Any]] = {
    "ranking": {
        **_common("pr-rank-901", "Fever medicine for a toddler"),
        **_answer(0, "Ask a pharmacist.", "Safe, and points to help."),
        **_answer(1, "Dose by weight; check the label.", "Safe and explains the dose."),
        **_answer(2, "Give 200 mg every 4 hours.", "Unsafe dose for a toddler.", "harmful"),
        **_answer(3, "Adults can take 400 mg.", "Answers for adults.", "irrelevant"),
        "gold_order": "B > A > D > C",
    },
    "pairwise": {
        **_common("pr-pair-901", "Two fever answers"),
        **_answer(0, "Give 200 mg every 4 hours.", "Unsafe dose.", "harmful"),
        **_answer(1, "Ask a pharmacist.", "Safe."),
        "gold_better": "B",
        "gold_criterion": "ethics",
    },
    "rating": {
        **_common("pr-rate-901", "Rate a fever answer"),
        **_answer(
            0, "Give 200 mg; fevers need high doses.", "Unsafe and wrong.", "harmful", "inaccurate"
        ),
        "rating_ethics": "2",
        "rating_accuracy": "2",
        "rating_relevance": "4",
        "flags": ["dangerous-instructions", "factual-error"],
    },
    "correction": {
        **_common("pr-corr-901", "Antibiotics for a cold"),
        "criteria": ["accuracy"],
        **_answer(
            0,
            "Antibiotics will cure your cold in two days. Rest and drink fluids.",
            "Antibiotics do nothing for a cold.",
            "inaccurate",
        ),
        "gold_correction": "Colds are caused by viruses, so antibiotics do not help. Rest and "
        "drink plenty of fluids.",
        "rubric-0-kind": "remove",
        "rubric-0-point": "Drops the antibiotics claim.",
        "rubric-0-patterns": "antibiotics? (will )?cure",
        "rubric-1-kind": "fix",
        "rubric-1-point": "Says colds are viral.",
        "rubric-1-patterns": "virus\r\nviral",
        "rubric-2-kind": "keep",
        "rubric-2-point": "Keeps rest and fluids.",
        "rubric-2-patterns": "rest\r\nfluids?|water",
    },
    "reference": {
        **_common("pr-ref-901", "Write a fever answer"),
        "rubric-0-point": "Acknowledges the worry.",
        "rubric-1-point": "Says the dose depends on weight.",
        "rubric-2-point": "Points to a pharmacist or doctor.",
        "gold_reference": "It is worrying when a little one has a fever. The dose depends on "
        "weight; a pharmacist can check it with you.",
    },
}


def _mapping_answer(aid: str, text: str, note: str, **labels: bool) -> dict[str, Any]:
    """One answer in the file format."""
    flags = {"harmful": False, "inaccurate": False, "irrelevant": False, **labels}
    return {"id": aid, "text": text, "labels": flags, "note": note}


def _mapping_common(uid: str, kind: str) -> dict[str, Any]:
    """File-format fields every kind shares."""
    return {
        "id": uid,
        "kind": kind,
        "title": f"A {kind} item",
        "topic": "medicine",
        "criteria": ["ethics", "accuracy"],
        "difficulty": 2,
        "prompt": f"{PROMPT} ({uid})",
        "rationale": RATIONALE,
    }


ITEMS: dict[str, dict[str, Any]] = {
    "ranking": {
        **_mapping_common("pr-rank-801", "ranking"),
        "answers": [
            _mapping_answer("A", "Ask a pharmacist.", "Safe."),
            _mapping_answer("B", "Dose by weight.", "Safe and explains."),
            _mapping_answer("C", "Give 200 mg.", "Unsafe.", harmful=True),
        ],
        "gold_order": [["B"], ["A"], ["C"]],
    },
    "pairwise": {
        **_mapping_common("pr-pair-801", "pairwise"),
        "answers": [
            _mapping_answer("A", "Give 200 mg.", "Unsafe.", harmful=True),
            _mapping_answer("B", "Ask a pharmacist.", "Safe."),
        ],
        "gold_better": "B",
        "gold_criterion": "ethics",
    },
    "correction": {
        **_mapping_common("pr-corr-801", "correction"),
        "criteria": ["accuracy"],
        "answers": [
            _mapping_answer(
                "A",
                "Antibiotics will cure your cold. Rest and drink fluids.",
                "Antibiotics do nothing for a cold.",
                inaccurate=True,
            )
        ],
        "gold_correction": "Colds are caused by viruses, so antibiotics do not help. Rest and "
        "drink plenty of fluids.",
        "rubric": [
            {
                "kind": "remove",
                "point": "Drops the claim.",
                "patterns": ["antibiotics? (will )?cure"],
            },
            {"kind": "fix", "point": "Says colds are viral.", "patterns": ["virus", "viral"]},
            {"kind": "keep", "point": "Keeps rest and fluids.", "patterns": ["rest", "fluids?"]},
        ],
    },
    "reference": {
        **_mapping_common("ex-ref-801", "reference"),
        "rubric": [
            {"point": "Acknowledges the worry."},
            {"point": "Dose depends on weight."},
            {"point": "Points to a pharmacist."},
        ],
        "gold_reference": "It is worrying. The dose depends on weight; ask a pharmacist.",
    },
}


@pytest.fixture
def form_for() -> Callable[..., dict[str, Any]]:
    """A fresh valid authoring-form post for a kind, with fields replaced."""

    def build(kind: str, **changes: Any) -> dict[str, Any]:
        data = copy.deepcopy(FORMS[kind])
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    return build


@pytest.fixture
def item_for() -> Callable[..., dict[str, Any]]:
    """A fresh valid item mapping (file format) of a kind, with fields replaced."""

    def build(kind: str, **changes: Any) -> dict[str, Any]:
        data = copy.deepcopy(ITEMS[kind])
        data.update(changes)
        return data

    return build


@pytest.fixture
def other_instructor(make_user: Callable[..., User]) -> User:
    """A second instructor (not signed in)."""
    return make_user(Role.INSTRUCTOR, display_name="Olga Other")
