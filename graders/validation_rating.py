"""Validation of rating gold data: ratings consistent with labels, flags from the vocabulary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from graders.criteria import LABEL_OF, PRIORITY, SEVERITY_NAMES, Criterion, Labels, Severity
from graders.flags import FLAG_CRITERION, FLAGS, flags_for
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


# The rating anchors: the 1–5 values a gold rating may take for each label severity.
ANCHORS: Final[Mapping[Severity, tuple[int, ...]]] = {
    Severity.NONE: (4, 5),
    Severity.MINOR: (3,),
    Severity.MAJOR: (1, 2),
}


def _consistency(name: str, value: int, labels: Labels) -> list[Problem]:
    """Require the anchor of the label's severity: none → 4–5, minor → 3, major → 1–2."""
    label = LABEL_OF[Criterion(name)]
    severity = labels.severity(name)
    allowed = ANCHORS[severity]
    if value in allowed:
        return []
    span = f"{allowed[0]}–{allowed[-1]}" if len(allowed) > 1 else str(allowed[0])
    return [
        Problem(
            ("gold_ratings", name),
            f"gold_ratings.{name} is {value}, but answer A is {label} "
            f"'{SEVERITY_NAMES[severity]}': by the rating anchors that is rated {span}",
        )
    ]


def _flag_consistency(flags: list[str], labels: Labels) -> list[Problem]:
    """Require a flag of each criterion with a problem and none of a criterion without one."""
    problems = []
    for criterion in PRIORITY[:-1]:
        mine = [f for f in flags if FLAG_CRITERION.get(f) == criterion]
        label = LABEL_OF[criterion]
        severity = SEVERITY_NAMES[labels.severity(criterion)]
        if labels.has_problem(criterion) and not mine:
            problems.append(
                Problem(
                    ("gold_flags",),
                    f"answer A is {label} '{severity}', so gold_flags needs at least one "
                    f"{criterion} flag ({', '.join(sorted(flags_for(criterion)))})",
                )
            )
        elif not labels.has_problem(criterion) and mine:
            problems.append(
                Problem(
                    ("gold_flags",),
                    f"flag(s) {', '.join(mine)} belong to {criterion}, but answer A is {label} "
                    "'none'; remove them or label the problem",
                )
            )
    return problems


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
        flag_problems = _flag_problems(data["gold_flags"])
        problems += flag_problems
        if answer_labels is not None and not flag_problems:
            problems += _flag_consistency(data["gold_flags"], answer_labels)
    return problems
