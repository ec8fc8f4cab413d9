"""Mastery estimates and the choice of the next practice item, from plain data.

Mastery of a criterion is a decayed mean of the student's per-criterion scores on their FIRST
attempt at each item (repeats after the gold was shown teach but do not count; the service
passes only first attempts, and only reviewed ones for free-text kinds). Each score's weight
halves every HALF_LIFE newer items, so recent work counts most and old slips fade, while one
lucky item cannot outweigh a record. A criterion needs MIN_ITEMS distinct items before its
mastery can unlock an exam. The next item is the one that exercises the student's weakest
criterion, preferring items never tried, and serving a missed item again only after a spacing
delay (retrieval after a gap is what makes it stick).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

HALF_LIFE: Final = 10.0  # items: the 10th-newest first attempt weighs half the newest
MIN_ITEMS: Final = 5  # distinct items per criterion before mastery can unlock an exam
MASTERED: Final = 0.8  # a last score below this counts as missed
SPACING: Final = timedelta(days=1)
UNSEEN: Final = 0.0  # a criterion with no evidence counts as the weakest


def decay_weight(age: int, half_life: float = HALF_LIFE) -> float:
    """The weight of the score ``age`` items older than the newest (the newest weighs 1)."""
    return 0.5 ** (age / half_life)


def decayed_mean(newest_first: Sequence[float], half_life: float = HALF_LIFE) -> float | None:
    """Mean of scores given newest first, each weighted by its decay; None without scores."""
    if half_life <= 0:
        raise ValueError(f"half_life must be positive, got {half_life}")
    if not newest_first:
        return None
    weights = [decay_weight(age, half_life) for age in range(len(newest_first))]
    return sum(w * s for w, s in zip(weights, newest_first, strict=True)) / sum(weights)


def mastery_by(
    recent: Mapping[str, Sequence[float]], half_life: float = HALF_LIFE
) -> dict[str, float | None]:
    """Mastery per key (criterion or kind) from each key's first-attempt scores, newest first."""
    return {key: decayed_mean(scores, half_life) for key, scores in recent.items()}


def has_enough_evidence(items: int, minimum: int = MIN_ITEMS) -> bool:
    """Enough distinct items on a criterion for its mastery to count toward an exam."""
    return items >= minimum


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
