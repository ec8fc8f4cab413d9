"""Validation of correction and reference rubrics and their gold answers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from graders.negation import affirmed_matches
from graders.problems import Path, Problem, check_keys, check_text, type_name
from graders.validation_answers import check_answers

RUBRIC_SIZE: Final = (3, 6)
CORRECTION_POINT_KINDS: Final = ("remove", "fix", "keep")
RUBRIC_CRITERIA: Final = ("ethics", "accuracy", "relevance")


def fold_yo(text: str) -> str:
    """Spell ё as е: writers use both, and a rubric must not care which one a student typed."""
    return text.replace("ё", "е").replace("Ё", "Е")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a rubric pattern the way graders match it: case-insensitively, ё read as е.

    Graders match these against ``fold_yo(text)``. Python's ``\\w`` and ``\\b`` are Unicode-aware,
    so word boundaries hold on Cyrillic as on Latin text.
    """
    return re.compile(fold_yo(pattern), re.IGNORECASE)


def _rubric_list(data: Mapping[str, Any]) -> tuple[list[Problem], list[Any]]:
    """Check the rubric is a list of 3–6 entries and return it."""
    rubric = data["rubric"]
    if not isinstance(rubric, list):
        return [Problem(("rubric",), "rubric must be a list of points")], []
    low, high = RUBRIC_SIZE
    if not low <= len(rubric) <= high:
        return [
            Problem(("rubric",), f"a rubric needs {low}–{high} points, found {len(rubric)}")
        ], rubric
    return [], rubric


def _pattern_problems(patterns: Any, path: Path) -> list[Problem]:
    """Require a non-empty list of regular expressions that compile."""
    if not isinstance(patterns, list) or not patterns:
        return [Problem(path, "patterns must be a non-empty list of regular expressions")]
    problems = []
    for i, pattern in enumerate(patterns):
        if not isinstance(pattern, str):
            problems.append(Problem((*path, i), f"pattern must be text, not {type_name(pattern)}"))
            continue
        try:
            compile_pattern(pattern)
        except re.error as error:
            problems.append(
                Problem(
                    (*path, i), f"pattern {pattern!r} is not a valid regular expression: {error}"
                )
            )
    return problems


def _correction_point(raw: Any, index: int) -> list[Problem]:
    """Check one correction rubric point's shape."""
    path: Path = ("rubric", index)
    if not isinstance(raw, Mapping):
        return [Problem(path, f"rubric point {index + 1} must be a mapping")]
    allowed = ("kind", "point", "patterns", "criterion")
    problems = check_keys(raw, allowed, path) + check_text(raw, "point", path)
    if raw.get("kind") not in CORRECTION_POINT_KINDS:
        problems.append(Problem((*path, "kind"), "kind must be remove, fix or keep"))
    if raw.get("criterion", "accuracy") not in RUBRIC_CRITERIA:
        message = f"criterion must be one of {', '.join(RUBRIC_CRITERIA)} (default accuracy)"
        problems.append(Problem((*path, "criterion"), message))
    if "patterns" not in raw:
        problems.append(Problem((*path, "patterns"), "missing required field 'patterns'"))
    else:
        problems += _pattern_problems(raw["patterns"], (*path, "patterns"))
    return problems


def _matches(patterns: list[str], text: str, kind: str = "fix") -> list[str]:
    """Return the patterns that match `text` (for remove points: outside a negated clause).

    The text is folded (ё as е) exactly as the grader folds a student's text.
    """
    text = fold_yo(text)
    if kind == "remove":
        return [p for p in patterns if affirmed_matches(compile_pattern(p), text)]
    return [p for p in patterns if compile_pattern(p).search(text)]


def _against_gold(
    point: Mapping[str, Any], index: int, gold: str, original: str | None
) -> list[Problem]:
    """Check a sound point behaves as intended on the gold and the original answer."""
    path: Path = ("rubric", index, "patterns")
    kind, patterns = point["kind"], point["patterns"]
    hits = _matches(patterns, gold, kind)
    if kind == "remove" and hits:
        return [
            Problem(
                path,
                f"rubric point {index + 1} is a remove point, but its pattern "
                f"{hits[0]!r} matches gold_correction",
            )
        ]
    if kind != "remove" and not hits:
        return [
            Problem(
                path,
                f"rubric point {index + 1} is a {kind} point, but none of its "
                "patterns match gold_correction",
            )
        ]
    # A remove point that the flawed answer does not trip is met by any text at all.
    if kind == "remove" and original is not None and not _matches(patterns, original, kind):
        return [
            Problem(
                path,
                f"rubric point {index + 1} is a remove point, but none of its "
                "patterns match answer A, so there is nothing to remove",
            )
        ]
    return []


def check_correction(data: Mapping[str, Any]) -> list[Problem]:
    """Check a correction item's answer, gold correction and pattern rubric."""
    problems, labels = check_answers(data, "correction")
    first = data["answers"][0] if labels else {}
    text = first.get("text")
    original = text if isinstance(text, str) and text.strip() else None
    gold_ok = "gold_correction" in data and not check_text(data, "gold_correction")
    if "gold_correction" in data:
        problems += check_text(data, "gold_correction")
    if "rubric" not in data:
        return problems
    shape, rubric = _rubric_list(data)
    problems += shape
    for index, point in enumerate(rubric):
        point_problems = _correction_point(point, index)
        problems += point_problems
        if gold_ok and not point_problems:
            problems += _against_gold(point, index, data["gold_correction"], original)
    return problems


def check_reference(data: Mapping[str, Any]) -> list[Problem]:
    """Check a reference item's self-check rubric and exemplary answer."""
    problems, _ = check_answers(data, "reference")
    if "gold_reference" in data:
        problems += check_text(data, "gold_reference")
    if "rubric" not in data:
        return problems
    shape, rubric = _rubric_list(data)
    problems += shape
    for index, point in enumerate(rubric):
        path: Path = ("rubric", index)
        if not isinstance(point, Mapping):
            problems.append(Problem(path, f"rubric point {index + 1} must be a mapping"))
            continue
        problems += check_keys(point, ("point",), path) + check_text(point, "point", path)
    return problems
