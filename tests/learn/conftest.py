"""Fixtures for the learn area: a small course written to a temporary folder, and syncing it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.config import REPO_ROOT
from app.extensions import db

COURSE_YAML = """\
slug: ai-trainer-foundations
title: Mini Foundations
summary: >
  A tiny course for tests.
level: foundation
guidelines_version: "2026.1"
modules:
  - slug: basics
    title: The basics
  - slug: ranking
    title: Ranking
"""

QUIZ = """\
quiz:
  - question: Which answer ranks first?
    multiple: false
    options:
      - text: The safe answer that points to a pharmacist.
        correct: true
        explanation: GOLD-EXPLANATION-safe-first
      - text: The detailed dosing table.
        correct: false
        explanation: GOLD-EXPLANATION-dosing-harmful
  - question: Which are ethics problems?
    multiple: true
    options:
      - text: Dangerous instructions.
        correct: true
        explanation: GOLD-EXPLANATION-danger
      - text: A polite tone.
        correct: false
        explanation: GOLD-EXPLANATION-polite
      - text: Intolerance.
        correct: true
        explanation: GOLD-EXPLANATION-intolerance
"""


def lesson_text(slug: str, order: int, module: str = "basics", body: str = "", **extra: Any) -> str:
    """A valid lesson file; ``extra`` replaces front matter lines by key."""
    fields = {
        "title": f"Lesson {slug}",
        "slug": slug,
        "module": module,
        "order": str(order),
        "minutes": "7",
        "objectives": "\n  - Explain one thing.\n  - Apply another.",
        "criteria": "[ethics, accuracy]",
    }
    fields.update({key: str(value) for key, value in extra.items()})
    front = "".join(f"{key}: {value}\n" for key, value in fields.items())
    body = body or f"## Why {slug} matters\n\nSome teaching about {slug}.\n\n### Detail\n\nMore.\n"
    return f"---\n{front}{QUIZ}---\n\n{body}"


@pytest.fixture
def mini_courses(tmp_path: Path) -> Path:
    """A courses/ folder with one three-lesson course (slug of Foundations) in two modules."""
    folder = tmp_path / "courses" / "ai-trainer-foundations"
    folder.mkdir(parents=True)
    (folder / "course.yaml").write_text(COURSE_YAML)
    (folder / "01-first-steps.md").write_text(lesson_text("first-steps", 1))
    (folder / "02-second-steps.md").write_text(lesson_text("second-steps", 2))
    (folder / "03-ranking-basics.md").write_text(lesson_text("ranking-basics", 3, "ranking"))
    return tmp_path / "courses"


@pytest.fixture
def real_courses_copy(tmp_path: Path) -> Path:
    """A copy of the repository's courses/ that a test may change."""
    target = tmp_path / "courses"
    shutil.copytree(REPO_ROOT / "courses", target)
    return target


@pytest.fixture
def sync(app: Any) -> Callable[[Path], Any]:
    """Sync a courses folder and commit, as the CLI does; returns the report."""
    from app.services.learning.course_sync import sync_courses

    def run(root: Path) -> Any:
        report = sync_courses(root)
        db.session.commit()
        return report

    return run


@pytest.fixture
def mini_synced(mini_courses: Path, sync: Callable[[Path], Any]) -> Path:
    """The mini course, loaded into the database."""
    sync(mini_courses)
    return mini_courses


def quiz_form(user: Any, lesson: Any, authored: dict[int, list[int]] | None = None) -> dict:
    """Form data choosing ``authored`` options (default: the correct ones) where this student's
    shuffled page shows them, for their current attempt."""
    from app.services.learning import learning, quizzes

    row = learning.progress_by_lesson(user, [lesson.id]).get(lesson.id)
    attempt = quizzes.attempt_number(row)
    orders = quizzes.option_orders(user, lesson, attempt)
    if authored is None:
        authored = {
            q: [i for i, option in enumerate(question["options"]) if option["correct"]]
            for q, question in enumerate(lesson.quiz)
        }
    data: dict[str, Any] = {"attempt": str(attempt)}
    for q, chosen in authored.items():
        data[f"q-{q}"] = [str(orders[q].index(i)) for i in chosen]
    return data


def pass_quiz(user: Any, lesson: Any) -> None:
    """Pass a lesson's quiz through the service (which completes the lesson)."""
    from app.services.learning import quizzes

    data = quiz_form(user, lesson)
    shown = {int(k[2:]): [int(v) for v in values] for k, values in data.items() if k != "attempt"}
    quizzes.submit_quiz(user, lesson, shown, int(data["attempt"]))
    db.session.commit()
