"""Grading a lesson quiz: chosen option indexes in, per-question verdicts and a score out.

A question counts as right only when the chosen options are exactly the correct ones. A quiz is
passed with at least two thirds of its questions right (2 of 2, 2 of 3, 3 of 4): passing is what
completes a lesson. Students see each question's options in an order shuffled from a seed (their
user, the lesson and the attempt number), so a reload keeps the order and a retry changes it;
``to_authored`` maps the positions they chose back to the authored options before grading.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

PASS_SHARE: Final = Fraction(2, 3)


class InvalidQuizAnswer(ValueError):
    """The submission does not fit the quiz (unknown question or option, missing answer)."""


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """The verdict on one question."""

    index: int
    chosen: frozenset[int]
    correct_options: frozenset[int]

    @property
    def is_correct(self) -> bool:
        """Right only when exactly the correct options were chosen."""
        return self.chosen == self.correct_options


@dataclass(frozen=True, slots=True)
class QuizResult:
    """Every question's verdict and the share answered right."""

    questions: tuple[QuestionResult, ...]

    @property
    def right(self) -> int:
        """How many questions were answered right."""
        return sum(q.is_correct for q in self.questions)

    @property
    def score(self) -> float:
        """Share of questions answered right, 0.0–1.0."""
        return self.right / len(self.questions) if self.questions else 0.0

    @property
    def is_passed(self) -> bool:
        """At least two thirds of the questions right (an empty quiz is never passed)."""
        return bool(self.questions) and Fraction(self.right, len(self.questions)) >= PASS_SHARE


def is_passing_score(score: float | None) -> bool:
    """A stored quiz score (a share of questions right) reaches the pass mark."""
    return score is not None and score + 1e-9 >= float(PASS_SHARE)


def option_order(seed: str, count: int) -> list[int]:
    """A deterministic shuffle of ``range(count)``: authored indexes in the order shown."""
    digest = {i: hashlib.sha256(f"{seed}/{i}".encode()).digest() for i in range(count)}
    return sorted(range(count), key=lambda i: (digest[i], i))


def quiz_orders(questions: Sequence[Mapping[str, Any]], seed: str) -> list[list[int]]:
    """The shown order of every question's options for one student's attempt."""
    return [
        option_order(f"{seed}/q{index}", len(question["options"]))
        for index, question in enumerate(questions)
    ]


def to_authored(
    answers: Mapping[int, Collection[int]], orders: Sequence[Sequence[int]]
) -> dict[int, list[int]]:
    """Map shown option positions back to authored indexes (unknown positions are refused)."""
    mapped: dict[int, list[int]] = {}
    for question, shown in answers.items():
        if not 0 <= question < len(orders):
            raise InvalidQuizAnswer(f"there is no question {question!r}")
        order = orders[question]
        for position in shown:
            if not 0 <= position < len(order):
                raise InvalidQuizAnswer(f"question {question + 1} has no option {position!r}")
        mapped[question] = [order[position] for position in shown]
    return mapped


def correct_options(question: Mapping[str, Any]) -> frozenset[int]:
    """Indexes of the options marked correct."""
    return frozenset(i for i, option in enumerate(question["options"]) if option["correct"])


def check_answer(question: Mapping[str, Any], index: int, chosen: Collection[int]) -> None:
    """Reject answers that name no option, unknown options or several on a single-choice one."""
    count = len(question["options"])
    if not chosen:
        raise InvalidQuizAnswer(f"question {index + 1} has no answer")
    for option in chosen:
        if isinstance(option, bool) or not isinstance(option, int) or not 0 <= option < count:
            raise InvalidQuizAnswer(f"question {index + 1} has no option {option!r}")
    if not question.get("multiple") and len(set(chosen)) != 1:
        raise InvalidQuizAnswer(f"question {index + 1} takes exactly one option")


def grade_quiz(
    questions: Sequence[Mapping[str, Any]], answers: Mapping[int, Collection[int]]
) -> QuizResult:
    """Grade chosen option indexes (``{question index: [option index, …]}``) against the gold."""
    unknown = sorted(set(answers) - set(range(len(questions))), key=repr)
    if unknown:
        raise InvalidQuizAnswer(f"there is no question {unknown[0]!r}")
    results = []
    for index, question in enumerate(questions):
        if index not in answers:
            raise InvalidQuizAnswer(f"question {index + 1} has no answer")
        chosen = answers[index]
        check_answer(question, index, chosen)
        results.append(QuestionResult(index, frozenset(chosen), correct_options(question)))
    return QuizResult(tuple(results))
