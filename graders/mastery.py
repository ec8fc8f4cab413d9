"""Mastery estimates and the choice of the next practice item, from plain data.

Mastery of a criterion is an exponentially weighted mean of the student's per-criterion scores,
newest weighted most, so recent progress shows quickly and old slips fade. The next item is the
one that exercises the student's weakest criterion, preferring items never tried, and serving a
missed item again only after a spacing delay (retrieval after a gap is what makes it stick).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

ALPHA: Final = 0.3
MASTERED: Final = 0.8  # a last score below this counts as missed
SPACING: Final = timedelta(days=1)
UNSEEN: Final = 0.0  # a criterion with no evidence counts as the weakest


def ewma(newest_first: Sequence[float], alpha: float = ALPHA) -> float | None:
    """Exponentially weighted mean of scores given newest first; None without scores."""
    if not 0 < alpha <= 1:
        raise ValueError(f"alpha must be in (0, 1], got {alpha}")
    if not newest_first:
        return None
    values = list(reversed(newest_first))
    mean = values[0]
    for value in values[1:]:
        mean = alpha * value + (1 - alpha) * mean
    return mean


def mastery_by(
    recent: Mapping[str, Sequence[float]], alpha: float = ALPHA
) -> dict[str, float | None]:
    """Mastery per key (criterion or kind) from each key's scores, newest first."""
    return {key: ewma(scores, alpha) for key, scores in recent.items()}


def level_for(mastery: float) -> int:
    """The difficulty (1–3) that stretches a student at this mastery without swamping them."""
    if mastery < 0.5:
        return 1
    return 2 if mastery < MASTERED else 3


@dataclass(frozen=True)
class Candidate:
    """A practice item with the student's history on it (no gold, no database row)."""

    uid: str
    criteria: tuple[str, ...]
    difficulty: int
    attempts: int = 0
    last_score: float | None = None
    last_attempt_at: datetime | None = None

    @property
    def is_unattempted(self) -> bool:
        """Never tried by this student."""
        return self.attempts == 0

    def is_missed(self, threshold: float = MASTERED) -> bool:
        """The latest attempt scored below the mastery threshold."""
        return self.last_score is not None and self.last_score < threshold

    def is_due(self, now: datetime, spacing: timedelta = SPACING) -> bool:
        """Missed, and the spacing delay since the last attempt has passed."""
        last = self.last_attempt_at
        return self.is_missed() and last is not None and last + spacing <= now


def weakest(candidate: Candidate, mastery: Mapping[str, float | None]) -> float:
    """The lowest mastery among the criteria an item exercises."""
    values = [mastery.get(c) for c in candidate.criteria] or [None]
    return min(UNSEEN if v is None else v for v in values)


def _fresh_key(c: Candidate, mastery: Mapping[str, float | None]) -> tuple[float, int, int, str]:
    """Weakest criterion first, then unattempted before due, then matching difficulty."""
    level = weakest(c, mastery)
    return (
        round(level, 9),
        0 if c.is_unattempted else 1,
        abs(c.difficulty - level_for(level)),
        c.uid,
    )


def pick_next(
    candidates: Sequence[Candidate],
    mastery: Mapping[str, float | None],
    now: datetime,
    spacing: timedelta = SPACING,
) -> str | None:
    """The uid to practise next, or None when there is nothing to practise.

    Unattempted items and missed items whose spacing delay has passed come first; when there
    are none, the item practised longest ago on the weakest criterion is served again.
    """
    fresh = [c for c in candidates if c.is_unattempted or c.is_due(now, spacing)]
    if fresh:
        return min(fresh, key=lambda c: _fresh_key(c, mastery)).uid
    if not candidates:
        return None
    oldest = min(
        candidates, key=lambda c: (round(weakest(c, mastery), 9), c.last_attempt_at or now, c.uid)
    )
    return oldest.uid
