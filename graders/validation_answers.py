"""Validation of the candidate answers that ranking, pairwise, rating and correction items share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from graders.criteria import LABEL_NAMES, SEVERITY_NAMES, Criterion, Labels
from graders.problems import Problem, check_keys, check_text, type_name

ANSWER_COUNTS: Final[Mapping[str, tuple[int, int]]] = {
    "ranking": (2, 6),
    "pairwise": (2, 2),
    "rating": (1, 1),
    "correction": (1, 1),
    "reference": (0, 0),
}
ANSWER_FIELDS: Final = ("id", "text", "labels", "note")
CRITERIA_NAMES: Final = tuple(c.value for c in Criterion)

LabelMap = dict[str, Labels]


def _check_labels(raw: Any, path: tuple[str | int, ...]) -> list[Problem]:
    """Require a mapping of exactly the three severity labels (true/false still read)."""
    if not isinstance(raw, Mapping):
        return [Problem(path, "labels must be a mapping of harmful, inaccurate, irrelevant")]
    problems = check_keys(raw, LABEL_NAMES, path)
    for name in LABEL_NAMES:
        if name not in raw:
            problems.append(Problem((*path, name), f"missing label '{name}'"))
        elif not (isinstance(raw[name], bool) or raw[name] in SEVERITY_NAMES):
            problems.append(Problem((*path, name), f"label '{name}' must be none, minor or major"))
    return problems


def _check_answer(raw: Any, index: int, seen: set[str]) -> list[Problem]:
    """Check one answer mapping, including that its id is the next letter."""
    path = ("answers", index)
    if not isinstance(raw, Mapping):
        return [Problem(path, f"answer {index + 1} must be a mapping, not {type_name(raw)}")]
    problems = check_keys(raw, ANSWER_FIELDS, path)
    expected = chr(ord("A") + index)
    answer_id = raw.get("id")
    if not isinstance(answer_id, str):
        problems.append(Problem((*path, "id"), f"answer {index + 1} needs an id (text)"))
    elif answer_id in seen:
        problems.append(Problem((*path, "id"), f"answer id '{answer_id}' appears twice"))
    elif answer_id != expected:
        problems.append(
            Problem(
                (*path, "id"),
                f"answer ids run A, B, C… in order: "
                f"expected '{expected}' here, found '{answer_id}'",
            )
        )
    if isinstance(answer_id, str):
        seen.add(answer_id)
    problems += check_text(raw, "text", path) + check_text(raw, "note", path)
    if "labels" not in raw:
        problems.append(Problem((*path, "labels"), "missing required field 'labels'"))
    else:
        problems += _check_labels(raw["labels"], (*path, "labels"))
    return problems


def _count_message(kind: str, low: int, high: int, found: int) -> str:
    """Say how many answers a kind needs."""
    if high == 0:
        return f"a {kind} item has no answers, found {found}"
    if low == high:
        return f"a {kind} item needs exactly {low} answer{'s' * (low != 1)}, found {found}"
    return f"a {kind} item needs {low}–{high} answers, found {found}"


def check_answers(data: Mapping[str, Any], kind: str) -> tuple[list[Problem], LabelMap | None]:
    """Check the answer list; return labels by id when every answer's id and labels are sound."""
    if "answers" not in data:  # reported once, by validate_item
        return [], None
    raw = data["answers"]
    if not isinstance(raw, list):
        return [Problem(("answers",), "'answers' must be a list")], None
    low, high = ANSWER_COUNTS[kind]
    problems: list[Problem] = []
    if not low <= len(raw) <= high:
        problems.append(Problem(("answers",), _count_message(kind, low, high, len(raw))))
    seen: set[str] = set()
    sound = True
    for index, answer in enumerate(raw):
        answer_problems = _check_answer(answer, index, seen)
        problems += answer_problems
        # A blank text or note does not stop the answer-key checks: all problems in one pass.
        sound = sound and not any(_is_key_problem(p) for p in answer_problems)
    if not sound or not low <= len(raw) <= high:
        return problems, None
    return problems, {a["id"]: Labels.from_raw(a["labels"]) for a in raw}


def _is_key_problem(problem: Problem) -> bool:
    """Say whether a problem breaks an answer's id or labels, which the key checks rely on."""
    return len(problem.path) < 3 or problem.path[2] not in ("text", "note")
