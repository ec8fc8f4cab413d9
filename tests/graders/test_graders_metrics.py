"""Rank metrics: hand-worked values, degenerate inputs, properties and a scipy cross-check."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import stats

from graders.metrics import average_ranks, kendall_tau_b, ndcg, pairwise_accuracy, spearman_rho

SQRT3 = math.sqrt(3)
Metric = Callable[[Sequence[float], Sequence[float]], float]
paired = st.integers(2, 12).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
    )
)
tiered = (
    st.permutations("ABCDEF")
    .flatmap(
        lambda ids: st.lists(st.integers(0, 3), min_size=6, max_size=6).map(
            lambda tiers: (
                ids,
                [[a for a, t in zip(ids, tiers, strict=True) if t == k] for k in range(4)],
            )
        )
    )
    .map(lambda pair: (pair[0], [tier for tier in pair[1] if tier]))
)


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        ([1, 2, 3], [1, 2, 3], 1.0),
        ([1, 2, 3], [3, 2, 1], -1.0),
        ([1, 2, 3, 4], [1, 3, 2, 4], 4 / 6),
        ([1, 1, 2], [1, 2, 3], 2 / math.sqrt(6)),
        ([1, 1, 2, 2], [1, 2, 1, 2], 0.0),
        ([0, 0, 1], [0, 0, 1], 1.0),
    ],
)
def test_kendall_tau_b_hand_worked(x: list[int], y: list[int], expected: float) -> None:
    assert kendall_tau_b(x, y) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        ([1, 2, 3], [10, 20, 30], 1.0),
        ([1, 2, 3], [3, 2, 1], -1.0),
        ([1, 2, 3], [1, 3, 2], 0.5),
        ([1, 1, 2], [1, 2, 3], 1.5 / SQRT3),
        ([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], 0.8),
    ],
)
def test_spearman_rho_hand_worked(x: list[int], y: list[int], expected: float) -> None:
    assert spearman_rho(x, y) == pytest.approx(expected)


@pytest.mark.parametrize("metric", [kendall_tau_b, spearman_rho])
@pytest.mark.parametrize(
    ("x", "y"), [([], []), ([1], [2]), ([1, 1, 1], [1, 2, 3]), ([1, 2, 3], [5, 5, 5])]
)
def test_undefined_correlation_is_zero(metric: Metric, x: list[int], y: list[int]) -> None:
    assert metric(x, y) == 0.0


@pytest.mark.parametrize("metric", [kendall_tau_b, spearman_rho])
def test_length_mismatch_is_refused(metric: Metric) -> None:
    with pytest.raises(ValueError, match="differ in length"):
        metric([1, 2], [1, 2, 3])


def test_average_ranks() -> None:
    assert average_ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]
    assert average_ranks([3, 1, 2]) == [3, 1, 2]
    assert average_ranks([7, 7, 7]) == [2, 2, 2]
    assert average_ranks([]) == []


@pytest.mark.parametrize(
    ("gold", "order", "expected"),
    [
        ([["B"], ["A", "D"], ["C"]], ["B", "A", "D", "C"], 1.0),
        ([["B"], ["A", "D"], ["C"]], ["B", "D", "A", "C"], 1.0),
        ([["B"], ["A", "D"], ["C"]], ["A", "B", "C", "D"], 3 / 5),
        ([["A"], ["B"], ["C"]], ["C", "B", "A"], 0.0),
        ([["A", "B", "C"]], ["C", "B", "A"], 1.0),
    ],
)
def test_pairwise_accuracy(gold: list[list[str]], order: list[str], expected: float) -> None:
    assert pairwise_accuracy(gold, order) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("gold", "order", "k", "expected"),
    [
        ([["A"], ["B"], ["C"]], ["A", "B", "C"], None, 1.0),
        (
            [["A"], ["B"], ["C"]],
            ["C", "B", "A"],
            None,
            (1 / math.log2(3) + 1) / (2 + 1 / math.log2(3)),
        ),
        ([["A"], ["B"], ["C"]], ["B", "A", "C"], 1, 0.5),
        ([["A"], ["B"], ["C"]], ["A", "C", "B"], 1, 1.0),
        ([["A", "B"], ["C"]], ["B", "A", "C"], None, 1.0),
        ([["A", "B", "C"]], ["C", "A", "B"], None, 1.0),
        ([["A"], ["B"]], ["B", "A"], 5, 1 / math.log2(3)),
    ],
)
def test_ndcg(gold: list[list[str]], order: list[str], k: int | None, expected: float) -> None:
    assert ndcg(gold, order, k) == pytest.approx(expected)


@pytest.mark.parametrize("metric", [pairwise_accuracy, ndcg])
@pytest.mark.parametrize("order", [["A", "B"], ["A", "B", "Z"], ["A", "A", "B"]])
def test_order_must_be_a_permutation_of_gold(
    metric: Callable[..., float], order: list[str]
) -> None:
    with pytest.raises(ValueError, match="every gold answer id exactly once"):
        metric([["A"], ["B", "C"]], order)


def test_ndcg_refuses_k_below_one() -> None:
    with pytest.raises(ValueError, match="k must be at least 1"):
        ndcg([["A"], ["B"]], ["A", "B"], k=0)


@given(paired)
def test_correlations_are_bounded_and_symmetric(xy: tuple[list[int], list[int]]) -> None:
    x, y = xy
    for metric in (kendall_tau_b, spearman_rho):
        value = metric(x, y)
        assert -1.0 <= value <= 1.0
        assert value == pytest.approx(metric(y, x))
        assert metric(x, [-v for v in y]) == pytest.approx(-value)


@given(paired)
def test_self_correlation_is_one_unless_constant(xy: tuple[list[int], list[int]]) -> None:
    x, _ = xy
    expected = 0.0 if len(set(x)) == 1 else 1.0
    assert kendall_tau_b(x, x) == pytest.approx(expected)
    assert spearman_rho(x, x) == pytest.approx(expected)


@given(paired)
def test_matches_scipy_with_ties(xy: tuple[list[int], list[int]]) -> None:
    x, y = xy
    assume(len(set(x)) > 1 and len(set(y)) > 1)
    assert kendall_tau_b(x, y) == pytest.approx(
        stats.kendalltau(x, y, variant="b").statistic, abs=1e-9
    )
    assert spearman_rho(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-9)


@given(tiered, st.permutations("ABCDEF"), st.none() | st.integers(1, 8))
def test_order_metrics_are_bounded(gold_pair: tuple, order: list[str], k: int | None) -> None:
    _, gold = gold_pair
    assert 0.0 <= pairwise_accuracy(gold, order) <= 1.0
    assert 0.0 <= ndcg(gold, order, k) <= 1.0 + 1e-12


@given(tiered)
def test_gold_order_itself_is_perfect(gold_pair: tuple) -> None:
    _, gold = gold_pair
    flat = [aid for tier in gold for aid in tier]
    assert pairwise_accuracy(gold, flat) == 1.0
    assert ndcg(gold, flat) == pytest.approx(1.0)
    assert pairwise_accuracy(gold, flat[::-1]) == (0.0 if len(gold) > 1 else 1.0)
