"""Classical item statistics for the studio's analytics: difficulty, discrimination, reliability.

Undefined results (no data, or no variance to correlate or divide by) are None so the studio can
print "not enough data" instead of a misleading number. Variances are population variances
throughout, which makes KR-20 exactly Cronbach's alpha on 0/1 scores.

Exam forms are drawn at random, so statistics go by item *identity*: discrimination correlates an
item with the rest of each sitting (the item itself left out), and reliability is computed per
group of sittings that hold the same items (a "form"), never by position.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass


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


def score_matrix(rows: Iterable[tuple[Hashable, Hashable, float]]) -> list[list[float]]:
    """Respondents × items from (respondent, item identity, score) rows.

    Only respondents with the most common set of items are kept, so every row is complete and
    every column is one item.
    """
    by_respondent: dict[Hashable, dict[Hashable, float]] = {}
    for respondent, item, score in rows:
        by_respondent.setdefault(respondent, {})[item] = float(score)
    shapes = Counter(_shape(r) for r in by_respondent.values())
    if not shapes:
        return []
    shape = shapes.most_common(1)[0][0]
    return [[r[i] for i in shape] for r in by_respondent.values() if _shape(r) == shape]


def _shape(scores: Mapping[Hashable, float]) -> tuple[Hashable, ...]:
    """The sorted item identities a respondent answered (sorted by text so any keys compare)."""
    return tuple(sorted(scores, key=repr))


LOW_P, HIGH_P, LOW_R = 0.2, 0.95, 0.15  # ASSESSMENT.md: flag for review outside these


def share_agreed(
    judgements: Iterable[Mapping[str, object]] | None, fallback: float | None
) -> float | None:
    """An exam item's score: the share of its judgements agreed, else the stored score."""
    rows = list(judgements or ())
    if not rows:
        return fallback
    return sum(1 for row in rows if row.get("agreed")) / len(rows)


@dataclass(frozen=True)
class ItemStat:
    """Difficulty and corrected discrimination of one item over one response per respondent."""

    respondents: int
    p: float | None
    r: float | None
    flags: tuple[str, ...]


def review_flags(p: float | None, r: float | None) -> tuple[str, ...]:
    """Why an item needs review: too hard, too easy, or not telling strong from weak students."""
    flags = []
    if p is not None and p < LOW_P:
        flags.append("too hard")
    if p is not None and p > HIGH_P:
        flags.append("too easy")
    if r is not None and r < LOW_R:
        flags.append("low discrimination")
    return tuple(flags)


def item_statistics(
    sittings: Mapping[Hashable, Mapping[Hashable, float]],
) -> dict[Hashable, ItemStat]:
    """p and item–rest r of every item from sittings (respondent → item → score in [0, 1]).

    The rest score is the respondent's mean on their OTHER items, so the item never correlates
    with itself; a sitting with a single item gives no rest score and is left out of r.
    """
    # Flat arrays of doubles, not a tuple per cell: at 2,000 sittings of 40 items the tuples
    # held 8 MB that the worker kept as resident memory after the page was served.
    scores: dict[Hashable, array[float]] = defaultdict(lambda: array("d"))
    paired: dict[Hashable, array[float]] = defaultdict(lambda: array("d"))
    rests: dict[Hashable, array[float]] = defaultdict(lambda: array("d"))
    for sitting in sittings.values():
        total, count = sum(sitting.values()), len(sitting)
        for item, score in sitting.items():
            scores[item].append(score)
            if count > 1:
                paired[item].append(score)
                rests[item].append((total - score) / (count - 1))
    stats = {}
    for item, values in scores.items():
        p = difficulty(values)
        r = point_biserial(paired[item], rests[item])
        stats[item] = ItemStat(len(values), p, r, review_flags(p, r))
    return stats


@dataclass(frozen=True)
class FormReliability:
    """Alpha (and KR-20 when every score is 0/1) of the sittings that share one set of items."""

    columns: int
    respondents: int
    alpha: float | None


def reliability_by_form(
    rows: Iterable[tuple[Hashable, Hashable, float]], min_respondents: int = 2
) -> list[FormReliability]:
    """Alpha per group of respondents who answered exactly the same items (largest group first).

    Columns are item (or judgement) identities, so a column is one question for everybody in
    its group. On 0/1 scores alpha equals KR-20.
    """
    by_respondent: dict[Hashable, dict[Hashable, float]] = defaultdict(dict)
    for respondent, column, score in rows:
        by_respondent[respondent][column] = float(score)
    groups: dict[tuple[Hashable, ...], list[Mapping[Hashable, float]]] = defaultdict(list)
    for scores in by_respondent.values():
        groups[_shape(scores)].append(scores)
    forms = [
        FormReliability(
            len(shape), len(group), cronbach_alpha([[r[c] for c in shape] for r in group])
        )
        for shape, group in groups.items()
        if len(group) >= min_respondents
    ]
    return sorted(forms, key=lambda f: (-f.respondents, -f.columns))


def pooled_reliability(forms: Sequence[FormReliability]) -> float | None:
    """The respondent-weighted mean alpha over forms with a defined alpha."""
    usable = [f for f in forms if f.alpha is not None]
    weight = sum(f.respondents for f in usable)
    if not weight:
        return None
    return sum(f.alpha * f.respondents for f in usable if f.alpha is not None) / weight


def repeat_pairs(
    sittings: Iterable[tuple[Hashable, float, bool]], window: float
) -> list[tuple[bool, bool]]:
    """Verdict pairs of a respondent's consecutive sittings at most ``window`` apart.

    ``sittings`` are (respondent, time as a number, passed); each sitting is used once.
    """
    by_respondent: dict[Hashable, list[tuple[float, bool]]] = defaultdict(list)
    for respondent, when, passed in sittings:
        by_respondent[respondent].append((when, passed))
    pairs = []
    for own in by_respondent.values():
        own.sort()
        i = 0
        while i + 1 < len(own):
            if own[i + 1][0] - own[i][0] <= window:
                pairs.append((own[i][1], own[i + 1][1]))
                i += 2
            else:
                i += 1
    return pairs


def decision_consistency(pairs: Sequence[tuple[bool, bool]]) -> tuple[float, float | None] | None:
    """Share of pairs with the same verdict, and Cohen's kappa (None without variation)."""
    if not pairs:
        return None
    same = sum(1 for a, b in pairs if a == b) / len(pairs)
    first = sum(1 for a, _ in pairs if a) / len(pairs)
    second = sum(1 for _, b in pairs if b) / len(pairs)
    chance = first * second + (1 - first) * (1 - second)
    kappa = (same - chance) / (1 - chance) if chance < 1 else None
    return same, kappa


def _pair_covariance(sums: Sequence[float]) -> float | None:
    """Population covariance from n, Σx, Σy, Σxy (None under two respondents)."""
    n, sx, sy, sxy = sums
    return sxy / n - (sx / n) * (sy / n) if n >= 2 else None


def random_form_alpha(
    sittings: Sequence[Mapping[Hashable, float]], form_length: int
) -> float | None:
    """Alpha of a form of ``form_length`` items when every sitting drew different items.

    From the mean item variance v and the mean covariance c of item pairs sat together
    (pairwise-complete), alpha = k·c / (v + (k − 1)·c): the formula of alpha rewritten in
    averages, so it needs no two sittings with the same items.
    """
    values: dict[Hashable, list[float]] = defaultdict(list)
    pairs: dict[tuple[Hashable, Hashable], list[float]] = defaultdict(lambda: [0.0] * 4)
    for scores in sittings:
        ordered = sorted(scores.items(), key=lambda kv: repr(kv[0]))
        for i, (a, x) in enumerate(ordered):
            values[a].append(x)
            for b, y in ordered[i + 1 :]:
                acc = pairs[(a, b)]
                acc[0] += 1
                acc[1] += x
                acc[2] += y
                acc[3] += x * y
    variances = [_variance(v) for v in values.values() if len(v) >= 2]
    covariances = [c for c in map(_pair_covariance, pairs.values()) if c is not None]
    if form_length < 2 or not variances or not covariances:
        return None
    v, c = _mean(variances), _mean(covariances)
    denominator = v + (form_length - 1) * c
    return form_length * c / denominator if denominator > 0 else None
