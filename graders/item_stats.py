"""Classical item statistics for the studio's analytics: difficulty, discrimination, reliability.

Undefined results (no data, or no variance to correlate or divide by) are None so the studio can
print "not enough data" instead of a misleading number. Variances are population variances
throughout, which makes KR-20 exactly Cronbach's alpha on 0/1 scores.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence


def _mean(values: Sequence[float]) -> float:
    """The arithmetic mean of a non-empty sequence."""
    return sum(values) / len(values)


def _variance(values: Sequence[float]) -> float:
    """Population variance (divide by n)."""
    centre = _mean(values)
    return sum((v - centre) ** 2 for v in values) / len(values)


def difficulty(scores: Sequence[float]) -> float | None:
    """The item's facility: the mean score in [0, 1] (higher means easier)."""
    return _mean(scores) if scores else None


def point_biserial(item_scores: Sequence[float], totals: Sequence[float]) -> float | None:
    """Correlation of item scores with the students' totals (Pearson r; point-biserial for 0/1).

    A positive value means students who do well overall also do well on this item.
    """
    if len(item_scores) != len(totals):
        raise ValueError(f"vectors differ in length: {len(item_scores)} and {len(totals)}")
    if len(item_scores) < 2:
        return None
    mx, my = _mean(item_scores), _mean(totals)
    sxy = sum((x - mx) * (y - my) for x, y in zip(item_scores, totals, strict=True))
    sxx = sum((x - mx) ** 2 for x in item_scores)
    syy = sum((y - my) ** 2 for y in totals)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _check_matrix(matrix: Sequence[Sequence[float]]) -> int:
    """Return the number of items; every row (respondent) must have the same length."""
    items = len(matrix[0]) if matrix else 0
    if any(len(row) != items for row in matrix):
        raise ValueError("every respondent needs a score for every item")
    return items


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a respondents × items score matrix."""
    items = _check_matrix(matrix)
    if items < 2 or len(matrix) < 2:
        return None
    total_variance = _variance([sum(row) for row in matrix])
    if total_variance == 0:
        return None
    item_variance = sum(_variance([row[i] for row in matrix]) for i in range(items))
    return items / (items - 1) * (1 - item_variance / total_variance)


def kr20(matrix: Sequence[Sequence[int | bool]]) -> float | None:
    """Kuder–Richardson 20 of a respondents × items pass (1) / fail (0) matrix."""
    items = _check_matrix(matrix)
    if items < 2 or len(matrix) < 2:
        return None
    if any(v not in (0, 1) for row in matrix for v in row):
        raise ValueError("KR-20 needs pass/fail scores of 0 or 1")
    total_variance = _variance([float(sum(row)) for row in matrix])
    if total_variance == 0:
        return None
    pq = 0.0
    for i in range(items):
        p = _mean([float(row[i]) for row in matrix])
        pq += p * (1 - p)
    return items / (items - 1) * (1 - pq / total_variance)


def score_matrix(rows: Iterable[tuple[int, int, float]]) -> list[list[float]]:
    """Respondents × items from (respondent, item, score) rows.

    Only respondents with the most common set of items are kept, so every row is complete
    (exam sessions drawn from one blueprint share their item positions).
    """
    by_respondent: dict[int, dict[int, float]] = {}
    for respondent, item, score in rows:
        by_respondent.setdefault(respondent, {})[item] = float(score)
    shapes = Counter(tuple(sorted(r)) for r in by_respondent.values())
    if not shapes:
        return []
    shape = shapes.most_common(1)[0][0]
    return [[r[i] for i in shape] for r in by_respondent.values() if tuple(sorted(r)) == shape]
