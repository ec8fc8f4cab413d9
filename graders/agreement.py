"""Inter-rater agreement: Krippendorff's alpha (ordinal, interval), Kendall's W, per-marker figures.

Both take a table of raters × units. Alpha tolerates missing values (None) and any number of
raters; W needs every rater to rank every unit. Undefined results (no variation at all, too
few raters or units) are None, so callers can say "not measurable" instead of dividing by zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations

from graders.metrics import average_ranks

Value = float | int
Table = Sequence[Sequence[Value | None]]
Distances = dict[tuple[Value, Value], float]


def _coincidences(table: Table) -> Counter[tuple[Value, Value]]:
    """The coincidence matrix: each unit's ordered value pairs weighted 1 / (m_u - 1)."""
    units = max((len(row) for row in table), default=0)
    matrix: Counter[tuple[Value, Value]] = Counter()
    for unit in range(units):
        values = [row[unit] for row in table if unit < len(row) and row[unit] is not None]
        if len(values) < 2:
            continue  # a unit rated once cannot show agreement or disagreement
        weight = 1 / (len(values) - 1)
        for a, b in permutations(values, 2):
            matrix[(a, b)] += weight
    return matrix


def _ordinal_distances(marginals: dict[Value, float]) -> dict[tuple[Value, Value], float]:
    """Squared ordinal distance: the marginal mass between two ranks, ends counted half."""
    ordered = sorted(marginals)
    distances = {}
    for i, low in enumerate(ordered):
        for high in ordered[i:]:
            inner = sum(marginals[v] for v in ordered if low <= v <= high)
            delta = (inner - (marginals[low] + marginals[high]) / 2) ** 2
            distances[(low, high)] = distances[(high, low)] = delta
    return distances


def _interval_distances(marginals: dict[Value, float]) -> dict[tuple[Value, Value], float]:
    """Squared difference: the metric for equal-interval scales such as the 1–7 mark."""
    return {(a, b): float(a - b) ** 2 for a in marginals for b in marginals}


def krippendorff_alpha_ordinal(table: Table) -> float | None:
    """Krippendorff's alpha with the ordinal metric; rows are raters, columns units."""
    return _alpha(table, _ordinal_distances)


def krippendorff_alpha_interval(table: Table) -> float | None:
    """Krippendorff's alpha with the interval metric; rows are raters, columns units."""
    return _alpha(table, _interval_distances)


def _alpha(table: Table, metric: Callable[[dict[Value, float]], Distances]) -> float | None:
    """Alpha = 1 - observed / expected disagreement under ``metric``; None without variation."""
    matrix = _coincidences(table)
    marginals: dict[Value, float] = {}
    for (a, _b), weight in matrix.items():
        marginals[a] = marginals.get(a, 0.0) + weight
    total = sum(marginals.values())
    if len(marginals) < 2:
        return None  # one value everywhere: disagreement cannot be expected or observed
    distance = metric(marginals)
    observed = sum(weight * distance[pair] for pair, weight in matrix.items())
    expected = sum(
        marginals[a] * marginals[b] * distance[(a, b)] for a in marginals for b in marginals
    )
    return 1 - (total - 1) * observed / expected


def _tie_term(ranks: Sequence[float]) -> float:
    """Sum of t³ - t over groups of tied ranks."""
    return float(sum(t**3 - t for t in Counter(ranks).values()))


def kendalls_w(table: Table) -> float | None:
    """Kendall's coefficient of concordance W, corrected for ties; rows are raters.

    Each row is converted to average ranks (lower value = better), so rows may hold tier
    numbers or ratings as well as ranks.
    """
    raters = len(table)
    units = len(table[0]) if raters else 0
    if raters < 2 or units < 2:
        return None
    if any(len(row) != units or any(v is None for v in row) for row in table):
        raise ValueError("Kendall's W needs every rater to rank every unit")
    ranks = [average_ranks([float(v) for v in row]) for row in table]  # type: ignore[arg-type]
    sums = [sum(row[u] for row in ranks) for u in range(units)]
    mean = sum(sums) / units
    spread = sum((s - mean) ** 2 for s in sums)
    denominator = raters**2 * (units**3 - units) - raters * sum(_tie_term(r) for r in ranks)
    if denominator <= 0:
        return None  # every rater tied every unit
    return 12 * spread / denominator


@dataclass(frozen=True)
class MarkerAgreement:
    """How one marker's marks compare with the other markers' marks of the same scripts."""

    pairs: int
    exact: float | None
    adjacent: float | None
    alpha: float | None


def marker_agreement(units: Sequence[Mapping[str, int]]) -> dict[str, MarkerAgreement]:
    """Per marker: exact and within-one agreement and interval alpha against the others.

    ``units`` holds one mapping marker → mark per script. Every (marker, other marker) pair
    on a script is one paired unit in the marker's two-row alpha table.
    """
    paired: dict[str, list[tuple[int, int]]] = {}
    for unit in units:
        for marker, mark in unit.items():
            others = [value for name, value in unit.items() if name != marker]
            paired.setdefault(marker, []).extend((mark, other) for other in others)
    result = {}
    for marker, pairs in paired.items():
        n = len(pairs)
        table = [[a for a, _b in pairs], [b for _a, b in pairs]]
        result[marker] = MarkerAgreement(
            pairs=n,
            exact=sum(a == b for a, b in pairs) / n if n else None,
            adjacent=sum(abs(a - b) <= 1 for a, b in pairs) / n if n else None,
            alpha=krippendorff_alpha_interval(table) if n else None,
        )
    return result
