"""The studio's plain-language wording of validator problems."""

from __future__ import annotations

import pytest

from graders import validate_item
from graders.problems import Problem
from graders.validation_messages import plain_message, plain_problems


@pytest.mark.parametrize(
    ("problem", "plain"),
    [
        (
            Problem(("answers", 1, "note"), "'note' must not be empty"),
            "Answer B needs a teaching note: say why it sits where it does.",
        ),
        (
            Problem(("answers", 0, "text"), "missing required field 'text'"),
            "Answer A has no text: paste the chatbot's answer here.",
        ),
        (Problem(("title",), "'title' must not be empty"), "Give the item a short title."),
        (
            Problem(("gold_order",), "gold_order needs at least two tiers"),
            "Write the gold order, best to worst, for example B > A = D > C.",
        ),
        (
            Problem(("rubric", 2, "point"), "'point' must not be empty"),
            "Rubric point 3 needs its text: what a good answer does.",
        ),
        (
            Problem(("gold_ratings", "ethics"), "gold_ratings.ethics is 4, but answer A is bad"),
            "The gold ethics rating is 4, but answer A is bad.",
        ),
        (
            Problem(("gold_better",), "gold_better must be A or B"),
            "The better answer must be A or B.",
        ),
        (
            Problem(("gold_flags",), "answer A is harmful 'major', so gold_flags needs a flag"),
            "Answer A is harmful 'major', so the gold flags need a flag.",
        ),
    ],
)
def test_plain_message(problem: Problem, plain: str) -> None:
    assert plain_message(problem) == plain


def test_each_message_once_in_order() -> None:
    twice = Problem(("gold_order",), "answer C is ranked above B")
    other = Problem(("title",), "'title' must not be empty")
    assert [p.message for p in plain_problems([twice, other, twice])] == [
        "Answer C is ranked above B.",
        "Give the item a short title.",
    ]


def test_answer_key_is_checked_when_notes_are_blank(make_data) -> None:
    data = make_data("ranking")
    for answer in data["answers"]:
        answer["note"] = ""
    data["gold_order"] = list(reversed(data["gold_order"]))
    messages = [p.message for p in validate_item(data)]
    assert sum("must not be empty" in m for m in messages) == len(data["answers"])
    assert any("is ranked above" in m for m in messages)
