"""Validation of an item's ``translations``: every text translated, the same shapes, sound gold.

A translation repeats the item's texts in another language and nothing else: the labels, orders,
ratings and flags are the item's own. A correction translation must stand on its own as the
English item does: its gold correction meets its rubric, and its flawed answer fails a point.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from graders.correction import is_point_met
from graders.item import RubricPoint
from graders.problems import Path, Problem, check_keys, check_text, type_name
from graders.translations import TRANSLATION_FIELDS
from graders.validation_extras import LANGUAGE
from graders.validation_rubric import _against_gold, _pattern_problems

_KIND_TEXTS: Final[Mapping[str, tuple[str, ...]]] = {
    "ranking": ("answers",),
    "pairwise": ("answers",),
    "rating": ("answers",),
    "correction": ("answers", "gold_correction", "rubric"),
    "reference": ("gold_reference", "rubric"),
}


def _answer_ids(data: Mapping[str, Any]) -> list[str]:
    """The ids of the item's well-formed answers."""
    return [
        a["id"] for a in data.get("answers") or () if isinstance(a, Mapping) and "id" in a
    ]


def _check_answers(raw: Any, ids: list[str], path: Path) -> list[Problem]:
    """Every answer id translated, each with a non-empty text and note, and no other id."""
    if not isinstance(raw, Mapping):
        return [Problem(path, "answers must map each answer id to its text and note")]
    problems = [
        Problem((*path, key), f"answer {key!r} is not one of the item's answers")
        for key in raw
        if key not in ids
    ]
    for answer_id in ids:
        entry = raw.get(answer_id)
        if not isinstance(entry, Mapping):
            problems.append(Problem((*path, answer_id), f"answer {answer_id} is not translated"))
            continue
        problems += check_keys(entry, ("text", "note"), (*path, answer_id))
        problems += check_text(entry, "text", (*path, answer_id))
        problems += check_text(entry, "note", (*path, answer_id))
    return problems


def _check_conversation(data: Mapping[str, Any], raw: Any, path: Path) -> list[Problem]:
    """The same number of turns with the same roles, each with text."""
    original = data.get("conversation") or []
    if not isinstance(raw, list) or len(raw) != len(original):
        return [Problem(path, f"conversation must have the item's {len(original)} turns")]
    problems = []
    for index, (turn, source) in enumerate(zip(raw, original, strict=True)):
        if not isinstance(turn, Mapping):
            problems.append(Problem((*path, index), "a turn is a mapping of role and text"))
            continue
        problems += check_keys(turn, ("role", "text"), (*path, index))
        problems += check_text(turn, "text", (*path, index))
        if isinstance(source, Mapping) and turn.get("role") != source.get("role"):
            message = f"turn {index + 1} must keep the role {source.get('role')!r}"
            problems.append(Problem((*path, index, "role"), message))
    return problems


def _check_point(kind: str, raw: Any, source: Any, path: Path) -> list[Problem]:
    """One rubric point: its own text (and patterns); a repeated kind or criterion must agree."""
    if not isinstance(raw, Mapping):
        return [Problem(path, "a rubric point is a mapping")]
    if kind == "reference":
        return check_keys(raw, ("point",), path) + check_text(raw, "point", path)
    problems = check_keys(raw, ("kind", "point", "patterns", "criterion"), path)
    problems += check_text(raw, "point", path)
    problems += _pattern_problems(raw.get("patterns"), (*path, "patterns"))
    for key, default in (("kind", None), ("criterion", "accuracy")):
        if key in raw and isinstance(source, Mapping) and raw[key] != source.get(key, default):
            message = f"{key} is shared with the item's point and must stay {source.get(key)!r}"
            problems.append(Problem((*path, key), message))
    return problems


def _check_rubric(data: Mapping[str, Any], raw: Any, path: Path) -> list[Problem]:
    """The same number of points as the item's rubric, each sound."""
    original = data.get("rubric") or []
    if not isinstance(raw, list) or len(raw) != len(original):
        return [Problem(path, f"rubric must have the item's {len(original)} points")]
    return [
        problem
        for index, (point, source) in enumerate(zip(raw, original, strict=True))
        for problem in _check_point(data["kind"], point, source, (*path, index))
    ]


def _merged_points(data: Mapping[str, Any], version: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The translated points with the item's shared kind and criterion."""
    return [
        {**{k: v for k, v in source.items() if k in ("kind", "criterion")}, **point}
        for source, point in zip(data["rubric"], version["rubric"], strict=True)
    ]


def _check_correction_gold(
    data: Mapping[str, Any], version: Mapping[str, Any], path: Path
) -> list[Problem]:
    """The translated gold meets its rubric; the translated flawed answer fails a remove/fix."""
    points = _merged_points(data, version)
    original = version["answers"][data["answers"][0]["id"]]["text"]
    problems = [
        Problem((*path, *problem.path), problem.message)
        for index, point in enumerate(points)
        for problem in _against_gold(point, index, version["gold_correction"], original)
    ]
    fails = [
        p
        for p in points
        if p["kind"] in ("remove", "fix")
        and not is_point_met(RubricPoint(p["point"], p["kind"], tuple(p["patterns"])), original)
    ]
    if not fails:
        message = "the translated answer A already meets every remove and fix point"
        problems.append(Problem((*path, "rubric"), message))
    return problems


def _check_version(data: Mapping[str, Any], version: Any, path: Path) -> list[Problem]:
    """One language version: the common texts and the kind's texts, in the item's shapes."""
    if not isinstance(version, Mapping):
        return [Problem(path, f"a translation is a mapping of texts, not {type_name(version)}")]
    kind_texts = _KIND_TEXTS[data["kind"]]
    wanted = ("title", "prompt", "rationale", *kind_texts)
    if data.get("conversation"):
        wanted = (*wanted, "conversation")
    problems = [
        Problem((*path, key), f"missing translated field '{key}'")
        for key in wanted
        if key not in version
    ]
    problems += [
        Problem((*path, key), f"'{key}' is shared by every language and is not translated")
        if key not in TRANSLATION_FIELDS
        else Problem((*path, key), f"'{key}' does not belong to this item's translation")
        for key in version
        if key not in wanted
    ]
    for key in ("title", "prompt", "rationale", "gold_correction", "gold_reference"):
        if key in version and key in wanted:
            problems += check_text(version, key, path)
    if "conversation" in version and "conversation" in wanted:
        problems += _check_conversation(data, version["conversation"], (*path, "conversation"))
    if "answers" in version and "answers" in wanted:
        problems += _check_answers(version["answers"], _answer_ids(data), (*path, "answers"))
    if "rubric" in version and "rubric" in wanted:
        problems += _check_rubric(data, version["rubric"], (*path, "rubric"))
    if data["kind"] == "correction" and not problems:
        problems += _check_correction_gold(data, version, path)
    return problems


def check_translations(data: Mapping[str, Any], item_problems: bool = False) -> list[Problem]:
    """Check ``translations`` of an item; skipped (beyond its shape) while the item is unsound."""
    if "translations" not in data:
        return []
    raw = data["translations"]
    path: Path = ("translations",)
    if not isinstance(raw, Mapping) or not raw:
        return [Problem(path, "translations must map a language code to that version's texts")]
    own = data.get("language") or "en"
    problems = []
    for language in raw:
        if not (isinstance(language, str) and LANGUAGE.fullmatch(language)):
            problems.append(Problem(path, f"{language!r} is not a language code like ru"))
        elif language == own:
            message = f"the item is written in {own}; a translation is into another language"
            problems.append(Problem((*path, language), message))
    if problems or item_problems or data.get("kind") not in _KIND_TEXTS:
        return problems
    for language, version in raw.items():
        problems += _check_version(data, version, (*path, language))
    return problems
