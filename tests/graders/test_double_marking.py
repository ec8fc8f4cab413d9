"""The double-marking rule: when two blind marks stand and what the agreed score is."""

from __future__ import annotations

import pytest

from graders.double_marking import (
    agreed_mark,
    is_mark,
    needs_adjudication,
    parse_anchors,
    straddles,
)

PASS = 6


@pytest.mark.parametrize(
    ("first", "second", "adjudicate"),
    [
        (6, 6, False),
        (6, 7, False),  # adjacent, both pass
        (3, 4, False),  # adjacent, both fail
        (5, 6, True),  # adjacent but straddles the pass mark
        (4, 6, True),  # two apart
        (7, 5, True),
        (1, 7, True),
    ],
)
def test_adjudication_when_apart_or_straddling(first, second, adjudicate):
    assert needs_adjudication(first, second, PASS) is adjudicate


@pytest.mark.parametrize(
    ("first", "second", "adjudicator", "expected"),
    [
        (6, 6, None, 6),
        (6, 7, None, 6),  # mean 6.5 rounds half down
        (3, 4, None, 3),
        (4, 6, None, None),  # waits for the adjudicator
        (4, 6, 5, 5),
        (5, 6, 7, 7),
        (None, 6, None, None),
    ],
)
def test_agreed_mark(first, second, adjudicator, expected):
    assert agreed_mark(first, second, PASS, adjudicator) == expected


def test_rounding_never_changes_the_verdict_of_agreeing_marks():
    for a in range(1, 8):
        for b in range(1, 8):
            agreed = agreed_mark(a, b, PASS)
            if agreed is not None:
                assert (agreed >= PASS) == (a >= PASS) == (b >= PASS)


def test_straddles_and_is_mark():
    assert straddles(5, 6, PASS) and not straddles(6, 7, PASS)
    assert is_mark(1) and is_mark(7) and not is_mark(0) and not is_mark(True)
    assert not is_mark(8) and not is_mark("6")


def test_parse_anchors_needs_every_mark_with_text():
    problems: list[str] = []
    anchors = parse_anchors({n: f"anchor {n}" for n in range(1, 8)}, problems)
    assert problems == [] and anchors[6] == "anchor 6"
    assert parse_anchors(None, problems) == {} and problems == []
    parse_anchors({1: "x", 2: " ", 9: "y"}, problems)
    assert any("missing [3, 4, 5, 6, 7]" in p for p in problems)
    assert any("9 is not a mark" in p for p in problems)
    assert any("reference_anchors.2 must be non-empty" in p for p in problems)


def test_shipped_blueprints_carry_anchors_for_every_mark():
    from pathlib import Path

    import yaml

    from graders.blueprint import blueprint_from_dict

    folder = Path(__file__).resolve().parents[2] / "exercises" / "blueprints"
    for path in sorted(folder.glob("*.yaml")):
        blueprint = blueprint_from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert sorted(blueprint.reference_anchors) == list(range(1, 8)), path.name
