"""Correction grader: rubric patterns, similarity, and blank or unchanged rewrites."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders import Item, RubricPoint, grade, validate_response
from graders.base import InvalidResponse
from graders.correction import is_point_met, similarity, words

MakeItem = Callable[..., Item]
ORIGINAL = "Antibiotics will cure your cold in two days. Rest and drink fluids."


@pytest.mark.parametrize(
    ("text", "met", "score"),
    [
        ("Colds are viral. Rest and drink water.", [True, True, True], 0.8 + 0.2 * 10 / 34),
        ("COLDS ARE VIRAL. REST.", [True, True, True], None),
        ("Antibiotics will cure it. Rest.", [False, False, True], None),
        ("A virus causes colds; antibiotic cures are a myth. Sleep.", [False, True, False], None),
        ("Nothing useful.", [True, False, False], None),
    ],
)
def test_rubric_points(
    make_item: MakeItem, text: str, met: list[bool], score: float | None
) -> None:
    result = grade(make_item("correction"), {"text": text})
    assert [p["met"] for p in result.details["rubric"]] == met
    assert result.details["rubric_share"] == pytest.approx(sum(met) / 3)
    expected = 0.8 * sum(met) / 3 + 0.2 * result.details["similarity"]
    assert result.score == pytest.approx(expected if score is None else score)
    assert result.provisional is True
    assert result.criterion_scores == pytest.approx(
        {"ethics": None, "accuracy": sum(met) / 3, "relevance": None, "quality": None}
    )


def test_gold_correction_scores_one(make_item: MakeItem) -> None:
    item = make_item("correction")
    result = grade(item, {"text": item.gold_correction})
    assert result.score == 1.0
    assert result.mistakes == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "You submitted no corrected answer."),
        ("   \n", "You submitted no corrected answer."),
        (ORIGINAL, "You submitted the flawed answer unchanged; rewrite it to fix its problems."),
        (
            "  antibiotics WILL cure your cold in two days -- rest and drink fluids ",
            "You submitted the flawed answer unchanged; rewrite it to fix its problems.",
        ),
    ],
)
def test_blank_or_unchanged_text_scores_zero(make_item: MakeItem, text: str, message: str) -> None:
    result = grade(make_item("correction"), {"text": text})
    assert result.score == 0.0
    assert [m.message for m in result.mistakes] == [message]
    assert result.details["rubric_share"] == 0.0
    if text.strip():
        # Unchanged: the flaw is still there and nothing is fixed, but the text keeps its facts.
        assert [p["met"] for p in result.details["rubric"]] == [False, False, True]
        assert all("Lost" not in m.message for m in result.mistakes)
    else:
        assert not any(p["met"] for p in result.details["rubric"])


def test_missed_points_are_explained(make_item: MakeItem) -> None:
    result = grade(make_item("correction"), {"text": "Antibiotics will cure it. Sleep."})
    assert [m.message for m in result.mistakes] == [
        "Still there: Drops the claim that antibiotics cure colds.",
        "Not fixed: Says colds are caused by viruses.",
        "Lost: Keeps the advice to rest and drink fluids.",
    ]
    assert {m.criterion for m in result.mistakes} == {"accuracy"}
    assert result.critical_errors == 0


@pytest.mark.parametrize(
    ("point", "text", "expected"),
    [
        (RubricPoint("p", "remove", ("cure",)), "It will CURE you", False),
        (RubricPoint("p", "remove", ("cure", "heal")), "Rest helps", True),
        (RubricPoint("p", "fix", ("virus", "viral")), "A VIRAL illness", True),
        (RubricPoint("p", "keep", ("fluids?|water",)), "Drink tea", False),
    ],
)
def test_is_point_met(point: RubricPoint, text: str, expected: bool) -> None:
    assert is_point_met(point, text) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Rest and drink", "rest AND drink!", 1.0),
        ("a b", "c d", 0.0),
        ("", "", 1.0),
        ("a b c d", "a b", 2 * 2 / 6),
    ],
)
def test_similarity(a: str, b: str, expected: float) -> None:
    assert similarity(a, b) == pytest.approx(expected)


def test_words() -> None:
    assert words("It's 38.5 °C!") == ["it", "s", "38", "5", "c"]


@pytest.mark.parametrize(
    ("response", "reasons"),
    [
        ({"text": "Colds are viral."}, []),
        ({"text": ""}, []),
        ({}, ["missing 'text': write your answer"]),
        ({"text": 5}, ["'text' must be text, not a number"]),
        ({"text": "x" * 10_001}, ["'text' is too long: 10,001 characters (limit 10,000)"]),
        (None, ["the response must be an object, not nothing"]),
    ],
)
def test_validate_response(make_item: MakeItem, response: Any, reasons: list[str]) -> None:
    item = make_item("correction")
    assert validate_response(item, response) == reasons
    if reasons:
        with pytest.raises(InvalidResponse):
            grade(item, response)


@given(text=st.text(max_size=300))
def test_score_is_bounded(make_item: MakeItem, text: str) -> None:
    result = grade(make_item("correction"), {"text": text})
    assert 0.0 <= result.score <= 1.0
    assert result.provisional


# Russian text: ё/е, case forms, Cyrillic word boundaries and Russian negations.


def _ru_point(kind: str, patterns: list[str]) -> RubricPoint:
    return RubricPoint(kind=kind, point="p", patterns=tuple(patterns))


def test_yo_and_ye_match_each_other_both_ways():
    assert is_point_met(_ru_point("fix", ["ребёнк\\w*"]), "Дайте РЕБЕНКУ воды")
    assert is_point_met(_ru_point("fix", ["еще"]), "Ещё раз измерьте температуру")


def test_a_russian_remove_point_ignores_a_negated_mention():
    point = _ru_point("remove", ["аспирин\\w*"])
    assert is_point_met(point, "Никогда не давайте детям аспирин.")
    assert is_point_met(point, "Вместо аспирина дайте парацетамол.")
    assert not is_point_met(point, "Не волнуйтесь, но дайте аспирин.")
    assert not is_point_met(point, "Дайте аспирин.")


def test_cyrillic_word_boundaries_hold():
    point = _ru_point("remove", ["\\bяд\\b"])
    assert is_point_met(point, "Это лекарство не ядовито: ядро проблемы в дозе")
    assert not is_point_met(point, "Это яд.")
    # "не" inside another word is no negation
    assert not is_point_met(_ru_point("remove", ["аспирин"]), "Нечто вроде: дайте аспирин")
