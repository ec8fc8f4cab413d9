"""Validator problems in an instructor's words, for the studio's authoring form.

``school exercises check`` prints the validator's own messages, which name the file format's
fields (an author editing YAML needs those). In the browser the same problems are told in plain
language: what is missing and what to write, naming the form's fields as the form labels them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final

from graders.problems import Problem

_EMPTY: Final = re.compile(r"^(?:missing required field '\w+'|'\w+' must not be empty)$")

# What to write in each text field of the item, when it is blank.
_WRITE: Final = {
    "title": "Give the item a short title.",
    "prompt": "Write the prompt: the user's message that the answers reply to.",
    "rationale": (
        "Write the rationale: why the gold answer is right. Students read it after answering."
    ),
    "gold_correction": "Write the gold correction: the answer as an expert would rewrite it.",
    "gold_reference": "Write the gold reference answer: the answer an expert would give.",
    "gold_order": "Write the gold order, best to worst, for example B > A = D > C.",
    "criteria": "Tick the one to three criteria this item mainly exercises.",
}

# What the validator says when the form sends an empty gold order or no criteria.
_BLANK_SHAPES: Final = frozenset(
    {"gold_order needs at least two tiers", "criteria must be a list of 1–3 criteria"}
)

# The file format's field names as the form labels them, for every other message.
_NAMES: Final = (
    (r"gold_ratings\.(ethics|accuracy|relevance)", r"the gold \1 rating"),
    (r"gold_order", "the gold order"),
    (r"gold_better", "the better answer"),
    (r"gold_criterion", "the deciding criterion"),
    (r"gold_flags needs", "the gold flags need"),
    (r"gold_flags", "the gold flags"),
    (r"gold_correction", "the gold correction"),
    (r"gold_reference", "the gold reference answer"),
    (r"lesson_example", "the lesson example"),
    (r"must_catch", "must-catch"),
    (r"'(title|prompt|rationale|topic)'", r"the \1"),
)


def _letter(index: object) -> str:
    """Answer rows are A, B, C… in the form."""
    return chr(ord("A") + index) if isinstance(index, int) else "?"


def _answer_field(problem: Problem) -> str | None:
    """A blank answer text or teaching note, told as what the row needs."""
    path = problem.path
    if len(path) != 3 or path[0] != "answers" or not _EMPTY.match(problem.message):
        return None
    letter = _letter(path[1])
    if path[2] == "note":
        return f"Answer {letter} needs a teaching note: say why it sits where it does."
    if path[2] == "text":
        return f"Answer {letter} has no text: paste the chatbot's answer here."
    return None


def _rubric_field(problem: Problem) -> str | None:
    """A blank rubric point or pattern list, told as what the row needs."""
    path = problem.path
    if len(path) != 3 or path[0] != "rubric" or not isinstance(path[1], int):
        return None
    number = path[1] + 1
    if path[2] == "point" and _EMPTY.match(problem.message):
        return f"Rubric point {number} needs its text: what a good answer does."
    if path[2] == "patterns" and (
        _EMPTY.match(problem.message) or "non-empty list" in problem.message
    ):
        return (
            f"Rubric point {number} needs at least one pattern: a word or regular expression "
            "that finds the point in a student's text, one per line."
        )
    return None


def _blank_field(problem: Problem) -> str | None:
    """A blank top-level field, told as what to write in it."""
    if len(problem.path) != 1 or problem.path[0] not in _WRITE:
        return None
    message = problem.message
    blank = _EMPTY.match(message) or message in _BLANK_SHAPES
    return _WRITE[str(problem.path[0])] if blank else None


def _reworded(message: str) -> str:
    """Any other message: form names for file fields, a capital letter and a full stop."""
    for pattern, name in _NAMES:
        message = re.sub(pattern, name, message)
    message = re.sub(r"\bid (\S+) must use", r"The item id \1 may use", message)
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."


_RULES: Final[tuple[Callable[[Problem], str | None], ...]] = (
    _answer_field,
    _rubric_field,
    _blank_field,
)


def plain_message(problem: Problem) -> str:
    """One problem in an instructor's words."""
    for rule in _RULES:
        text = rule(problem)
        if text is not None:
            return text
    return _reworded(problem.message)


def plain_problems(problems: Iterable[Problem]) -> list[Problem]:
    """The problems reworded, each distinct one once, in the validator's order."""
    seen: set[tuple[object, str]] = set()
    result = []
    for problem in problems:
        plain = Problem(problem.path, plain_message(problem))
        key = (plain.path, plain.message)
        if key not in seen:
            seen.add(key)
            result.append(plain)
    return result
