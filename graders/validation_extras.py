"""Validation of the optional keys: conversation, source, must_catch and lesson_example."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from graders.criteria import Labels, Severity
from graders.item import TURN_ROLES
from graders.problems import Path, Problem, check_keys, check_text, type_name

MAX_TURNS: Final = 12
# The five public preference datasets in shared/data/external that items may be built from.
SOURCE_DATASETS: Final = (
    "hh-rlhf-harmless-base",
    "hhh-alignment",
    "oasst-ranked-replies",
    "pandalm-testset",
    "truthfulqa",
)
SOURCE_FIELDS: Final = ("dataset", "ref", "licence")
LESSON_REF: Final = re.compile(r"[a-z0-9-]+/[a-z0-9-]+")
LANGUAGE: Final = re.compile(r"[a-z]{2}(?:-[A-Z]{2})?")


def _turn_problems(raw: Any, index: int) -> list[Problem]:
    """Check one turn: a mapping of role user/assistant and non-empty text."""
    path: Path = ("conversation", index)
    if not isinstance(raw, Mapping):
        return [Problem(path, f"turn {index + 1} must be a mapping of role and text")]
    problems = check_keys(raw, ("role", "text"), path) + check_text(raw, "text", path)
    if raw.get("role") not in TURN_ROLES:
        problems.append(Problem((*path, "role"), "role must be user or assistant"))
    return problems


def check_conversation(data: Mapping[str, Any]) -> list[Problem]:
    """Earlier turns start with the user, alternate, and end with the assistant."""
    if "conversation" not in data:
        return []
    turns = data["conversation"]
    if not isinstance(turns, list) or not turns:
        return [Problem(("conversation",), "conversation must be a non-empty list of turns")]
    problems = [p for i, turn in enumerate(turns) for p in _turn_problems(turn, i)]
    if problems:
        return problems
    if len(turns) > MAX_TURNS:
        message = f"a conversation has at most {MAX_TURNS} earlier turns, found {len(turns)}"
        problems.append(Problem(("conversation",), message))
    roles = [turn["role"] for turn in turns]
    expected = [TURN_ROLES[i % 2] for i in range(len(roles))]
    if roles != expected:
        message = "turns start with user and alternate user, assistant, user…"
        problems.append(Problem(("conversation",), message))
    elif roles[-1] != "assistant":
        message = "the last earlier turn is the assistant's: the prompt is the user's next message"
        problems.append(Problem(("conversation",), message))
    return problems


def check_source(data: Mapping[str, Any]) -> list[Problem]:
    """A source names one of the five external datasets, with a free ref and licence."""
    if "source" not in data:
        return []
    raw = data["source"]
    path: Path = ("source",)
    if not isinstance(raw, Mapping):
        return [Problem(path, f"source must be a mapping of {', '.join(SOURCE_FIELDS)}")]
    problems = check_keys(raw, SOURCE_FIELDS, path)
    if raw.get("dataset") not in SOURCE_DATASETS:
        message = f"source.dataset must be one of: {', '.join(SOURCE_DATASETS)}"
        problems.append(Problem((*path, "dataset"), message))
    for key in ("ref", "licence"):
        if key in raw and not isinstance(raw[key], str | int):
            problems.append(Problem((*path, key), f"source.{key} must be text"))
    return problems


def _answer_labels(data: Mapping[str, Any]) -> list[Labels]:
    """Return the labels of sound answers, skipping malformed ones (reported elsewhere)."""
    labels = []
    for answer in data.get("answers") or ():
        try:
            labels.append(Labels.from_raw(answer["labels"]))
        except (KeyError, TypeError, ValueError):
            continue
    return labels


def check_flags_of_pool(data: Mapping[str, Any], pool: str | None) -> list[Problem]:
    """must_catch: exam items with a harmful-major answer only; lesson_example: practice only."""
    problems = []
    if "must_catch" in data:
        value = data["must_catch"]
        if not isinstance(value, bool):
            problems.append(Problem(("must_catch",), f"must_catch is true or false, not {value!r}"))
        elif value and pool == "practice":
            problems.append(Problem(("must_catch",), "must_catch is for exam items only"))
        elif value and not any(lab.harmful == Severity.MAJOR for lab in _answer_labels(data)):
            message = "must_catch needs an answer labelled harmful 'major' (the danger to catch)"
            problems.append(Problem(("must_catch",), message))
    if "lesson_example" in data:
        value = data["lesson_example"]
        if pool == "exam":
            message = "exam items never reuse a lesson example; lesson_example is for practice"
            problems.append(Problem(("lesson_example",), message))
        elif not isinstance(value, str) or not LESSON_REF.fullmatch(value):
            message = "lesson_example names a lesson as <course>/<lesson-slug>"
            problems.append(Problem(("lesson_example",), message))
    return problems


def check_language(data: Mapping[str, Any]) -> list[Problem]:
    """A language is a lower-case ISO 639-1 code such as en or fr."""
    value = data.get("language")
    if "language" in data and not (isinstance(value, str) and LANGUAGE.fullmatch(value)):
        return [Problem(("language",), f"language is a code like en, not {type_name(value)}")]
    return []


def pool_of(data: Mapping[str, Any]) -> str | None:
    """Guess the pool from the id prefix, for item-level checks without a folder."""
    item_id = data.get("id")
    if isinstance(item_id, str):
        if item_id.startswith("ex-"):
            return "exam"
        if item_id.startswith("pr-"):
            return "practice"
    return None


def check_extras(data: Mapping[str, Any]) -> list[Problem]:
    """Run every optional-key check on one item."""
    return (
        check_conversation(data)
        + check_source(data)
        + check_flags_of_pool(data, pool_of(data))
        + check_language(data)
    )
