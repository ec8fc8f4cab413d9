"""Validation of ranking gold orders and pairwise gold choices against the criteria priority."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from typing import Any

from graders.criteria import LABEL_OF, Criterion, Labels, deciding_criterion, is_better
from graders.problems import Problem
from graders.validation_answers import CRITERIA_NAMES, LabelMap, check_answers


def _tier_problems(order: Any, ids: list[str] | None) -> list[Problem]:
    """Check gold_order's shape and that it places every answer exactly once."""
    path = ("gold_order",)
    if not isinstance(order, list) or not all(isinstance(t, list) and t for t in order):
        return [Problem(path, "gold_order must be a list of tiers, each a non-empty list of ids")]
    placed = [aid for tier in order for aid in tier]
    problems = [
        Problem(path, f"gold_order entry {aid!r} must be an answer id (text)")
        for aid in placed
        if not isinstance(aid, str)
    ]
    if len(order) < 2:
        problems.append(Problem(path, "gold_order needs at least two tiers"))
    if problems or ids is None:
        return problems
    problems += [
        Problem(path, f"answer {aid} appears twice in gold_order")
        for aid in sorted({a for a in placed if placed.count(a) > 1})
    ]
    problems += [
        Problem(path, f"unknown answer id '{aid}' in gold_order")
        for aid in sorted(set(placed) - set(ids))
    ]
    missing = [aid for aid in ids if aid not in placed]
    if missing:
        problems.append(Problem(path, f"gold_order is missing answers: {', '.join(missing)}"))
    return problems


def _priority_problems(order: list[list[str]], labels: LabelMap) -> list[Problem]:
    """Check every gold pair against the criteria priority and ties against labels."""
    path = ("gold_order",)
    problems = []
    for tier in order:
        for a, b in combinations(tier, 2):
            if labels[a] != labels[b]:
                problems.append(
                    Problem(
                        path,
                        f"answers {a} and {b} are tied in gold_order "
                        "but their labels differ; tied answers need equal labels",
                    )
                )
    for i, upper in enumerate(order):
        for lower in order[i + 1 :]:
            problems += [
                _pair_problem(x, y, labels)
                for x in upper
                for y in lower
                if _is_misordered(labels[x], labels[y])
            ]
    return problems


def _is_misordered(upper: Labels, lower: Labels) -> bool:
    """Say whether the labels make `lower` strictly better than `upper`."""
    return is_better(lower, upper)


def _pair_problem(upper: str, lower: str, labels: LabelMap) -> Problem:
    """Explain a ranked pair that breaks the priority rule, naming both answers."""
    criterion = deciding_criterion(labels[upper], labels[lower])
    label = LABEL_OF[criterion]
    return Problem(
        ("gold_order",),
        f"answer {upper} is ranked above {lower}, but its labels are worse: {upper} is "
        f"{label} '{labels[upper].as_names()[label]}' against "
        f"'{labels[lower].as_names()[label]}' ({criterion} decides this pair)",
    )


def check_ranking(data: Mapping[str, Any]) -> list[Problem]:
    """Check a ranking item's answers and gold order."""
    problems, labels = check_answers(data, "ranking")
    ids = list(labels) if labels is not None else None
    if "gold_order" not in data:  # reported once, by validate_item
        return problems
    tier_problems = _tier_problems(data["gold_order"], ids)
    problems += tier_problems
    if labels is not None and not tier_problems:
        problems += _priority_problems(data["gold_order"], labels)
    return problems


def _describe_difference(criterion: Criterion, labels: LabelMap) -> str:
    """Say which of A and B carries the deciding problem, with both severities."""
    label = LABEL_OF[criterion]
    bad, good = ("B", "A") if is_better(labels["A"], labels["B"]) else ("A", "B")
    worse, better = labels[bad].as_names()[label], labels[good].as_names()[label]
    return f"{bad} is {label} '{worse}' and {good} is '{better}'"


def _pair_consistency(better: str, named: str, labels: LabelMap) -> list[Problem]:
    """Check gold_criterion and gold_better against the labels of A and B."""
    decided = deciding_criterion(labels["A"], labels["B"])
    problems = []
    if decided == Criterion.QUALITY and named != decided:
        message = f"A and B have the same labels, so gold_criterion must be quality, not {named}"
        problems.append(Problem(("gold_criterion",), message))
    elif named != decided:
        message = (
            f"gold_criterion must be {decided}: it decides the pair by the ordering rule "
            f"({_describe_difference(decided, labels)})"
        )
        problems.append(Problem(("gold_criterion",), message))
    other = "B" if better == "A" else "A"
    if decided != Criterion.QUALITY and is_better(labels[other], labels[better]):
        message = f"gold_better is {better}, but {_describe_difference(decided, labels)}"
        problems.append(Problem(("gold_better",), message))
    return problems


def check_pairwise(data: Mapping[str, Any]) -> list[Problem]:
    """Check a pairwise item's gold answer and criterion against the labels."""
    problems, labels = check_answers(data, "pairwise")
    better, named = data.get("gold_better"), data.get("gold_criterion")
    gold_problems = []
    if better not in ("A", "B") and "gold_better" in data:
        gold_problems.append(Problem(("gold_better",), "gold_better must be A or B"))
    if named not in CRITERIA_NAMES and "gold_criterion" in data:
        message = f"gold_criterion must be one of {', '.join(CRITERIA_NAMES)}"
        gold_problems.append(Problem(("gold_criterion",), message))
    problems += gold_problems
    if labels is None or gold_problems or better is None or named is None:
        return problems
    return problems + _pair_consistency(better, named, labels)
