"""Worked examples shared between items and lessons, found as shared word n-grams.

An exam item must not reuse a lesson's example (the exam would test recall, not judgement).
The measure: the number of distinct word 5-grams (lower-cased words) that an item's prompt,
earlier turns and answer texts share with any single lesson file. A count at or above
OVERLAP_LIMIT means the item reuses that lesson's text. Calibrated on the first-edition bank
(152 items, 27 lessons): with 5-grams and a limit of 3, the exam items the review named as
reusing lesson examples with copied wording (amoxicillin, bleach, warfarin) are caught while
147 of 152 items share at most 2 (a stock phrase such as "call your local emergency number").
8-grams caught only one item (pr-rank-020, a near copy). Paraphrased reuse of a subject (same
story, new words) is not caught by any n-gram measure: authors still grep the courses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

NGRAM: Final = 5
OVERLAP_LIMIT: Final = 3
# Letters of any script (Russian items are compared with Russian lessons), ё read as е.
_WORD: Final = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    """Return the distinct word n-grams of `text`, lower-cased."""
    words = _WORD.findall(text.lower().replace("ё", "е"))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def item_text(data: Mapping[str, Any]) -> str:
    """Join the parts of an item a student reads: prompt, earlier turns and answers."""
    parts = [str(data.get("prompt", ""))]
    parts += [str(t.get("text", "")) for t in data.get("conversation") or () if isinstance(t, dict)]
    parts += [str(a.get("text", "")) for a in data.get("answers") or () if isinstance(a, dict)]
    return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class Overlap:
    """The lesson an item shares the most n-grams with."""

    lesson: str
    shared: int
    sample: str


def worst_overlap(
    data: Mapping[str, Any], lessons: Mapping[str, set[tuple[str, ...]]]
) -> Overlap | None:
    """Return the lesson sharing the most n-grams with the item, or None if none is shared."""
    grams = ngrams(item_text(data))
    best: Overlap | None = None
    for name, lesson_grams in lessons.items():
        shared = grams & lesson_grams
        if shared and (best is None or len(shared) > best.shared):
            best = Overlap(name, len(shared), " ".join(sorted(shared)[0]))
    return best


def lesson_grams(lessons: Iterable[tuple[str, str]]) -> dict[str, set[tuple[str, ...]]]:
    """Index lesson texts, given as (name, text), by their n-grams."""
    return {name: ngrams(text) for name, text in lessons}
