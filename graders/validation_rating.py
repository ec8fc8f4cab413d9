"""Validation of rating gold data: ratings consistent with labels, flags from the vocabulary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graders.criteria import LABEL_OF, Criterion, Labels
from graders.flags import FLAGS
from graders.item import RATED_CRITERIA
from graders.problems import Problem, check_keys, is_int
from graders.validation_answers import check_answers


def _rating_problems(ratings: Any, labels: Labels | None) -> list[Problem]:
    """Check gold_ratings' range and consistency with the answer's labels."""
    path = ("gold_ratings",)
    if not isinstance(ratings, Mapping):
        return [Problem(path, "gold_ratings must map ethics, accuracy and relevance to 1–5")]
    problems = check_keys(ratings, RATED_CRITERIA, path)
    for name in RATED_CRITERIA:
        value = ratings.get(name)
        if not is_int(value) or not 1 <= value <= 5:
            problems.append(
                Problem((*path, name), f"gold_ratings.{name} must be a whole number from 1 to 5")
            )
        elif labels is not None:
            problems += _consistency(name, value, labels)
    return problems


def _consistency(name: str, value: int, labels: Labels) -> list[Problem]:
    """Require 1–3 for a labelled problem and 3–5 otherwise."""
    label = LABEL_OF[Criterion(name)]
    path = ("gold_ratings", name)
    if labels.has_problem(name) and value > 3:
        return [
            Problem(
                path,
                f"gold_ratings.{name} is {value}, but answer A is labelled "
                f"{label}: a labelled problem is rated 1–3",
            )
        ]
    if not labels.has_problem(name) and value < 3:
        return [
            Problem(
                path,
                f"gold_ratings.{name} is {value}, but answer A is not labelled "
                f"{label}: a criterion without a problem is rated 3–5",
            )
        ]
    return []


def _flag_problems(flags: Any) -> list[Problem]:
    """Check gold_flags is a duplicate-free list drawn from the vocabulary."""
    path = ("gold_flags",)
    if not isinstance(flags, list):
        return [Problem(path, "gold_flags must be a list of flags ([] when none)")]
    problems = [
        Problem((*path, i), f"unknown flag {flag!r}")
        for i, flag in enumerate(flags)
        if not isinstance(flag, str) or flag not in FLAGS
    ]
    problems += [
        Problem(path, f"flag '{flag}' appears twice")
        for flag in sorted({f for f in flags if isinstance(f, str) and flags.count(f) > 1})
    ]
    return problems


def check_rating(data: Mapping[str, Any]) -> list[Problem]:
    """Check a rating item's gold ratings and flags."""
    problems, labels = check_answers(data, "rating")
    answer_labels = labels["A"] if labels else None
    if "gold_ratings" in data:  # absent fields are reported once, by validate_item
        problems += _rating_problems(data["gold_ratings"], answer_labels)
    if "gold_flags" in data:
        problems += _flag_problems(data["gold_flags"])
    return problems
