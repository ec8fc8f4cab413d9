"""Rank-agreement metrics in pure Python, sized for rankings of a handful of answers.

Degenerate inputs: when a correlation is undefined (fewer than two items, or either side
constant) kendall_tau_b and spearman_rho return 0.0 ("no measurable agreement") instead of
NaN, so results stay JSON-serialisable and averageable. pairwise_accuracy returns 1.0 when
the gold order has no strictly ordered pair, and ndcg returns 1.0 when every answer has the
same relevance: there is nothing to get wrong.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations


def _check_lengths(x: Sequence[float], y: Sequence[float]) -> int:
    """Return the common length or refuse mismatched vectors."""
    if len(x) != len(y):
        raise ValueError(f"vectors differ in length: {len(x)} and {len(y)}")
    return len(x)


def _sign(value: float) -> int:
    """Return -1, 0 or 1."""
    return (value > 0) - (value < 0)


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall's tau-b, which corrects for ties on either side; O(n²) by design."""
    n = _check_lengths(x, y)
    balance = tied_x = tied_y = 0
    for i, j in combinations(range(n), 2):
        dx, dy = _sign(x[i] - x[j]), _sign(y[i] - y[j])
        tied_x += dx == 0
        tied_y += dy == 0
        balance += dx * dy
    pairs = n * (n - 1) // 2
    denominator = math.sqrt((pairs - tied_x) * (pairs - tied_y))
    return max(-1.0, min(1.0, balance / denominator)) if denominator else 0.0


def average_ranks(values: Sequence[float]) -> list[float]:
    """Rank values from 1, giving tied values the mean of the ranks they span."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman_rho(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rho: the Pearson correlation of average ranks."""
    n = _check_lengths(x, y)
    if n < 2:
        return 0.0
    rx, ry = average_ranks(x), average_ranks(y)
    mean = (n + 1) / 2
    cov = sum((a - mean) * (b - mean) for a, b in zip(rx, ry, strict=True))
    var_x = sum((a - mean) ** 2 for a in rx)
    var_y = sum((b - mean) ** 2 for b in ry)
    denominator = math.sqrt(var_x * var_y)
    return max(-1.0, min(1.0, cov / denominator)) if denominator else 0.0


def tier_index(gold_order: Sequence[Sequence[str]]) -> dict[str, int]:
    """Map each id to its tier number, 0 for the best tier."""
    return {aid: t for t, tier in enumerate(gold_order) for aid in tier}


def _check_same_ids(tiers: dict[str, int], order: Sequence[str]) -> None:
    """Refuse an order that is not a permutation of the gold ids."""
    if len(order) != len(tiers) or set(order) != set(tiers):
        raise ValueError("order must list every gold answer id exactly once")


def pairwise_accuracy(gold_order: Sequence[Sequence[str]], order: Sequence[str]) -> float:
    """Share of strictly gold-ordered pairs that `order` puts the right way round."""
    tiers = tier_index(gold_order)
    _check_same_ids(tiers, order)
    position = {aid: i for i, aid in enumerate(order)}
    strict = right = 0
    for a, b in combinations(tiers, 2):
        if tiers[a] != tiers[b]:
            strict += 1
            right += (tiers[a] < tiers[b]) == (position[a] < position[b])
    return right / strict if strict else 1.0


def ndcg(gold_order: Sequence[Sequence[str]], order: Sequence[str], k: int | None = None) -> float:
    """Normalised DCG with linear gains: the best of T tiers is worth T-1, the worst 0."""
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    tiers = tier_index(gold_order)
    _check_same_ids(tiers, order)
    top = len(gold_order) - 1
    cut = len(order) if k is None else min(k, len(order))
    gains = [top - tiers[aid] for aid in order[:cut]]
    ideal = sorted((top - t for t in tiers.values()), reverse=True)[:cut]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 1.0
