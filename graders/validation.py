"""The one item validator shared by the CLI checker and the authoring form."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Final

from graders.item import COMMON_FIELDS, KIND_FIELDS, OPTIONAL_FIELDS
from graders.problems import Problem, check_text, is_int, type_name
from graders.validation_answers import ANSWER_COUNTS, CRITERIA_NAMES
from graders.validation_conventions import (
    check_item_conventions,
    identical_answers_rated_alike,
    unknown_lesson_examples,
)
from graders.validation_extras import check_extras
from graders.validation_order import check_pairwise, check_ranking
from graders.validation_rating import check_rating
from graders.validation_rubric import check_correction, check_reference
from graders.validation_translations import check_translations

__all__ = [
    "ANSWER_COUNTS",
    "CRITERIA_NAMES",
    "ID_PATTERN",
    "KINDS",
    "POOL_PREFIXES",
    "TOPICS",
    "Problem",
    "validate_bank",
    "validate_item",
]

KINDS: Final = tuple(KIND_FIELDS)
TOPICS: Final = (
    "religion",
    "politics",
    "medicine",
    "pseudoscience",
    "illegal-activity",
    "coding",
    "cooking",
    "travel",
    "history",
    "law",
    "finance",
    "science",
    "everyday",
)
ID_PATTERN: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
POOL_PREFIXES: Final[Mapping[str, str]] = {"practice": "pr-", "exam": "ex-"}

_KIND_CHECKS: Final[Mapping[str, Callable[[Mapping[str, Any]], list[Problem]]]] = {
    "ranking": check_ranking,
    "pairwise": check_pairwise,
    "rating": check_rating,
    "correction": check_correction,
    "reference": check_reference,
}


def _check_choice(data: Mapping[str, Any], key: str, choices: Sequence[str]) -> list[Problem]:
    """Require `data[key]` to be one of `choices`."""
    if key in data and data[key] not in choices:
        return [Problem((key,), f"{key} {data[key]!r} is not one of: {', '.join(choices)}")]
    return []


def _check_id(data: Mapping[str, Any]) -> list[Problem]:
    """Require a lower-case, hyphenated id."""
    value = data.get("id")
    if "id" in data and (not isinstance(value, str) or not ID_PATTERN.fullmatch(value)):
        return [
            Problem(
                ("id",), f"id {value!r} must use only a-z, 0-9 and single hyphens, like pr-rank-001"
            )
        ]
    return []


def _check_criteria(data: Mapping[str, Any]) -> list[Problem]:
    """Require 1–3 distinct criterion names."""
    value = data.get("criteria")
    if "criteria" not in data:
        return []
    if not isinstance(value, list) or not 1 <= len(value) <= 3:
        return [Problem(("criteria",), "criteria must be a list of 1–3 criteria")]
    problems = [
        Problem(("criteria", i), f"unknown criterion {name!r}; use {', '.join(CRITERIA_NAMES)}")
        for i, name in enumerate(value)
        if name not in CRITERIA_NAMES
    ]
    if len(set(map(str, value))) != len(value):
        problems.append(Problem(("criteria",), "criteria must not repeat"))
    return problems


def _check_difficulty(data: Mapping[str, Any]) -> list[Problem]:
    """Require difficulty 1, 2 or 3."""
    value = data.get("difficulty")
    if "difficulty" in data and not (is_int(value) and 1 <= value <= 3):
        return [Problem(("difficulty",), f"difficulty must be 1, 2 or 3, not {value!r}")]
    return []


def _check_fields(data: Mapping[str, Any], kind: str | None) -> list[Problem]:
    """Report missing required fields and fields that do not belong to the kind."""
    wanted = COMMON_FIELDS + KIND_FIELDS.get(kind or "", ())
    problems = [
        Problem((key,), f"missing required field '{key}'") for key in wanted if key not in data
    ]
    if kind not in KIND_FIELDS:
        return problems
    for key in data:
        if key == "answers" and kind == "reference":
            continue  # a reference item has no answers; check_answers reports any it is given
        if key not in wanted and key not in OPTIONAL_FIELDS:
            known = any(key in fields for fields in KIND_FIELDS.values())
            message = (
                f"field '{key}' does not belong to a {kind} item"
                if known
                else f"unknown field '{key}'"
            )
            problems.append(Problem((key,), message))
    return problems


def validate_item(data: Mapping[str, Any]) -> list[Problem]:
    """Return every problem with one item mapping; an empty list means it is valid."""
    if not isinstance(data, Mapping):
        return [Problem((), f"an item must be a mapping of fields, not {type_name(data)}")]
    raw_kind = data.get("kind")
    kind = raw_kind if isinstance(raw_kind, str) else None
    problems = _check_fields(data, kind)
    problems += _check_id(data) + _check_choice(data, "kind", KINDS)
    problems += _check_choice(data, "topic", TOPICS)
    problems += _check_criteria(data) + _check_difficulty(data)
    for key in ("title", "prompt", "rationale"):
        if key in data:
            problems += check_text(data, key)
    if kind is not None and kind in _KIND_CHECKS:
        problems += _KIND_CHECKS[kind](data)
    problems += check_extras(data) + check_item_conventions(data)
    # A translation is checked against the item's shapes, so only once the item itself is sound.
    return problems + check_translations(data, item_problems=bool(problems))


def _normalise(prompt: Any) -> str:
    """Fold case and whitespace so trivially edited copies still count as identical."""
    return " ".join(str(prompt).split()).casefold()


def _bank_entries(items: Mapping[str, Sequence[Any]]) -> tuple[list[tuple[str, Problem]], list]:
    """Flatten the pools into (pool, label, data) rows and report unknown pools."""
    problems, rows = [], []
    for pool, entries in items.items():
        if pool not in POOL_PREFIXES:
            problems.append((pool, Problem((), f"unknown pool '{pool}'; use practice or exam")))
            continue
        for index, data in enumerate(entries):
            if isinstance(data, Mapping):
                item_id = data.get("id")
                rows.append(
                    (pool, item_id if isinstance(item_id, str) else f"{pool}[{index}]", data)
                )
    return problems, rows


def validate_bank(
    items: Mapping[str, Sequence[Mapping[str, Any]]], lessons: Collection[str] | None = None
) -> list[tuple[str, Problem]]:
    """Check rules across items: ids, shared prompts, identical answers, lesson references.

    `lessons` lists `<course>/<lesson-slug>` names; when given, lesson_example must name one.
    """
    problems, rows = _bank_entries(items)
    labelled = [(label, data) for _, label, data in rows]
    problems += identical_answers_rated_alike(labelled)
    if lessons is not None:
        problems += unknown_lesson_examples(labelled, lessons)
    owner: dict[str, str] = {}
    prompts: dict[str, dict[str, str]] = {pool: {} for pool in POOL_PREFIXES}
    for pool, label, data in rows:
        prefix = POOL_PREFIXES[pool]
        if not label.startswith(prefix):
            problems.append((label, Problem(("id",), f"{pool} item ids start with '{prefix}'")))
        if label in owner:
            problems.append(
                (label, Problem(("id",), f"id '{label}' is used twice ({owner[label]} and {pool})"))
            )
        owner.setdefault(label, pool)
        if "prompt" in data:
            prompts[pool].setdefault(_normalise(data["prompt"]), label)
    for text, exam_id in prompts["exam"].items():
        if text in prompts["practice"]:
            problems.append(
                (
                    exam_id,
                    Problem(
                        ("prompt",),
                        "prompt is identical to practice item "
                        f"{prompts['practice'][text]}; practice items must "
                        "never be copied into the exam pool",
                    ),
                )
            )
    return problems
