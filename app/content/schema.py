"""The rules of course and lesson files, shared by the file loader and the lesson edit form.

Every check raises ``FieldError(path, reason)``; the caller turns the path into a line number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.content.errors import DataPath, FieldError, format_path
from graders import CRITERIA_NAMES

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEVELS = ("foundation", "specialisation")
QUIZ_QUESTIONS = (2, 4)
QUIZ_OPTIONS = (2, 6)
OBJECTIVES = (2, 4)
QUESTION_KEYS = ("question", "multiple", "options")
OPTION_KEYS = ("text", "correct", "explanation")


@dataclass(frozen=True)
class QuizOption:
    """One answer option with its gold flag and the explanation shown after submission."""

    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class QuizQuestion:
    """A quiz question; single-choice unless ``multiple``."""

    question: str
    multiple: bool
    options: tuple[QuizOption, ...]


@dataclass(frozen=True)
class ModuleFile:
    """A module as listed in course.yaml; ``position`` is its teaching order from 1."""

    slug: str
    title: str
    position: int


def where(path: DataPath) -> str:
    """Name a location for a message; the document root is the front matter."""
    return format_path(path) or "the front matter"


def require_mapping(value: Any, path: DataPath) -> Mapping[str, Any]:
    """A YAML mapping (``key: value`` lines)."""
    if not isinstance(value, Mapping):
        raise FieldError(path, f"{where(path)} must be a mapping of 'key: value' lines")
    return value


def check_keys(data: Mapping[str, Any], path: DataPath, allowed: Sequence[str]) -> None:
    """Unknown keys are nearly always typos of known ones."""
    for key in data:
        if key not in allowed:
            raise FieldError((*path, str(key)), f"{where(path)} has an unknown key '{key}'")


def require(data: Mapping[str, Any], path: DataPath, key: str) -> Any:
    """The value under ``key``; its absence is reported at the enclosing mapping."""
    if key not in data:
        raise FieldError(path, f"{where(path)} has no '{key}'")
    return data[key]


def require_text(data: Mapping[str, Any], path: DataPath, key: str) -> str:
    """Non-blank text."""
    value = require(data, path, key)
    if not isinstance(value, str) or not value.strip():
        raise FieldError((*path, key), f"{format_path((*path, key))} must be non-empty text")
    return value.strip()


def require_int(data: Mapping[str, Any], path: DataPath, key: str, minimum: int = 1) -> int:
    """A whole number (YAML booleans are not numbers)."""
    value = require(data, path, key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise FieldError(
            (*path, key), f"{format_path((*path, key))} must be a whole number ≥ {minimum}"
        )
    return value


def require_bool(data: Mapping[str, Any], path: DataPath, key: str) -> bool:
    """``true`` or ``false``."""
    value = require(data, path, key)
    if not isinstance(value, bool):
        raise FieldError((*path, key), f"{format_path((*path, key))} must be true or false")
    return value


def require_list(value: Any, path: DataPath, bounds: tuple[int, int] | None = None) -> list[Any]:
    """A YAML list, optionally with a number of entries between ``bounds``."""
    if not isinstance(value, list):
        raise FieldError(path, f"{format_path(path)} must be a list")
    if bounds and not bounds[0] <= len(value) <= bounds[1]:
        raise FieldError(
            path, f"{format_path(path)} must have {bounds[0]}–{bounds[1]} entries, not {len(value)}"
        )
    return value


def require_slug(data: Mapping[str, Any], path: DataPath, key: str) -> str:
    """Lower-case letters, digits and single hyphens."""
    value = require_text(data, path, key)
    if not SLUG.match(value):
        raise FieldError((*path, key), f"{format_path((*path, key))} must look like 'a-slug-1'")
    return value


def option_from_data(raw: Any, path: DataPath) -> QuizOption:
    """One quiz option; every option must say why it is right or wrong."""
    data = require_mapping(raw, path)
    check_keys(data, path, OPTION_KEYS)
    return QuizOption(
        text=require_text(data, path, "text"),
        correct=require_bool(data, path, "correct"),
        explanation=require_text(data, path, "explanation"),
    )


def question_from_data(raw: Any, path: DataPath) -> QuizQuestion:
    """One quiz question whose correct flags fit its kind."""
    data = require_mapping(raw, path)
    check_keys(data, path, QUESTION_KEYS)
    text = require_text(data, path, "question")
    multiple = require_bool(data, path, "multiple")
    raw_options = require_list(require(data, path, "options"), (*path, "options"), QUIZ_OPTIONS)
    options = tuple(
        option_from_data(item, (*path, "options", i)) for i, item in enumerate(raw_options)
    )
    correct = sum(option.correct for option in options)
    if not multiple and correct != 1:
        raise FieldError(
            path,
            f"{format_path(path)} is single-choice (multiple: false) but marks {correct} "
            "options correct; mark exactly one",
        )
    if multiple and correct == 0:
        raise FieldError(path, f"{format_path(path)} marks no option correct")
    return QuizQuestion(text, multiple, options)


def quiz_from_data(raw: Any, path: DataPath = ("quiz",)) -> tuple[QuizQuestion, ...]:
    """The lesson quiz: 2–4 questions. The one quiz validator (files and the edit form)."""
    items = require_list(raw, path, QUIZ_QUESTIONS)
    return tuple(question_from_data(item, (*path, i)) for i, item in enumerate(items))


def quiz_to_data(quiz: Sequence[QuizQuestion]) -> list[dict[str, Any]]:
    """The JSON/YAML shape of a quiz, as stored in ``Lesson.quiz``."""
    return [
        {
            "question": q.question,
            "multiple": q.multiple,
            "options": [
                {"text": o.text, "correct": o.correct, "explanation": o.explanation}
                for o in q.options
            ],
        }
        for q in quiz
    ]


def objectives_from_data(data: Mapping[str, Any]) -> tuple[str, ...]:
    """2–4 learning objectives, each a sentence."""
    items = require_list(require(data, (), "objectives"), ("objectives",), OBJECTIVES)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise FieldError(("objectives", i), f"objectives[{i}] must be non-empty text")
    return tuple(item.strip() for item in items)


def criteria_from_data(data: Mapping[str, Any]) -> tuple[str, ...]:
    """Any subset of the judging criteria, each named once."""
    items = require_list(require(data, (), "criteria"), ("criteria",))
    for i, item in enumerate(items):
        if item not in CRITERIA_NAMES:
            names = ", ".join(CRITERIA_NAMES)
            raise FieldError(("criteria", i), f"criteria[{i}] is {item!r}; use one of {names}")
        if item in items[:i]:
            raise FieldError(("criteria", i), f"criteria[{i}] repeats {item!r}")
    return tuple(items)


def modules_from_data(data: Mapping[str, Any]) -> tuple[ModuleFile, ...]:
    """The course's modules in teaching order, with unique slugs."""
    items = require_list(require(data, (), "modules"), ("modules",), (1, 50))
    modules: list[ModuleFile] = []
    for i, item in enumerate(items):
        path: DataPath = ("modules", i)
        entry = require_mapping(item, path)
        check_keys(entry, path, ("slug", "title"))
        slug = require_slug(entry, path, "slug")
        if any(module.slug == slug for module in modules):
            raise FieldError((*path, "slug"), f"modules[{i}].slug repeats '{slug}'")
        modules.append(ModuleFile(slug, require_text(entry, path, "title"), i + 1))
    return tuple(modules)


def level_from_data(data: Mapping[str, Any]) -> str:
    """foundation or specialisation."""
    level = require_text(data, (), "level")
    if level not in LEVELS:
        raise FieldError(("level",), f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return level


def guidelines_from_data(data: Mapping[str, Any]) -> str:
    """A quoted version string: unquoted 2026.10 would be read as the number 2026.1."""
    value = require(data, (), "guidelines_version")
    if not isinstance(value, str) or not value.strip() or len(value) > 20:
        raise FieldError(
            ("guidelines_version",), 'guidelines_version must be quoted text, e.g. "2026.1"'
        )
    return value.strip()
