"""Lesson quizzes: reading a submitted form, grading it and remembering the result."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from app.models import Lesson, LessonProgress, User, db, utcnow
from app.services.learning import progress_row
from graders.quiz import InvalidQuizAnswer, QuizResult, grade_quiz

FIELD_PREFIX = "q-"


def is_small_number(text: str) -> bool:
    """1–3 ASCII digits ('¹' and '٣' are digits to ``str.isdigit`` but not to ``int``)."""
    return text.isascii() and text.isdigit() and len(text) <= 3


def answers_from_form(form: MultiDict[str, str]) -> dict[int, list[int]]:
    """``q-0=1&q-1=0&q-1=2`` → ``{0: [1], 1: [0, 2]}``; unreadable fields are refused."""
    answers: dict[int, list[int]] = {}
    for key in form:
        if not key.startswith(FIELD_PREFIX):
            continue
        number = key[len(FIELD_PREFIX) :]
        if not is_small_number(number):
            raise InvalidQuizAnswer(f"'{key}' is not a question of this quiz")
        values = form.getlist(key)
        if not all(is_small_number(value) for value in values):
            raise InvalidQuizAnswer(
                f"question {int(number) + 1} has an option that is not a number"
            )
        answers[int(number)] = [int(value) for value in values]
    return answers


def submit_quiz(user: User, lesson: Lesson, answers: Mapping[int, list[int]]) -> QuizResult:
    """Grade the answers on the spot and keep the score and answers on the student's progress."""
    result = grade_quiz(lesson.quiz, answers)
    row = progress_row(user, lesson)
    row.quiz_score = result.score
    row.quiz_answers = {
        "answers": {str(q.index): sorted(q.chosen) for q in result.questions},
        "submitted_at": utcnow().isoformat(),
    }
    row.last_viewed_at = utcnow()
    db.session.flush()
    return result


def student_quiz(lesson: Lesson) -> list[dict[str, Any]]:
    """The quiz as a student may see it before submitting: no correct flags, no explanations."""
    return [
        {
            "question": question["question"],
            "multiple": bool(question["multiple"]),
            "options": [option["text"] for option in question["options"]],
        }
        for question in lesson.quiz
    ]


def stored_result(lesson: Lesson, progress: LessonProgress | None) -> QuizResult | None:
    """Regrade the student's last submission against the current quiz (None if none fits)."""
    stored: Any = (progress.quiz_answers or {}).get("answers") if progress else None
    if not isinstance(stored, dict):
        return None
    try:
        answers = {int(key): list(value) for key, value in stored.items()}
        return grade_quiz(lesson.quiz, answers)
    except (InvalidQuizAnswer, TypeError, ValueError):
        return None
