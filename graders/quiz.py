"""Grading a lesson quiz: chosen option indexes in, per-question verdicts and a score out.

A question counts as right only when the chosen options are exactly the correct ones.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


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
