"""Item statistics against hand-computed values, with SciPy as an oracle."""

from __future__ import annotations

import random

import pytest
from scipy.stats import pointbiserialr

from graders.item_stats import cronbach_alpha, difficulty, kr20, point_biserial, score_matrix


def test_difficulty_is_the_mean_score():
    assert difficulty([1, 0, 0.5, 0.5]) == 0.5
    assert difficulty([]) is None


def test_point_biserial_hand_computed():
    # sxy = 2, sxx = 1, syy = 5 → 2 / sqrt(5)
    assert point_biserial([1, 1, 0, 0], [4, 3, 2, 1]) == pytest.approx(2 / 5**0.5)
    assert point_biserial([0, 0, 1, 1], [4, 3, 2, 1]) == pytest.approx(-(2 / 5**0.5))


def test_point_biserial_undefined_cases():
    assert point_biserial([1], [3]) is None
    assert point_biserial([1, 1, 1], [1, 2, 3]) is None
    with pytest.raises(ValueError, match="differ in length"):
        point_biserial([1, 0], [1])


@pytest.mark.parametrize("seed", range(25))
def test_point_biserial_matches_scipy(seed):
    rng = random.Random(seed)
    n = rng.randint(3, 40)
    item = [rng.choice([0, 1]) for _ in range(n)]
    totals = [rng.random() for _ in range(n)]
    ours = point_biserial(item, totals)
    if ours is None:
        return
    assert ours == pytest.approx(pointbiserialr(item, totals).statistic, abs=1e-9)


BINARY = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


def test_kr20_hand_computed():
    # totals 3,2,1,0: variance 1.25; sum pq = .1875 + .25 + .1875 = .625 → 1.5 * .5
    assert kr20(BINARY) == pytest.approx(0.75)


def test_kr20_equals_cronbach_alpha_on_binary_scores():
    assert cronbach_alpha(BINARY) == pytest.approx(kr20(BINARY))


def test_cronbach_alpha_hand_computed():
    # item variances 2/3 and 8/9, total variance 26/9 → 2 * (1 - 14/26) = 12/13
    assert cronbach_alpha([[2, 3], [4, 5], [3, 3]]) == pytest.approx(12 / 13)


def test_reliability_undefined_and_invalid_cases():
    assert kr20([[1, 0]]) is None
    assert kr20([[1], [0]]) is None
    assert kr20([[1, 1], [1, 1]]) is None
    assert cronbach_alpha([]) is None
    with pytest.raises(ValueError, match="0 or 1"):
        kr20([[1, 2], [0, 1]])
    with pytest.raises(ValueError, match="every item"):
        cronbach_alpha([[1, 2], [1]])


def test_score_matrix_keeps_respondents_with_the_common_items():
    rows = [(1, 1, 1.0), (1, 2, 0.0), (2, 1, 0.5), (2, 2, 0.5), (3, 1, 1.0)]
    assert score_matrix(rows) == [[1.0, 0.0], [0.5, 0.5]]
    assert score_matrix([]) == []
