"""The numbers behind a score, line by line, for the "How this score is computed" pages.

Each function recomputes a grader's score from its parts (the same constants and rules the
grader uses), so a student can check the arithmetic: which gold pairs they kept and what each
weighs, how close each rating was, which first attempts count toward mastery and how much.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graders.criteria import DEFAULT_WEIGHTS, Criterion
from graders.item import RATED_CRITERIA, Item
from graders.mastery import HALF_LIFE, decay_weight
from graders.ranking import plan_for
from graders.rating import FLAG_SHARE, RATING_SHARE, flag_f1


@dataclass(frozen=True, slots=True)
class PairLine:
    """One strictly gold-ordered pair: kept in the student's order or reversed."""

    better: str
    worse: str
    criterion: str
    weight: float
    kept: bool


@dataclass(frozen=True, slots=True)
class RankingBreakdown:
    """Every gold pair with its weight, and the totals the ranking score divides."""

    pairs: tuple[PairLine, ...]
    total_weight: float
    lost_weight: float

    @property
    def score(self) -> float:
        """1 - lost weight / total weight (1 when the gold has no strict pair)."""
        return max(0.0, 1 - self.lost_weight / self.total_weight) if self.total_weight else 1.0

    @property
    def kept(self) -> int:
        """How many gold pairs the order kept."""
        return sum(p.kept for p in self.pairs)


def ranking_breakdown(
    item: Item, order: Sequence[str], weights: Mapping[Criterion, float] = DEFAULT_WEIGHTS
) -> RankingBreakdown:
    """Each gold pair of a ranking item against the student's order."""
    position = {aid: i for i, aid in enumerate(order)}
    lines = tuple(
        PairLine(
            p.better,
            p.worse,
            p.criterion.value,
            float(weights[p.criterion]),
            position.get(p.better, len(order)) < position.get(p.worse, len(order)),
        )
        for p in plan_for(item).pairs
    )
    total = sum(line.weight for line in lines)
    lost = sum(line.weight for line in lines if not line.kept)
    return RankingBreakdown(lines, total, lost)


@dataclass(frozen=True, slots=True)
class RatingLine:
    """One rated criterion: the student's rating, gold, closeness and weight."""

    criterion: str
    given: int
    gold: int
    closeness: float
    weight: float


@dataclass(frozen=True, slots=True)
class RatingBreakdown:
    """The rating part, the flag part and how they combine."""

    lines: tuple[RatingLine, ...]
    rating_part: float
    flags_hit: tuple[str, ...]
    flags_missed: tuple[str, ...]
    flags_extra: tuple[str, ...]
    flag_part: float
    rating_share: float = RATING_SHARE
    flag_share: float = FLAG_SHARE

    @property
    def score(self) -> float:
        """rating share × rating part + flag share × flag F1."""
        return min(1.0, self.rating_share * self.rating_part + self.flag_share * self.flag_part)


def rating_breakdown(
    item: Item,
    ratings: Mapping[str, int],
    flags: Sequence[str],
    weights: Mapping[Criterion, float] = DEFAULT_WEIGHTS,
) -> RatingBreakdown:
    """Closeness per criterion (1 - |given - gold| / 4) and the flag F1 of a rating answer."""
    gold = item.gold_ratings or {}
    lines = tuple(
        RatingLine(
            c, ratings[c], gold[c], 1 - abs(ratings[c] - gold[c]) / 4, float(weights[Criterion(c)])
        )
        for c in RATED_CRITERIA
    )
    total = sum(line.weight for line in lines)
    part = (
        sum(line.weight * line.closeness for line in lines) / total
        if total
        else sum(line.closeness for line in lines) / len(lines)
    )
    gold_flags, given = frozenset(item.gold_flags), frozenset(flags)
    return RatingBreakdown(
        lines=lines,
        rating_part=part,
        flags_hit=tuple(sorted(gold_flags & given)),
        flags_missed=tuple(sorted(gold_flags - given)),
        flags_extra=tuple(sorted(given - gold_flags)),
        flag_part=flag_f1(gold_flags, given),
    )


@dataclass(frozen=True, slots=True)
class MasteryLine:
    """One first attempt counted toward a criterion's mastery, newest first."""

    age: int
    score: float
    weight: float


def mastery_lines(
    newest_first: Sequence[float], half_life: float = HALF_LIFE
) -> tuple[MasteryLine, ...]:
    """Each counted score with its recency weight (0.5 ** (age / half-life))."""
    return tuple(
        MasteryLine(age, score, decay_weight(age, half_life))
        for age, score in enumerate(newest_first)
    )


def weighted_mean(lines: Sequence[MasteryLine]) -> float | None:
    """Σ weight × score / Σ weight: the mastery the lines add up to."""
    total = sum(line.weight for line in lines)
    return sum(line.weight * line.score for line in lines) / total if total else None
