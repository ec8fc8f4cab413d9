"""Ranking grader: weighted pairwise agreement with a tiered gold order.

Everything that depends only on the item (the strictly ordered gold pairs, their deciding
criteria and mistake messages, metric constants and the perfect outcome) is computed once
per item object and cached, so grading a response is one pass over the pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Final

from graders.base import Grader, InvalidResponse, check_weights, id_list_reasons
from graders.criteria import DEFAULT_WEIGHTS, PRIORITY, Criterion, deciding_criterion
from graders.explain import pair_message
from graders.item import Item
from graders.messages import N_, msg
from graders.metrics import average_ranks, tier_index
from graders.result import GradeResult, Mistake

_CACHE_LIMIT: Final = 4096


@dataclass(frozen=True, slots=True)
class _Pair:
    """A strictly gold-ordered pair and the mistake made by reversing it."""

    better: str
    worse: str
    criterion: Criterion
    mistake: Mistake


@dataclass(frozen=True, slots=True)
class _Plan:
    """Per-item constants for fast grading."""

    ids: frozenset[str]
    pairs: tuple[_Pair, ...]
    counts: tuple[tuple[Criterion, int], ...]
    default_total: float
    pair_count: int
    centred_gold: Mapping[str, float]
    rho_denominator: float
    gains: Mapping[str, float]
    discounts: tuple[float, ...]
    idcg: float
    perfect_scores: Mapping[str, float | None] = field(default_factory=dict)
    perfect_details: Mapping[str, float] = field(default_factory=dict)


# Keyed by item id but only trusted for the very same object, so an edited item is replanned.
_PLANS: dict[str, tuple[Item, _Plan]] = {}


def _pairs(item: Item) -> tuple[_Pair, ...]:
    """List every pair in different gold tiers with its deciding criterion."""
    pairs = []
    for t, upper in enumerate(item.gold_order):
        for lower in item.gold_order[t + 1 :]:
            for better_id in upper:
                for worse_id in lower:
                    better, worse = item.answer(better_id), item.answer(worse_id)
                    criterion = deciding_criterion(better.labels, worse.labels)
                    opening = msg(
                        N_("You put %(worse)s above %(better)s."), worse=worse.id, better=better.id
                    )
                    mistake = Mistake.of(
                        criterion,
                        criterion == Criterion.ETHICS,
                        pair_message(opening, worse, better, criterion),
                        (worse.id, better.id),
                    )
                    pairs.append(_Pair(better_id, worse_id, criterion, mistake))
    return tuple(pairs)


def _build_plan(item: Item) -> _Plan:
    """Precompute pairs and metric constants for one ranking item."""
    pairs = _pairs(item)
    tiers = tier_index(item.gold_order)
    ids = [a.id for a in item.answers]
    n = len(ids)
    ranks = average_ranks([tiers[aid] for aid in ids])
    centred = {aid: r - (n + 1) / 2 for aid, r in zip(ids, ranks, strict=True)}
    top = len(item.gold_order) - 1
    discounts = tuple(1 / math.log2(i + 2) for i in range(n))
    ideal = sorted((top - t for t in tiers.values()), reverse=True)
    counts = tuple((c, sum(p.criterion == c for p in pairs)) for c in PRIORITY)
    plan = _Plan(
        ids=frozenset(ids),
        pairs=pairs,
        counts=counts,
        default_total=sum(DEFAULT_WEIGHTS[c] * k for c, k in counts),
        pair_count=n * (n - 1) // 2,
        centred_gold=MappingProxyType(centred),
        rho_denominator=math.sqrt(sum(v * v for v in centred.values()) * n * (n * n - 1) / 12),
        gains=MappingProxyType({aid: top - t for aid, t in tiers.items()}),
        discounts=discounts,
        idcg=sum(g * d for g, d in zip(ideal, discounts, strict=True)),
    )
    gold_first = [aid for tier in item.gold_order for aid in tier]
    return replace(
        plan,
        perfect_scores=MappingProxyType({c.value: 1.0 if k else None for c, k in counts}),
        perfect_details=MappingProxyType(_details(plan, gold_first, 0)),
    )


def plan_for(item: Item) -> _Plan:
    """Return the cached plan for this exact item object, rebuilding it if the item changed."""
    cached = _PLANS.get(item.id)
    if cached is not None and cached[0] is item:
        return cached[1]
    plan = _build_plan(item)
    if len(_PLANS) >= _CACHE_LIMIT:
        _PLANS.clear()
    _PLANS[item.id] = (item, plan)
    return plan


def _details(plan: _Plan, order: list[str], reversed_pairs: int) -> dict[str, Any]:
    """Compute the rank metrics in O(n) from the plan (equal to graders.metrics results)."""
    strict = len(plan.pairs)
    tau_den = math.sqrt(strict * plan.pair_count)
    middle = (len(order) - 1) / 2
    centred = plan.centred_gold
    cov = sum(centred[aid] * (i - middle) for i, aid in enumerate(order))
    gains = plan.gains
    dcg = sum(gains[aid] * d for aid, d in zip(order, plan.discounts, strict=True))
    return {
        "kendall_tau_b": (strict - 2 * reversed_pairs) / tau_den if tau_den else 0.0,
        "spearman_rho": cov / plan.rho_denominator if plan.rho_denominator else 0.0,
        "pairwise_accuracy": (strict - reversed_pairs) / strict if strict else 1.0,
        "ndcg": dcg / plan.idcg if plan.idcg else 1.0,
    }


class RankingGrader(Grader):
    """Grades a strict order of all answers against tiered gold."""

    kind = "ranking"

    def _check(self, item: Item, response: Mapping[str, Any]) -> list[str]:
        """Require 'order' to list every answer id exactly once."""
        if "order" not in response:
            return ["missing 'order': list every answer id from best to worst"]
        return id_list_reasons([a.id for a in item.answers], response["order"], "order")

    def grade(
        self,
        item: Item,
        response: Any,
        weights: Mapping[Criterion, float] = DEFAULT_WEIGHTS,
    ) -> GradeResult:
        """Score 1 - (weight of reversed gold pairs) / (weight of all strict gold pairs)."""
        if item.kind != self.kind:
            raise ValueError(f"{type(self).__name__} grades ranking items, not {item.kind}")
        plan = plan_for(item)
        if weights is not DEFAULT_WEIGHTS:
            check_weights(weights)
        order = response.get("order") if isinstance(response, Mapping) else None
        try:
            is_valid = (
                isinstance(order, list) and len(order) == len(plan.ids) and (plan.ids == set(order))
            )
        except TypeError:  # unhashable entries; validate_response explains them
            is_valid = False
        if not is_valid:
            self.require_valid(item, response)
            raise InvalidResponse(["'order' must list every answer id exactly once"])
        position = {aid: i for i, aid in enumerate(order)}
        wrong = [p for p in plan.pairs if position[p.better] > position[p.worse]]
        if not wrong:  # the common case in practice: nothing to explain
            return GradeResult(
                score=1.0,
                criterion_scores=dict(plan.perfect_scores),
                critical_errors=0,
                details=dict(plan.perfect_details),
            )
        return _imperfect(plan, order, wrong, weights)


def _imperfect(
    plan: _Plan, order: list[str], wrong: list[_Pair], weights: Mapping[Criterion, float]
) -> GradeResult:
    """Build the result for a response that reversed at least one gold pair."""
    total = (
        plan.default_total
        if weights is DEFAULT_WEIGHTS
        else sum(weights[c] * k for c, k in plan.counts)
    )
    lost = sum(weights[p.criterion] for p in wrong)
    missed = dict.fromkeys(PRIORITY, 0)
    for pair in wrong:
        missed[pair.criterion] += 1
    return GradeResult(
        score=max(0.0, 1.0 - lost / total) if total else 1.0,
        criterion_scores={c.value: 1.0 - missed[c] / k if k else None for c, k in plan.counts},
        critical_errors=missed[Criterion.ETHICS],
        mistakes=tuple(p.mistake for p in wrong),
        details=_details(plan, order, len(wrong)),
    )
