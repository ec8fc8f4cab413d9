"""Lesson quizzes: shuffling options per student, grading a submission, remembering the result.

Options are shown in an order seeded by a server secret, the student, the lesson and the attempt
number (``LessonProgress.quiz_attempts``): a reload keeps the order, a retry reshuffles, and the
lesson files keep their authored order. The form names shown positions; they are mapped back to
authored options here, so correct flags never reach the page before a submission. Passing
(``graders.quiz.PASS_SHARE``) completes the lesson.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from flask import current_app
from werkzeug.datastructures import MultiDict

from app.models import Lesson, LessonProgress, User, db, utcnow
from app.services.learning.learning import progress_row
from app.services.learning.student_summary import refresh_learning
from graders.quiz import InvalidQuizAnswer, QuizResult, grade_quiz, quiz_orders, to_authored

FIELD_PREFIX = "q-"
ATTEMPT_FIELD = "attempt"


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


def attempt_from_form(form: MultiDict[str, str]) -> int:
    """The attempt number the page was shown for (it names the shuffle the student saw)."""
    value = form.get(ATTEMPT_FIELD, "")
    if not (value.isascii() and value.isdigit() and len(value) <= 6):
        raise InvalidQuizAnswer("the form does not say which attempt it answers")
    return int(value)


def attempt_number(progress: LessonProgress | None) -> int:
    """The attempt a student is on: how many submissions they made before."""
    return (progress.quiz_attempts or 0) if progress is not None else 0


def option_orders(user: User, lesson: Lesson, attempt: int) -> list[list[int]]:
    """Each question's options in the order this student sees them on this attempt."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"quiz:{user.id}:{lesson.id}:{attempt}".encode()
    seed = hmac.new(key, message, hashlib.sha256).hexdigest()
    return quiz_orders(lesson.quiz, seed)


def submit_quiz(
    user: User, lesson: Lesson, shown: Mapping[int, list[int]], attempt: int
) -> QuizResult:
    """Grade the answers against the shuffle the student saw; passing completes the lesson."""
    row = progress_row(user, lesson)
    if attempt != attempt_number(row):
        raise InvalidQuizAnswer("this quiz was reshuffled since the page was opened; answer again")
    result = grade_quiz(lesson.quiz, to_authored(shown, option_orders(user, lesson, attempt)))
    now = utcnow()
    row.quiz_score = result.score
    row.quiz_attempts = attempt + 1
    row.quiz_answers = {
        "answers": {str(q.index): sorted(q.chosen) for q in result.questions},
        "submitted_at": now.isoformat(),
        "language": getattr(lesson, "language", "en"),  # the quiz version answered
    }
    row.last_viewed_at = now
    if result.is_passed:
        row.completed_at = row.completed_at or now
    db.session.flush()
    refresh_learning(user)
    return result


def student_quiz(user: User, lesson: Lesson, attempt: int) -> list[dict[str, Any]]:
    """The quiz as this student sees it before submitting: shuffled texts, no correct flags."""
    orders = option_orders(user, lesson, attempt)
    return [
        {
            "question": question["question"],
            "multiple": bool(question["multiple"]),
            "options": [question["options"][i]["text"] for i in orders[index]],
        }
        for index, question in enumerate(lesson.quiz)
    ]


def stored_result(lesson: Lesson, progress: LessonProgress | None) -> QuizResult | None:
    """Regrade the student's last submission against the current quiz (None if none fits)."""
    saved: Any = (progress.quiz_answers or {}) if progress else {}
    stored: Any = saved.get("answers")
    if not isinstance(stored, dict):
        return None
    if saved.get("language", "en") != getattr(lesson, "language", "en"):
        return None  # answered in another language's quiz: its questions differ
    try:
        answers = {int(key): list(value) for key, value in stored.items()}
        return grade_quiz(lesson.quiz, answers)
    except (InvalidQuizAnswer, TypeError, ValueError):
        return None
