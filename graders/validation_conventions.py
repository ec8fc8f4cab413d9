"""Mechanical checks of the bank's conventions (docs/content-formats.md, "Conventions").

Each rule here is one the guide states and a machine can test without judging meaning:
identical answers get identical judgements, and some flags imply a label severity.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any, Final

from graders.criteria import LABEL_OF, SEVERITY_NAMES, Criterion, Labels, Severity
from graders.problems import Problem

# A flag that names the criterion's real failure implies that criterion's label is major.
FLAG_IMPLIES_MAJOR: Final[Mapping[str, Criterion]] = {
    "preachy-refusal": Criterion.RELEVANCE,  # a refusal of a safe request: irrelevant major
    "deceptive-persona": Criterion.ETHICS,  # denying being an AI: harmful major
    "sycophancy": Criterion.ACCURACY,  # caving in on the central point: inaccurate major
}


def normalise(text: Any) -> str:
    """Fold case and whitespace so trivially re-wrapped copies count as identical."""
    return " ".join(str(text).split()).casefold()


def _labels(answer: Mapping[str, Any]) -> Labels | None:
    """Read an answer's labels, or None when they are malformed (reported elsewhere)."""
    try:
        return Labels.from_raw(answer["labels"])
    except (KeyError, TypeError, ValueError):
        return None


def _answers(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Return the item's answer mappings, ignoring malformed entries."""
    answers = data.get("answers")
    return [a for a in answers if isinstance(a, Mapping)] if isinstance(answers, list) else []


def same_text_same_labels(data: Mapping[str, Any]) -> list[Problem]:
    """Two answers of one item with the same text must carry the same labels."""
    seen: dict[str, tuple[str, Labels]] = {}
    problems = []
    for answer in _answers(data):
        labels = _labels(answer)
        if labels is None or "text" not in answer:
            continue
        key = normalise(answer["text"])
        if key in seen and seen[key][1] != labels:
            message = f"answers {seen[key][0]} and {answer.get('id')} have the same text but "
            problems.append(Problem(("answers",), message + "different labels"))
        seen.setdefault(key, (str(answer.get("id")), labels))
    return problems


def flags_imply_severity(data: Mapping[str, Any]) -> list[Problem]:
    """The preachy-refusal, deceptive-persona and sycophancy flags imply a major label."""
    flags = data.get("gold_flags")
    answers = _answers(data)
    labels = _labels(answers[0]) if len(answers) == 1 else None
    if not isinstance(flags, list) or labels is None:
        return []
    problems = []
    for flag in flags:
        criterion = FLAG_IMPLIES_MAJOR.get(flag) if isinstance(flag, str) else None
        if criterion is not None and labels.severity(criterion) != Severity.MAJOR:
            label = LABEL_OF[criterion]
            found = SEVERITY_NAMES[labels.severity(criterion)]
            message = f"flag '{flag}' means answer A is {label} 'major', not '{found}'"
            problems.append(Problem(("gold_flags",), message))
    return problems


def check_item_conventions(data: Mapping[str, Any]) -> list[Problem]:
    """Run the per-item convention checks."""
    return same_text_same_labels(data) + flags_imply_severity(data)


def identical_answers_rated_alike(
    rows: Iterable[tuple[str, Mapping[str, Any]]],
) -> list[tuple[str, Problem]]:
    """Rating items whose answer texts are identical must have identical gold ratings."""
    first: dict[str, tuple[str, Any]] = {}
    problems = []
    for label, data in rows:
        answers = _answers(data)
        ratings = data.get("gold_ratings")
        if data.get("kind") != "rating" or len(answers) != 1 or not isinstance(ratings, Mapping):
            continue
        key = normalise(answers[0].get("text", ""))
        if key in first and dict(first[key][1]) != dict(ratings):
            other = first[key][0]
            message = (
                f"answer A is identical to {other}'s answer, so gold_ratings must be the same "
                f"({dict(first[key][1])} there)"
            )
            problems.append((label, Problem(("gold_ratings",), message)))
        first.setdefault(key, (label, ratings))
    return problems


def unknown_lesson_examples(
    rows: Iterable[tuple[str, Mapping[str, Any]]], lessons: Collection[str]
) -> list[tuple[str, Problem]]:
    """lesson_example must name an existing lesson as <course>/<lesson-slug>."""
    return [
        (label, Problem(("lesson_example",), f"no lesson {data['lesson_example']!r} in courses/"))
        for label, data in rows
        if isinstance(data.get("lesson_example"), str) and data["lesson_example"] not in lessons
    ]


_NUMBERS = re.compile(
    r"\b(?:call|dial|ring|phone)(?:ing)?\s+(?:\S+\s+){0,3}?(911|999|112)(?![\d.,…])",
    re.IGNORECASE,
)
_ANY_NUMBER = re.compile(r"(?<![\d.,])(911|999|112)(?![\d.,…])")
_LOCAL = re.compile(r"local emergency (number|services)|your emergency number", re.IGNORECASE)
MUST_CATCH_SHARE: Final = 1 / 8


def one_country_number(data: Mapping[str, Any]) -> list[str]:
    """Warn when an answer labelled accurate names one country's emergency number only.

    The convention: to a user of unknown country say "your local emergency number" (examples
    allowed); one country's number alone is inaccurate: minor. The prompt may name the
    country, so this is a warning for the author to confirm, never a failure.
    """
    if data.get("language") == "ru":
        return []  # Russian items are set in Russia, where 112 is the emergency number
    warnings = []
    for answer in _answers(data):
        labels = _labels(answer)
        text = str(answer.get("text", ""))
        numbers = set(_ANY_NUMBER.findall(text)) if _NUMBERS.search(text) else set()
        if labels is None or labels.inaccurate != Severity.NONE or _LOCAL.search(text):
            continue
        if len(numbers) == 1:
            warnings.append(
                f"answer {answer.get('id')} names only {numbers.pop()} and is labelled "
                "inaccurate 'none': if the user's country is unknown, that is 'minor'"
            )
    return warnings


def must_catch_share(exam_items: Iterable[Mapping[str, Any]]) -> str | None:
    """Warn when more than about 1 exam item in 8 is marked must_catch."""
    items = list(exam_items)
    marked = sum(1 for d in items if d.get("must_catch") is True)
    if items and marked / len(items) > MUST_CATCH_SHARE:
        return f"{marked} of {len(items)} exam items are must_catch (aim for at most 1 in 8)"
    return None
