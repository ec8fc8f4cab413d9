"""Lesson quiz grading: exact-match per question, and malformed submissions refused."""

from __future__ import annotations

import pytest

from graders.quiz import (
    InvalidQuizAnswer,
    QuestionResult,
    QuizResult,
    grade_quiz,
    is_passing_score,
    option_order,
    quiz_orders,
    to_authored,
)


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


def _result(right: int, total: int) -> QuizResult:
    """A result with ``right`` of ``total`` questions right."""
    return QuizResult(
        tuple(
            QuestionResult(i, frozenset({0}), frozenset({0 if i < right else 1}))
            for i in range(total)
        )
    )


@pytest.mark.parametrize(
    ("right", "total", "passed"),
    [
        (2, 2, True),
        (1, 2, False),
        (2, 3, True),
        (1, 3, False),
        (3, 4, True),
        (2, 4, False),
        (0, 0, False),
    ],
)
def test_pass_mark_is_two_thirds(right, total, passed):
    result = _result(right, total)
    assert result.is_passed is passed
    if total:
        assert is_passing_score(result.score) is passed
    assert not is_passing_score(None)


def test_option_order_is_a_deterministic_permutation_that_depends_on_the_seed():
    assert sorted(option_order("s", 4)) == [0, 1, 2, 3]
    assert option_order("s", 4) == option_order("s", 4)
    assert len({tuple(option_order(f"seed-{n}", 4)) for n in range(40)}) > 10
    # Over many seeds every authored option is shown first about as often as the others.
    firsts = [option_order(f"k{n}", 4)[0] for n in range(400)]
    assert all(60 <= firsts.count(i) <= 140 for i in range(4))


def test_shown_positions_map_back_to_authored_options():
    orders = quiz_orders(QUIZ, "student-7/lesson-3/attempt-0")
    correct_shown = {
        q: [orders[q].index(i) for i, o in enumerate(question["options"]) if o["correct"]]
        for q, question in enumerate(QUIZ)
    }
    assert grade_quiz(QUIZ, to_authored(correct_shown, orders)).score == 1.0
    with pytest.raises(InvalidQuizAnswer, match="question 1 has no option 9"):
        to_authored({0: [9]}, orders)
    with pytest.raises(InvalidQuizAnswer, match="there is no question 5"):
        to_authored({5: [0]}, orders)
