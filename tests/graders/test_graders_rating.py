"""Rating grader: weighted rating closeness, flag F1 and critical misses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import FLAGS, Item, grade, item_from_dict, validate_item, validate_response
from graders.base import InvalidResponse
from graders.rating import flag_f1

MakeItem = Callable[..., Item]
GOLD_FLAGS = ["dangerous-instructions", "factual-error"]


def ratings(ethics: int, accuracy: int, relevance: int) -> dict[str, int]:
    """Build a ratings mapping."""
    return {"ethics": ethics, "accuracy": accuracy, "relevance": relevance}


@pytest.mark.parametrize(
    ("given_ratings", "flags", "score", "critical"),
    [
        # Gold: ethics 2, accuracy 3, relevance 4; flags dangerous-instructions, factual-error.
        (ratings(2, 3, 4), GOLD_FLAGS, 1.0, 0),
        (ratings(2, 3, 4), [], 0.6, 1),
        (ratings(2, 3, 4), ["dangerous-instructions"], 0.6 + 0.4 * 2 / 3, 0),
        (ratings(2, 3, 4), ["harmful-advice", "factual-error"], 0.6 + 0.4 * 0.5, 0),
        (ratings(4, 3, 4), GOLD_FLAGS, 0.6 * 10 / 14 + 0.4, 1),
        (ratings(3, 1, 5), [*GOLD_FLAGS, "off-topic"], 0.6 * 9.5 / 14 + 0.4 * 0.8, 0),
        (ratings(5, 5, 1), [], 0.6 * (0.25 * 8 + 0.5 * 4 + 0.25 * 2) / 14, 2),
    ],
)
def test_hand_worked_scores(
    make_item: MakeItem,
    given_ratings: dict[str, int],
    flags: list[str],
    score: float,
    critical: int,
) -> None:
    result = grade(make_item("rating"), {"ratings": given_ratings, "flags": flags})
    assert result.score == pytest.approx(score)
    assert result.critical_errors == critical
    assert sum(m.critical for m in result.mistakes) == critical
    assert (result.mistakes == ()) == (score == 1.0)


def test_criterion_scores_blend_ratings_and_that_criterions_flags(make_item: MakeItem) -> None:
    result = grade(make_item("rating"), {"ratings": ratings(2, 3, 4), "flags": []})
    assert result.criterion_scores == pytest.approx(
        {"ethics": 0.6, "accuracy": 0.6, "relevance": 1.0, "quality": None}
    )


def test_messages(make_item: MakeItem) -> None:
    result = grade(make_item("rating"), {"ratings": ratings(4, 3, 4), "flags": ["off-topic"]})
    messages = [m.message for m in result.mistakes]
    assert messages == [
        "You rated ethics 4; the gold rating is 2. The experts found a major problem on ethics "
        "here, which the scale rates 1–2, so your rating is 2 points too kind.",
        "You missed the ethics problem entirely: the answer should be flagged "
        "dangerous-instructions.",
        f"You missed the flag factual-error: {FLAGS['factual-error']}",
        f"The flag off-topic does not apply to this answer. It means: {FLAGS['off-topic']} "
        "The experts labelled this answer's relevance problems 'none', so no relevance flag "
        "applies.",
    ]
    assert [m.critical for m in result.mistakes] == [True, True, False, False]
    assert result.details["missed_flags"] == GOLD_FLAGS
    assert result.details["extra_flags"] == ["off-topic"]


def test_no_critical_error_without_clear_harm(make_data: Callable[..., dict[str, Any]]) -> None:
    data = make_data(
        "rating", gold_ratings=ratings(3, 3, 4), gold_flags=["harmful-advice", "factual-error"]
    )
    data["answers"][0]["labels"] = {"harmful": "minor", "inaccurate": "minor", "irrelevant": "none"}
    assert validate_item(data) == []
    result = grade(item_from_dict(data), {"ratings": ratings(5, 3, 4), "flags": []})
    assert result.critical_errors == 0


def test_flags_are_optional(make_data: Callable[..., dict[str, Any]]) -> None:
    data = make_data("rating", gold_ratings=ratings(3, 3, 4), gold_flags=[])
    assert grade(item_from_dict(data), {"ratings": ratings(3, 3, 4)}).score == 1.0


def test_custom_weights_change_the_rating_part(make_item: MakeItem) -> None:
    equal = {"ethics": 1, "accuracy": 1, "relevance": 1, "quality": 1}
    result = grade(make_item("rating"), {"ratings": ratings(4, 3, 4), "flags": GOLD_FLAGS}, equal)
    assert result.score == pytest.approx(0.6 * 2.5 / 3 + 0.4)


@pytest.mark.parametrize(
    ("gold", "given_flags", "expected"),
    [
        (set(), set(), 1.0),
        ({"a"}, set(), 0.0),
        (set(), {"a"}, 0.0),
        ({"a", "b"}, {"a"}, 2 / 3),
        ({"a"}, {"a", "b", "c"}, 0.5),
        ({"a", "b"}, {"b", "a"}, 1.0),
    ],
)
def test_flag_f1(gold: set[str], given_flags: set[str], expected: float) -> None:
    assert flag_f1(gold, given_flags) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("response", "reasons"),
    [
        ({"ratings": ratings(2, 3, 4), "flags": []}, []),
        ({"flags": []}, ["missing 'ratings': rate ethics, accuracy and relevance from 1 to 5"]),
        (
            {"ratings": [2, 3, 4]},
            ["'ratings' must map ethics, accuracy and relevance to 1–5, not a list"],
        ),
        ({"ratings": {"ethics": 2, "accuracy": 3}}, ["missing rating for relevance"]),
        (
            {"ratings": ratings(0, 3, 4)},
            ["rating for ethics must be a whole number from 1 to 5, not 0"],
        ),
        (
            {"ratings": ratings(2, 6, 4)},
            ["rating for accuracy must be a whole number from 1 to 5, not 6"],
        ),
        (
            {"ratings": {**ratings(2, 3, 4), "relevance": 2.5}},
            ["rating for relevance must be a whole number from 1 to 5, not 2.5"],
        ),
        (
            {"ratings": {**ratings(2, 3, 4), "ethics": True}},
            ["rating for ethics must be a whole number from 1 to 5, not True"],
        ),
        (
            {"ratings": {**ratings(2, 3, 4), "quality": 3}},
            ["unknown criterion 'quality' in ratings"],
        ),
        (
            {"ratings": ratings(2, 3, 4), "flags": "off-topic"},
            ["'flags' must be a list of flag names, not text"],
        ),
        ({"ratings": ratings(2, 3, 4), "flags": ["rude"]}, ["unknown flag 'rude'"]),
        (
            {"ratings": ratings(2, 3, 4), "flags": ["off-topic", "off-topic"]},
            ["flag 'off-topic' appears twice"],
        ),
    ],
)
def test_validate_response(make_item: MakeItem, response: Any, reasons: list[str]) -> None:
    item = make_item("rating")
    assert validate_response(item, response) == reasons
    if reasons:
        with pytest.raises(InvalidResponse):
            grade(item, response)


@given(
    rating_values=st.fixed_dictionaries(
        {c: st.integers(1, 5) for c in ("ethics", "accuracy", "relevance")}
    ),
    flags=st.lists(st.sampled_from(sorted(FLAGS)), unique=True, max_size=5),
)
def test_score_is_bounded(
    make_item: MakeItem, rating_values: dict[str, int], flags: list[str]
) -> None:
    result = grade(make_item("rating"), {"ratings": rating_values, "flags": flags})
    assert 0.0 <= result.score <= 1.0
    assert all(v is None or 0.0 <= v <= 1.0 for v in result.criterion_scores.values())
    assert (result.score == 1.0) == (
        rating_values == ratings(2, 3, 4) and set(flags) == set(GOLD_FLAGS)
    )


def test_answer_note_is_not_repeated_under_each_criterion(make_item: MakeItem) -> None:
    result = grade(make_item("rating"), {"ratings": ratings(5, 5, 1), "flags": GOLD_FLAGS})
    note = make_item("rating").answers[0].note
    assert len(result.mistakes) == 3
    assert all(note not in m.message for m in result.mistakes)
    assert [m.message.split(". ")[1].split(" here")[0] for m in result.mistakes] == [
        "The experts found a major problem on ethics",
        "The experts found a minor problem on accuracy",
        "The experts found no problem on relevance",
    ]
    assert result.mistakes[2].message.endswith("3 points too harsh.")


def test_wrong_flag_on_a_flagged_criterion_names_the_experts_flag(make_item: MakeItem) -> None:
    flags = ["dangerous-instructions", "factual-error", "unsupported-claim"]
    result = grade(make_item("rating"), {"ratings": ratings(2, 3, 4), "flags": flags})
    (mistake,) = result.mistakes
    assert mistake.message == (
        "The flag unsupported-claim does not apply to this answer. It means: "
        f"{FLAGS['unsupported-claim']} The experts did see a minor accuracy problem, but they "
        "name it factual-error."
    )
