"""Classical test statistics the exam simulation reports (pure Python, no numpy needed).

Matrices are persons × items, one column per item *identity* within one fixed form; an item's
score is the share of its judgements agreed, so each item is a testlet and the correlation of
judgements inside it does not inflate the reliability.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean (0 for no values)."""
    return sum(values) / len(values) if values else 0.0


def variance(values: Sequence[float]) -> float:
    """Sample variance (n - 1); 0 with fewer than two values."""
    if len(values) < 2:
        return 0.0
    centre = mean(values)
    return sum((v - centre) ** 2 for v in values) / (len(values) - 1)


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson correlation; 0 when either side has no spread."""
    mx, my = mean(xs), mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else 0.0


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float:
    """Cronbach's alpha (KR-20 for 0/1 items) of a persons × items matrix."""
    if len(matrix) < 2 or len(matrix[0]) < 2:
        return 0.0
    k = len(matrix[0])
    item_variance = sum(variance([row[j] for row in matrix]) for j in range(k))
    total_variance = variance([sum(row) for row in matrix])
    if total_variance <= 0:
        return 0.0
    return k / (k - 1) * (1 - item_variance / total_variance)


def spearman_brown(r: float, factor: float = 2.0) -> float:
    """Reliability of a test ``factor`` times as long as one with reliability ``r``."""
    return factor * r / (1 + (factor - 1) * r) if r > -1 / (factor - 1 or 1) else 0.0


def split_half(matrix: Sequence[Sequence[float]]) -> float:
    """Odd–even split-half correlation stepped up to full length with Spearman–Brown."""
    if len(matrix) < 3 or len(matrix[0]) < 2:
        return 0.0
    odd = [sum(row[0::2]) for row in matrix]
    even = [sum(row[1::2]) for row in matrix]
    return spearman_brown(correlation(odd, even))


def cohen_kappa(first: Sequence[bool], second: Sequence[bool]) -> float:
    """Agreement of two pass/fail verdict lists beyond chance."""
    n = len(first)
    if not n:
        return 0.0
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p1, p2 = sum(first) / n, sum(second) / n
    chance = p1 * p2 + (1 - p1) * (1 - p2)
    return (observed - chance) / (1 - chance) if chance < 1 else 1.0


def sem(sd: float, reliability: float) -> float:
    """Standard error of measurement: SD × √(1 − reliability)."""
    return sd * math.sqrt(max(0.0, 1.0 - reliability))


def paired_sem(first: Sequence[float], second: Sequence[float]) -> float:
    """SEM from two parallel measurements of the same people: √(mean squared difference / 2)."""
    if not first:
        return 0.0
    return math.sqrt(mean([(a - b) ** 2 for a, b in zip(first, second, strict=True)]) / 2)
