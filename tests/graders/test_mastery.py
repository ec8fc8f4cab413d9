"""Mastery estimates and the choice of the next practice item (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from graders.mastery import (
    HALF_LIFE,
    MIN_ITEMS,
    SPACING,
    Candidate,
    decay_weight,
    decayed_mean,
    has_enough_evidence,
    level_for,
    mastery_by,
    pick_next,
    weakest,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("newest_first", "expected"),
    [
        ([], None),
        ([0.4], 0.4),
        ([1.0, 0.0], 1 / (1 + 0.5**0.1)),  # the older score weighs 0.5 ** (1 / HALF_LIFE)
        ([0.5, 0.5, 0.5], 0.5),
    ],
)
def test_decayed_mean_weights_recent_scores_most(newest_first, expected):
    result = decayed_mean(newest_first)
    assert result == pytest.approx(expected) if expected is not None else result is None


def test_decayed_mean_rises_with_recent_success_but_one_item_cannot_erase_a_record():
    improving = decayed_mean([1.0, 1.0, 0.0, 0.0])
    declining = decayed_mean([0.0, 0.0, 1.0, 1.0])
    assert improving > 0.5 > declining
    # One new success after ten failures moves mastery a little, not to the top.
    assert decayed_mean([1.0] + [0.0] * 10) < 0.2


def test_weight_halves_every_half_life():
    assert decay_weight(0) == 1.0
    assert decay_weight(int(HALF_LIFE)) == pytest.approx(0.5)


@pytest.mark.parametrize("half_life", [0.0, -1.0])
def test_decayed_mean_refuses_bad_half_life(half_life):
    with pytest.raises(ValueError, match="half_life"):
        decayed_mean([1.0], half_life)


@pytest.mark.parametrize(
    ("items", "enough"), [(0, False), (MIN_ITEMS - 1, False), (MIN_ITEMS, True)]
)
def test_minimum_evidence(items, enough):
    assert has_enough_evidence(items) is enough


def test_mastery_by_keeps_keys_without_scores_as_none():
    assert mastery_by({"ethics": [1.0], "accuracy": []}) == {"ethics": 1.0, "accuracy": None}


@pytest.mark.parametrize(("mastery", "level"), [(0.0, 1), (0.49, 1), (0.5, 2), (0.79, 2), (0.8, 3)])
def test_level_for(mastery, level):
    assert level_for(mastery) == level


def item(uid, criteria=("ethics",), difficulty=2, attempts=0, last=None, ago=None):
    """A candidate with an optional last attempt ``ago`` before NOW."""
    when = NOW - ago if ago is not None else None
    return Candidate(uid, tuple(criteria), difficulty, attempts, last, when)


def test_weakest_uses_lowest_criterion_and_unseen_counts_as_zero():
    mastery = {"ethics": 0.9, "accuracy": 0.4}
    assert weakest(item("a", ("ethics", "accuracy")), mastery) == 0.4
    assert weakest(item("b", ("relevance",)), mastery) == 0.0


def test_pick_next_targets_the_weakest_criterion():
    mastery = {"ethics": 0.9, "accuracy": 0.3, "relevance": 0.6}
    pool = [item("eth", ("ethics",)), item("acc", ("accuracy",)), item("rel", ("relevance",))]
    assert pick_next(pool, mastery, NOW) == "acc"


def test_pick_next_prefers_unattempted_over_due_missed_on_equal_weakness():
    mastery = {"ethics": 0.5}
    pool = [
        item("missed", attempts=1, last=0.2, ago=timedelta(days=3)),
        item("new"),
    ]
    assert pick_next(pool, mastery, NOW) == "new"


def test_missed_item_waits_for_the_spacing_delay():
    mastery = {"ethics": 0.2, "accuracy": 0.9}
    just_missed = item("missed", attempts=1, last=0.1, ago=SPACING / 2)
    other = item("acc", ("accuracy",))
    assert pick_next([just_missed, other], mastery, NOW) == "acc"
    due = item("missed", attempts=1, last=0.1, ago=SPACING)
    assert pick_next([due, other], mastery, NOW) == "missed"


def test_mastered_items_are_not_fresh():
    mastery = {"ethics": 0.1, "accuracy": 0.95}
    mastered = item("done", attempts=2, last=0.9, ago=timedelta(days=9))
    assert pick_next([mastered, item("acc", ("accuracy",))], mastery, NOW) == "acc"


def test_difficulty_matches_mastery_level():
    pool = [item("hard", difficulty=3), item("easy", difficulty=1), item("mid", difficulty=2)]
    assert pick_next(pool, {"ethics": 0.1}, NOW) == "easy"
    assert pick_next(pool, {"ethics": 0.6}, NOW) == "mid"
    assert pick_next(pool, {"ethics": 0.9}, NOW) == "hard"


def test_when_nothing_is_fresh_the_oldest_weakest_item_returns():
    mastery = {"ethics": 0.85, "accuracy": 0.95}
    pool = [
        item("recent", attempts=1, last=0.9, ago=timedelta(days=1)),
        item("old", attempts=1, last=0.9, ago=timedelta(days=20)),
        item("acc", ("accuracy",), attempts=1, last=1.0, ago=timedelta(days=40)),
    ]
    assert pick_next(pool, mastery, NOW) == "old"


def test_pick_next_of_nothing_is_none():
    assert pick_next([], {}, NOW) is None


def test_pick_next_is_deterministic_on_ties():
    pool = [item("b"), item("a"), item("c")]
    assert pick_next(pool, {}, NOW) == "a"
    assert pick_next(list(reversed(pool)), {}, NOW) == "a"
