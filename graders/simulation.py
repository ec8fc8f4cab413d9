"""Sitting simulated candidates on real exam forms, graded by the real pass rule.

Forms are drawn from the real pool with the real ``draw_exam`` (judgement minimums included);
each response comes from ``simulation_candidates`` and is judged by ``graders.judgements`` and
decided by ``graders.exam.evaluate_exam``. The reference answer is marked by people (double
marking, issue 12.5), so it is outside the simulation: simulated candidates are given the
pass mark on it and the figures describe the automatically graded part.

Skill is calibrated: a candidate with the same skill θ on every criterion is sat on many forms
to measure the agreement rate that θ produces, overall and per criterion. A candidate's *true
skill* is then their expected agreement rate, read from that calibration.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from graders.blueprint import REVIEWED_KINDS, Blueprint
from graders.criteria import PRIORITY
from graders.exam import DrawnItem, ItemScore, draw_exam, evaluate_exam
from graders.exam_draw import entries_from_items, form_minimums
from graders.item import Item
from graders.judgements import judge, must_catch_failed, tally
from graders.simulation_candidates import Candidate, respond

CRITERIA: Final = tuple(c.value for c in PRIORITY)
THETA_GRID: Final = tuple(i / 20 for i in range(21))

Form = tuple[DrawnItem, ...]


@dataclass(frozen=True, slots=True)
class Sitting:
    """One candidate on one form: the verdict, agreement and each item's share agreed."""

    passed: bool
    agreement: float
    item_scores: tuple[float, ...]
    agreed: Mapping[str, int]
    total: Mapping[str, int]
    failed: tuple[str, ...] = ()


def draw_forms(
    items: Mapping[str, Item], blueprint: Blueprint, count: int, rng: random.Random
) -> list[Form]:
    """Independent forms drawn as the exam service draws them (no exposure history)."""
    entries = entries_from_items(items.values())
    minimums = form_minimums(blueprint)
    return [
        tuple(draw_exam(entries, blueprint, rng.randrange(2**62), minimums=minimums))
        for _ in range(count)
    ]


def sit(
    form: Form, items: Mapping[str, Item], who: Candidate, blueprint: Blueprint,
    rng: random.Random,
) -> Sitting:
    """Answer every item of the form as ``who`` would and grade it with the real rule."""
    scores, shares = [], []
    agreed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for drawn in form:
        item = items[drawn.uid]
        if item.kind in REVIEWED_KINDS:
            mark = blueprint.pass_rule.reference_pass_mark
            scores.append(ItemScore(drawn.section, item.kind, mark / 7, {}, likert=mark))
            continue
        response = respond(item, who, rng)
        judgements = judge(item, response)
        counts = tally(judgements)
        shares.append(counts.agreement)
        for criterion, (yes, n) in counts.by_criterion.items():
            agreed[criterion] += yes
            total[criterion] += n
        scores.append(
            ItemScore(
                drawn.section, item.kind, counts.agreement, {},
                judgements=judgements, must_catch_failed=must_catch_failed(item, response),
            )
        )
    outcome = evaluate_exam(scores, blueprint.pass_rule)
    return Sitting(
        outcome.status == "passed",
        outcome.overall,
        tuple(shares),
        dict(agreed),
        dict(total),
        outcome.failed_checks,
    )


def uniform(theta: float) -> Candidate:
    """A candidate with the same skill on every criterion."""
    return Candidate(dict.fromkeys(CRITERIA, theta))


@dataclass(frozen=True)
class Calibration:
    """Agreement produced by each skill level θ, overall and per criterion."""

    thetas: tuple[float, ...]
    overall: tuple[float, ...]
    by_criterion: Mapping[str, tuple[float, ...]]
    shares: Mapping[str, float]

    def theta_for(self, agreement: float) -> float:
        """The θ whose expected agreement is ``agreement`` (linear between grid points)."""
        points = list(zip(self.overall, self.thetas, strict=True))
        if agreement <= points[0][0]:
            return points[0][1]
        for (a0, t0), (a1, t1) in zip(points, points[1:], strict=False):
            if a0 <= agreement <= a1:
                return t0 if a1 == a0 else t0 + (t1 - t0) * (agreement - a0) / (a1 - a0)
        return points[-1][1]

    def true_skill(self, who: Candidate) -> float:
        """The candidate's expected agreement rate, from the per-criterion calibration."""
        return sum(
            share * interpolate(self.thetas, self.by_criterion[c], who.skill[c])
            for c, share in self.shares.items()
        )


def interpolate(xs: Sequence[float], ys: Sequence[float], x: float) -> float:
    """Piecewise-linear y(x) on an increasing grid, clamped at the ends."""
    if x <= xs[0]:
        return ys[0]
    for x0, x1, y0, y1 in zip(xs, xs[1:], ys, ys[1:], strict=False):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return ys[-1]


def _monotone(values: Sequence[float]) -> tuple[float, ...]:
    """Running maximum, so the calibration can be inverted."""
    out, best = [], float("-inf")
    for value in values:
        best = max(best, value)
        out.append(best)
    return tuple(out)


def calibrate(
    forms: Sequence[Form], items: Mapping[str, Item], blueprint: Blueprint,
    per_point: int, rng: random.Random,
) -> Calibration:
    """Sit ``per_point`` uniform candidates per θ on random forms and measure agreement."""
    overall, by_criterion = [], {c: [] for c in CRITERIA}
    grand: Counter[str] = Counter()
    for theta in THETA_GRID:
        agreed: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for _ in range(per_point):
            sitting = sit(rng.choice(forms), items, uniform(theta), blueprint, rng)
            agreed.update(sitting.agreed)
            total.update(sitting.total)
        overall.append(sum(agreed.values()) / max(1, sum(total.values())))
        for c in CRITERIA:
            by_criterion[c].append(agreed[c] / total[c] if total[c] else 1.0)
        grand.update(total)
    size = sum(grand.values()) or 1
    return Calibration(
        THETA_GRID,
        _monotone(overall),
        {c: tuple(v) for c, v in by_criterion.items()},
        {c: grand[c] / size for c in CRITERIA if grand[c]},
    )
