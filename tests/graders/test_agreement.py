"""Krippendorff's alpha (ordinal) and Kendall's W against hand-computed values and oracles."""

from __future__ import annotations

import math
import random

import krippendorff
import numpy as np
import pytest
from scipy.stats import friedmanchisquare

from graders.agreement import (
    kendalls_w,
    krippendorff_alpha_interval,
    krippendorff_alpha_ordinal,
    marker_agreement,
)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ([[1, 2, 3], [1, 2, 3]], 1.0),
        # o11 = o23 = o32 = 2, n = 6; D_o = 16, D_e-sum = 192 → 1 - 5 * 16 / 192
        ([[1, 2, 3], [1, 3, 2]], 7 / 12),
        # a unit rated once is not pairable and is ignored
        ([[1, 2, 3, 1], [1, 3, 2, None]], 7 / 12),
    ],
)
def test_alpha_hand_computed(table, expected):
    assert krippendorff_alpha_ordinal(table) == pytest.approx(expected)


def test_alpha_is_none_without_variation():
    assert krippendorff_alpha_ordinal([[2, 2, 2], [2, 2, 2]]) is None
    assert krippendorff_alpha_ordinal([[1, 2, 3]]) is None


def test_alpha_of_reversed_rankings_is_negative():
    assert krippendorff_alpha_ordinal([[1, 2, 3, 4], [4, 3, 2, 1]]) < 0


def _random_table(rng: random.Random, missing: bool) -> list[list[int | None]]:
    raters, units = rng.randint(2, 5), rng.randint(3, 8)
    table: list[list[int | None]] = []
    for _ in range(raters):
        row: list[int | None] = [rng.randint(1, 5) for _ in range(units)]
        if missing:
            row[rng.randrange(units)] = None
        table.append(row)
    return table


@pytest.mark.parametrize("seed", range(40))
def test_alpha_matches_the_krippendorff_package(seed):
    rng = random.Random(seed)
    table = _random_table(rng, missing=seed % 2 == 1)
    ours = krippendorff_alpha_ordinal(table)
    data = np.array([[np.nan if v is None else v for v in row] for row in table], dtype=float)
    if ours is None:
        return
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal")
    assert ours == pytest.approx(theirs, abs=1e-9)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # rank sums 3, 7, 8 around 6: S = 14; W = 12 * 14 / (9 * 24)
        ([[1, 2, 3], [1, 2, 3], [1, 3, 2]], 7 / 9),
        # first rater ties two (mid-ranks 1.5, 1.5, 3): S = 6.5, T = 6; W = 78 / (96 - 12)
        ([[1, 1, 2], [1, 2, 3]], 13 / 14),
        ([[1, 2, 3], [3, 2, 1]], 0.0),
        ([[1, 2, 3, 4], [1, 2, 3, 4]], 1.0),
    ],
)
def test_kendalls_w_hand_computed(table, expected):
    assert kendalls_w(table) == pytest.approx(expected)


def test_kendalls_w_undefined_cases():
    assert kendalls_w([[1, 2, 3]]) is None
    assert kendalls_w([[1], [1]]) is None
    assert kendalls_w([[1, 1, 1], [2, 2, 2]]) is None
    with pytest.raises(ValueError, match="every rater"):
        kendalls_w([[1, 2, 3], [1, None, 2]])


@pytest.mark.parametrize("seed", range(30))
def test_kendalls_w_matches_friedman(seed):
    """Friedman's chi-square (tie-corrected) equals m (n - 1) W."""
    rng = random.Random(seed)
    raters, units = rng.randint(2, 6), rng.randint(3, 6)
    table = [[rng.randint(1, 4) for _ in range(units)] for _ in range(raters)]
    ours = kendalls_w(table)
    if ours is None:
        return
    chi2 = friedmanchisquare(*[[row[u] for row in table] for u in range(units)]).statistic
    assert math.isclose(ours, chi2 / (raters * (units - 1)), abs_tol=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_interval_alpha_matches_the_krippendorff_package(seed):
    rng = random.Random(seed)
    table = [[rng.randint(1, 7) for _ in range(6)] for _ in range(rng.randint(2, 4))]
    expected = krippendorff.alpha(
        reliability_data=np.array(table, dtype=float), level_of_measurement="interval"
    )
    got = krippendorff_alpha_interval(table)
    if got is None:
        assert math.isnan(expected) or len({v for row in table for v in row}) == 1
    else:
        assert got == pytest.approx(expected)


def test_marker_agreement_pairs_each_marker_with_the_others():
    units = [
        {"ana": 6, "ben": 6},
        {"ana": 3, "ben": 4},
        {"ana": 2, "ben": 5, "cy": 3},  # adjudicated: three marks, three pairs each
    ]
    found = marker_agreement(units)
    assert found["ana"].pairs == 4 and found["cy"].pairs == 2
    assert found["ana"].exact == pytest.approx(1 / 4)
    assert found["ana"].adjacent == pytest.approx(3 / 4)
    assert found["cy"].adjacent == pytest.approx(1 / 2)
    assert found["ana"].alpha is not None and found["ana"].alpha < 1


def test_marker_agreement_is_perfect_when_marks_match():
    found = marker_agreement([{"a": 2, "b": 2}, {"a": 6, "b": 6}, {"a": 4, "b": 4}])
    assert found["a"].alpha == pytest.approx(1.0) and found["b"].exact == 1.0
