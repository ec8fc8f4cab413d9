"""Lesson quiz grading: exact-match per question, and malformed submissions refused."""

from __future__ import annotations

import pytest

from graders.quiz import InvalidQuizAnswer, grade_quiz


def option(correct: bool) -> dict[str, object]:
    """An option mapping as stored on a lesson."""
    return {"text": "t", "correct": correct, "explanation": "e"}


SINGLE = {"question": "One?", "multiple": False, "options": [option(False), option(True)]}
MULTI = {
    "question": "Many?",
    "multiple": True,
    "options": [option(True), option(False), option(True)],
}
QUIZ = [SINGLE, MULTI]


@pytest.mark.parametrize(
    ("answers", "verdicts", "score"),
    [
        ({0: [1], 1: [0, 2]}, [True, True], 1.0),
        ({0: [0], 1: [0, 2]}, [False, True], 0.5),
        ({0: [1], 1: [0]}, [True, False], 0.5),
        ({0: [1], 1: [0, 1, 2]}, [True, False], 0.5),
        ({0: [0], 1: [1]}, [False, False], 0.0),
        ({0: [1], 1: [2, 0, 2]}, [True, True], 1.0),
    ],
)
def test_grade_quiz_exact_match(answers, verdicts, score):
    result = grade_quiz(QUIZ, answers)
    assert [q.is_correct for q in result.questions] == verdicts
    assert result.score == score
    assert result.right == sum(verdicts)


def test_result_reports_chosen_and_correct_options():
    result = grade_quiz(QUIZ, {0: [0], 1: [0, 2]})
    first = result.questions[0]
    assert first.chosen == {0} and first.correct_options == {1}
    assert result.questions[1].correct_options == {0, 2}


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({0: [1]}, "question 2 has no answer"),
        ({0: [1], 1: []}, "question 2 has no answer"),
        ({0: [5], 1: [0]}, "question 1 has no option 5"),
        ({0: [-1], 1: [0]}, "question 1 has no option -1"),
        ({0: [True], 1: [0]}, "question 1 has no option True"),
        ({0: [0, 1], 1: [0]}, "question 1 takes exactly one option"),
        ({0: [1], 1: [0], 2: [0]}, "there is no question 2"),
    ],
)
def test_malformed_answers_are_refused(answers, reason):
    with pytest.raises(InvalidQuizAnswer, match=reason):
        grade_quiz(QUIZ, answers)


def test_empty_quiz_scores_zero():
    assert grade_quiz([], {}).score == 0.0
