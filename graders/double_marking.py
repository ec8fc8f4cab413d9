"""The double-marking rule for exam reference answers (the 1–7 demonstration score).

Two instructors mark blind and independently. Their marks stand when they are within one point
of each other and on the same side of the pass mark; the agreed score is then their mean,
rounded half down (a certificate is never won on a rounding: 5 and 6 agree on 5, which keeps
both markers' verdict because the two marks are on the same side of the pass mark). Otherwise a
third instructor adjudicates and the adjudicator's mark is the agreed score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

LOWEST: Final = 1
HIGHEST: Final = 7
MAX_GAP: Final = 1  # marks further apart than this go to an adjudicator


def is_mark(value: object) -> bool:
    """A whole number on the 1–7 scale (booleans are not marks)."""
    return isinstance(value, int) and not isinstance(value, bool) and LOWEST <= value <= HIGHEST


def straddles(first: int, second: int, pass_mark: int) -> bool:
    """One mark passes and the other does not."""
    return (first >= pass_mark) != (second >= pass_mark)


def needs_adjudication(first: int, second: int, pass_mark: int) -> bool:
    """The two marks differ by more than one point or straddle the pass mark."""
    return abs(first - second) > MAX_GAP or straddles(first, second, pass_mark)


def mean_mark(first: int, second: int) -> int:
    """The mean of two marks, rounded half down."""
    return math.floor((first + second) / 2)


def agreed_mark(
    first: int | None, second: int | None, pass_mark: int, adjudicator: int | None = None
) -> int | None:
    """The agreed 1–7 score, or None while a mark the rule needs is missing."""
    if first is None or second is None:
        return None
    if not needs_adjudication(first, second, pass_mark):
        return mean_mark(first, second)
    return adjudicator


def parse_anchors(data: Any, problems: list[str]) -> dict[int, str]:
    """Read a blueprint's ``reference_anchors``: a written anchor for every mark 1–7, or none."""
    if data is None:
        return {}
    where = "reference_anchors"
    if not isinstance(data, Mapping):
        problems.append(f"{where} must map each mark 1–7 to its written anchor")
        return {}
    anchors: dict[int, str] = {}
    for key, text in data.items():
        if not is_mark(key):
            problems.append(f"{where}: {key!r} is not a mark from 1 to 7")
        elif not isinstance(text, str) or not text.strip():
            problems.append(f"{where}.{key} must be non-empty text")
        else:
            anchors[key] = " ".join(text.split())
    missing = [m for m in range(LOWEST, HIGHEST + 1) if m not in data]
    if missing:
        problems.append(f"{where} needs an anchor for every mark; missing {missing}")
    return anchors
