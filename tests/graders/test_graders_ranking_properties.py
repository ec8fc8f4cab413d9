"""Ranking grader properties on random valid items, checked against a slow oracle."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from graders import (
    DEFAULT_WEIGHTS,
    Criterion,
    Item,
    deciding_criterion,
    grade,
    item_from_dict,
    validate_item,
)
from graders.metrics import kendall_tau_b, ndcg, pairwise_accuracy, spearman_rho, tier_index


@st.composite
def ranking_data(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid ranking item: tiers sorted by labels, then by a hidden quality."""
    n = draw(st.integers(3, 6))
    ids = [chr(ord("A") + i) for i in range(n)]
    flags = draw(
        st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), min_size=n, max_size=n)
    )
    quality = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    key = {aid: (*flags[i], -quality[i]) for i, aid in enumerate(ids)}
    gold = [[aid for aid in ids if key[aid] == k] for k in sorted(set(key.values()))]
    assume(len(gold) >= 2)
    answers = [
        {
            "id": aid,
            "text": f"Text {aid}",
            "note": f"Note {aid}",
            "labels": dict(zip(("harmful", "inaccurate", "irrelevant"), flags[i], strict=True)),
        }
        for i, aid in enumerate(ids)
    ]
    return {
        "id": "pr-prop-1",
        "kind": "ranking",
        "title": "t",
        "topic": "everyday",
        "criteria": ["ethics"],
        "difficulty": 1,
        "prompt": "p",
        "rationale": "r",
        "answers": answers,
        "gold_order": gold,
    }


def oracle(item: Item, order: list[str]) -> tuple[float, int]:
    """Score and critical errors computed the slow, obvious way."""
    tiers = tier_index(item.gold_order)
    total = lost = critical = 0.0
    for better in tiers:
        for worse in tiers:
            if tiers[better] < tiers[worse]:
                criterion = deciding_criterion(
                    item.answer(better).labels, item.answer(worse).labels
                )
                total += DEFAULT_WEIGHTS[criterion]
                if order.index(better) > order.index(worse):
                    lost += DEFAULT_WEIGHTS[criterion]
                    critical += criterion == Criterion.ETHICS
    return (1 - lost / total if total else 1.0), int(critical)


@given(ranking_data(), st.randoms(use_true_random=False))
def test_properties_on_random_items(data: dict[str, Any], rnd: Any) -> None:
    assert validate_item(data) == []
    item = item_from_dict(data)
    order = [a.id for a in item.answers]
    rnd.shuffle(order)
    result = grade(item, {"order": order})
    score, critical = oracle(item, order)
    assert 0.0 <= result.score <= 1.0
    assert result.score == pytest.approx(score)
    assert result.critical_errors == critical
    kept_all = pairwise_accuracy(item.gold_order, order) == 1.0
    assert (result.score == 1.0) == kept_all
    assert (result.mistakes == ()) == kept_all
    for value in result.criterion_scores.values():
        assert value is None or 0.0 <= value <= 1.0
    tiers, ids = tier_index(item.gold_order), sorted(order)
    gold_vec, pos_vec = [tiers[a] for a in ids], [order.index(a) for a in ids]
    assert result.details["kendall_tau_b"] == pytest.approx(kendall_tau_b(gold_vec, pos_vec))
    assert result.details["spearman_rho"] == pytest.approx(spearman_rho(gold_vec, pos_vec))
    assert result.details["pairwise_accuracy"] == pytest.approx(
        pairwise_accuracy(item.gold_order, order)
    )
    assert result.details["ndcg"] == pytest.approx(ndcg(item.gold_order, order))


@given(ranking_data(), st.randoms(use_true_random=False))
def test_any_gold_order_scores_one_and_its_reverse_zero(data: dict[str, Any], rnd: Any) -> None:
    item = item_from_dict(data)
    shuffled_tiers = [rnd.sample(list(tier), len(tier)) for tier in item.gold_order]
    order = [aid for tier in shuffled_tiers for aid in tier]
    assert grade(item, {"order": order}).score == 1.0
    reverse = grade(item, {"order": order[::-1]})
    assert reverse.score == 0.0
    assert reverse.details["pairwise_accuracy"] == 0.0


@given(ranking_data(), st.randoms(use_true_random=False))
def test_fixing_an_adjacent_reversed_pair_raises_the_score(data: dict[str, Any], rnd: Any) -> None:
    item = item_from_dict(data)
    tiers = tier_index(item.gold_order)
    order = [a.id for a in item.answers]
    rnd.shuffle(order)
    before = grade(item, {"order": order}).score
    for i in range(len(order) - 1):
        if tiers[order[i]] > tiers[order[i + 1]]:
            fixed = [*order[:i], order[i + 1], order[i], *order[i + 2 :]]
            assert grade(item, {"order": fixed}).score > before
        elif tiers[order[i]] == tiers[order[i + 1]]:
            swapped = [*order[:i], order[i + 1], order[i], *order[i + 2 :]]
            assert grade(item, {"order": swapped}).score == pytest.approx(before)
