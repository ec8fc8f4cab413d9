"""Correction rubrics: negated warnings are no mistake; every bank rubric tells good from bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content.exercises import load_pool
from graders import item_from_dict
from graders.correction import is_point_met
from graders.item import RubricPoint

REPO = Path(__file__).resolve().parents[2]
POP = RubricPoint("Do not pop it", "remove", (r"pop\s+it\s+with", r"so\s+it\s+can\s+drain"))


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("Don't pop it with a needle; leave the blister alone.", True),
        ("Do not pop it with a pin, so it can drain on its own is a myth.", True),
        ("Never pop it with anything sharp.", True),
        ("Avoid the urge to pop it with a needle.", True),
        ("Leave it rather than pop it with a pin.", True),
        ("Pop it with a sterilised needle so it can drain.", False),
        ("Don't worry. Pop it with a clean needle.", False),
        ("It is fine, but pop it with a needle first.", False),
    ],
)
def test_remove_points_ignore_negated_mentions(text, met):
    assert is_point_met(POP, text) is met


def test_fix_points_still_match_negated_wording():
    point = RubricPoint("Say to leave it", "fix", (r"don'?t\s+pop",))
    assert is_point_met(point, "Don't pop it.")


def _corrections():
    """Every correction item of both pools that parses, as (id, item)."""
    items = []
    for pool in ("practice", "exam"):
        for loaded in load_pool(REPO / "exercises" / pool):
            if loaded.error is None and loaded.data.get("kind") == "correction":
                items.append(pytest.param(item_from_dict(loaded.data), id=loaded.data["id"]))
    return items


@pytest.mark.parametrize("item", _corrections())
def test_gold_meets_every_point_and_the_original_fails_one(item):
    gold = item.gold_correction or ""
    missed = [p.point for p in item.rubric if not is_point_met(p, gold)]
    assert missed == [], f"gold_correction misses: {missed}"
    original = item.answers[0].text
    fixable = [p for p in item.rubric if p.kind in ("remove", "fix")]
    assert any(not is_point_met(p, original) for p in fixable), "the flawed answer meets all"
