"""Shortcut metrics of the exercise bank: can answer length or position predict the gold?

Definitions (docs/content-formats.md, "Shortcut checks"):

- best-is-longest share: among ranking items, the share whose first gold tier holds an answer
  of the item's greatest word count. Fails above 45%.
- length–gold rho: over every answer of every ranking item, the Pearson correlation between the
  answer's within-item length rank and its within-item gold standing, both scaled to 0..1
  (length rank: 0 = shortest, 1 = longest, ties averaged; standing: 1 = first tier, 0 = last).
  As both are ranks this is a Spearman-type rho pooled over items; rho > 0 means longer answers
  are ranked better. Fails when |rho| > 0.2.
- length position of the best: among ranking items, the share whose first gold tier holds an
  answer at the same place in the item's length order (1 = shortest; an answer's place is one more
  than the number of strictly shorter answers). Fails when any one place exceeds 45%: a bank where
  the best answer is nearly always the second-shortest (a bare refusal shortest, long polished
  losers) teaches "pick the second-shortest" as surely as one where it is the longest.
- pairwise longer-wins share: among pairwise items, the share whose gold_better answer has more
  words than the other. Fails outside 35–65%.
- position: how often each letter is a gold-best answer, against the count expected if the best
  answer's letter were uniform among each item's letters; a chi-square statistic is reported
  (not a failure).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

MAX_BEST_IS_LONGEST: Final = 0.45
MAX_ONE_LENGTH_POSITION: Final = 0.45
MAX_ABS_RHO: Final = 0.2
PAIRWISE_BAND: Final = (0.35, 0.65)
# 5% critical values of chi-square by degrees of freedom, for the position note.
CHI2_CRITICAL_5PCT: Final = {1: 3.84, 2: 5.99, 3: 7.81, 4: 9.49, 5: 11.07}
_WORD: Final = re.compile(r"[\w’']+")


def word_count(text: Any) -> int:
    """Count words as the checker does: runs of letters, digits and apostrophes."""
    return len(_WORD.findall(str(text)))


def _average_ranks(values: Sequence[float]) -> list[float]:
    """Return 0-based ranks of `values`, ties sharing the average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation, or None when either side has no variance."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return None if sxx == 0 or syy == 0 else sxy / math.sqrt(sxx * syy)


@dataclass
class ShortcutStats:
    """The shortcut figures of one set of items (the bank or one pool)."""

    ranking_items: int = 0
    best_is_longest: int = 0
    best_length_positions: Counter[int] = field(default_factory=Counter)
    length_points: list[tuple[float, float]] = field(default_factory=list)
    pairwise_items: int = 0
    longer_wins: int = 0
    pairwise_ties: int = 0
    best_letters: Counter[str] = field(default_factory=Counter)
    expected_letters: Counter[str] = field(default_factory=Counter)

    @property
    def longest_share(self) -> float | None:
        """Share of ranking items whose best tier holds a longest answer."""
        return self.best_is_longest / self.ranking_items if self.ranking_items else None

    @property
    def best_is_shortest(self) -> int:
        """Ranking items whose best tier holds a shortest answer (place 1)."""
        return self.best_length_positions[1]

    @property
    def best_in_two_shortest(self) -> int:
        """Ranking items whose best tier holds an answer with at most one shorter answer."""
        return self.best_length_positions[1] + self.best_length_positions[2]

    @property
    def commonest_length_position(self) -> tuple[int, float] | None:
        """The place in length order (1 = shortest) that most often holds the best answer, and
        the share of ranking items where it does."""
        if not self.ranking_items:
            return None
        place, count = max(self.best_length_positions.items(), key=lambda kv: (kv[1], -kv[0]))
        return place, count / self.ranking_items

    @property
    def rho(self) -> float | None:
        """Pooled within-item rank correlation of length and gold standing."""
        if not self.length_points:
            return None
        xs, ys = zip(*self.length_points, strict=True)
        return pearson(xs, ys)

    @property
    def longer_share(self) -> float | None:
        """Share of pairwise items whose better answer is the longer one."""
        return self.longer_wins / self.pairwise_items if self.pairwise_items else None

    def chi_square(self) -> tuple[float, int]:
        """Chi-square of gold-best letters against the uniform expectation, and its df."""
        letters = [k for k, v in self.expected_letters.items() if v > 0]
        stat = sum(
            (self.best_letters[k] - self.expected_letters[k]) ** 2 / self.expected_letters[k]
            for k in letters
        )
        return stat, max(len(letters) - 1, 0)

    def failures(self) -> list[str]:
        """The thresholds this set breaks, as sentences."""
        out = []
        share, rho, pair = self.longest_share, self.rho, self.longer_share
        if share is not None and share > MAX_BEST_IS_LONGEST:
            out.append(f"best answer is the longest in {share:.0%} of ranking items (max 45%)")
        commonest = self.commonest_length_position
        if commonest is not None and commonest[1] > MAX_ONE_LENGTH_POSITION:
            place, place_share = commonest
            out.append(
                f"the best answer is at length place {place} (1 = shortest) in {place_share:.0%} "
                "of ranking items (max 45% at any one place)"
            )
        if rho is not None and abs(rho) > MAX_ABS_RHO:
            out.append(f"length–gold rho is {rho:+.2f} (|rho| must be at most 0.20)")
        low, high = PAIRWISE_BAND
        if pair is not None and not low <= pair <= high:
            out.append(f"the longer answer wins {pair:.0%} of pairwise items (must be 35–65%)")
        return out


def _add_ranking(stats: ShortcutStats, data: Mapping[str, Any]) -> None:
    """Add one ranking item's length and position figures."""
    answers = data["answers"]
    tiers = data["gold_order"]
    lengths = {a["id"]: word_count(a["text"]) for a in answers}
    standing = {aid: i for i, tier in enumerate(tiers) for aid in tier}
    ids = list(lengths)
    ranks = _average_ranks([lengths[a] for a in ids])
    span, last = max(len(ids) - 1, 1), max(len(tiers) - 1, 1)
    for aid, rank in zip(ids, ranks, strict=True):
        stats.length_points.append((rank / span, 1 - standing[aid] / last))
    stats.ranking_items += 1
    best = tiers[0]
    stats.best_is_longest += any(lengths[a] == max(lengths.values()) for a in best)
    shorter = [sum(1 for n in lengths.values() if n < lengths[a]) for a in best]
    stats.best_length_positions[min(shorter) + 1] += 1
    for aid in best:
        stats.best_letters[aid] += 1
    for aid in ids:
        stats.expected_letters[aid] += len(best) / len(ids)


def _add_pairwise(stats: ShortcutStats, data: Mapping[str, Any]) -> None:
    """Add one pairwise item's longer-wins and position figures."""
    lengths = {a["id"]: word_count(a["text"]) for a in data["answers"]}
    better = data["gold_better"]
    other = "B" if better == "A" else "A"
    stats.pairwise_items += 1
    stats.longer_wins += lengths[better] > lengths[other]
    stats.pairwise_ties += lengths[better] == lengths[other]
    stats.best_letters[better] += 1
    stats.expected_letters["A"] += 0.5
    stats.expected_letters["B"] += 0.5


def shortcut_stats(items: Iterable[Mapping[str, Any]]) -> ShortcutStats:
    """Measure the shortcut figures over already validated items."""
    stats = ShortcutStats()
    for data in items:
        if data.get("kind") == "ranking":
            _add_ranking(stats, data)
        elif data.get("kind") == "pairwise":
            _add_pairwise(stats, data)
    return stats
