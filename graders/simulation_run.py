"""The exam simulation end to end: pass curve, decision consistency, reliability, cut score.

The population is stated explicitly because every figure depends on it: true skill (expected
agreement with the experts) uniformly spread over [low, high] (default 0.55–0.97, a realistic
applicant population from a weak guesser to an expert), each criterion's skill jittered around
the candidate's level. Every candidate sits two independently drawn forms.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from graders.blueprint import Blueprint
from graders.item import Item
from graders.judgements import judge
from graders.simulation import (
    CRITERIA,
    Calibration,
    Candidate,
    Form,
    Sitting,
    calibrate,
    draw_forms,
    sit,
)
from graders.simulation_stats import (
    cohen_kappa,
    cronbach_alpha,
    mean,
    paired_sem,
    sem,
    split_half,
    variance,
)

CURVE: Final = (0.55, 0.60, 0.65, 0.70, 0.725, 0.75, 0.775, 0.80, 0.825, 0.85, 0.90, 0.95)
BORDERLINE: Final = 0.75  # minimally competent: the InstructGPT soft cut-off (DOMAIN.md)
NEAR_CUT: Final = 0.03


@dataclass(frozen=True)
class SimulationConfig:
    """How big the simulation is, and the population it describes."""

    candidates: int = 2000
    forms: int = 20
    group_size: int = 400
    calibration: int = 40
    seed: int = 1
    low: float = 0.55
    high: float = 0.97
    jitter: float = 0.05
    curve: tuple[float, ...] = CURVE
    borderline: float = BORDERLINE


@dataclass
class SimulationReport:
    """Every figure ``school exams simulate`` prints."""

    blueprint: str
    config: SimulationConfig
    items_per_form: float
    judgements_per_form: float
    curve: list[tuple[float, float, float]] = field(default_factory=list)
    decision_consistency: float = 0.0
    kappa: float = 0.0
    pass_rate: float = 0.0
    alpha: float = 0.0
    split_half: float = 0.0
    sd: float = 0.0
    sem: float = 0.0
    csem_at_cut: float = 0.0
    cut: float = 0.0
    recommended_cut: float = 0.0
    calibration: Calibration | None = None
    fail_reasons: dict[str, float] = field(default_factory=dict)

    def pass_probability(self, skill: float) -> float:
        """The simulated pass rate of the curve point closest to ``skill``."""
        return min(self.curve, key=lambda row: abs(row[0] - skill))[2]


def _candidate(
    calibration: Calibration, target: float, jitter: float, rng: random.Random
) -> Candidate:
    """A candidate around ``target`` agreement, each criterion's skill jittered."""
    theta = calibration.theta_for(target)
    skill = {c: min(1.0, max(0.0, theta + rng.gauss(0.0, jitter))) for c in CRITERIA}
    return Candidate(skill)


def _curve(ctx: _Context) -> list[tuple[float, float, float]]:
    """Pass probability per target skill; candidate i shares its random stream across points."""
    rows = []
    for target in ctx.config.curve:
        passed, truths = 0, []
        for i in range(ctx.config.group_size):
            rng = random.Random(ctx.config.seed * 7_919 + i)  # noqa: S311 - simulation
            who = _candidate(ctx.calibration, target, ctx.config.jitter, rng)
            truths.append(ctx.calibration.true_skill(who))
            passed += ctx.sit(rng.randrange(len(ctx.forms)), who, rng).passed
        rows.append((target, mean(truths), passed / ctx.config.group_size))
    return rows


@dataclass
class _Context:
    """What every stage needs: items, forms, blueprint, calibration."""

    items: Mapping[str, Item]
    forms: list[Form]
    blueprint: Blueprint
    config: SimulationConfig
    calibration: Calibration

    def sit(self, form_index: int, who: Candidate, rng: random.Random) -> Sitting:
        """One sitting on form ``form_index``."""
        return sit(self.forms[form_index], self.items, who, self.blueprint, rng)


@dataclass
class _Population:
    """Two sittings per candidate of the stated population."""

    truths: list[float] = field(default_factory=list)
    first: list[Sitting] = field(default_factory=list)
    second: list[Sitting] = field(default_factory=list)
    by_form: dict[int, list[tuple[float, ...]]] = field(default_factory=dict)


def _population(ctx: _Context, rng: random.Random) -> _Population:
    """Sit every candidate on two different random forms."""
    people = _Population()
    count = len(ctx.forms)
    for _ in range(ctx.config.candidates):
        target = rng.uniform(ctx.config.low, ctx.config.high)
        who = _candidate(ctx.calibration, target, ctx.config.jitter, rng)
        a = rng.randrange(count)
        b = (a + 1 + rng.randrange(count - 1)) % count if count > 1 else a
        sittings = [ctx.sit(a, who, rng), ctx.sit(b, who, rng)]
        people.truths.append(ctx.calibration.true_skill(who))
        people.first.append(sittings[0])
        people.second.append(sittings[1])
        for index, sitting in zip((a, b), sittings, strict=True):
            people.by_form.setdefault(index, []).append(sitting.item_scores)
    return people


def contrasting_groups_cut(
    truths: Sequence[float], scores: Sequence[float], borderline: float
) -> float:
    """The observed-agreement cut that misclassifies fewest of the two groups (equal weight).

    Where several cuts tie, the middle of the tied range is taken.
    """
    competent = [s for s, t in zip(scores, truths, strict=True) if t >= borderline]
    weak = [s for s, t in zip(scores, truths, strict=True) if t < borderline]
    grid = [0.60 + step * 0.00125 for step in range(241)]
    errors = [
        sum(s < cut for s in competent) / max(1, len(competent))
        + sum(s >= cut for s in weak) / max(1, len(weak))
        for cut in grid
    ]
    best = min(errors)
    tied = [cut for cut, e in zip(grid, errors, strict=True) if e <= best + 1e-12]
    return round(tied[len(tied) // 2], 4)


def _reliability(people: _Population) -> tuple[float, float]:
    """Alpha and split-half by item identity within each fixed form, averaged over forms."""
    alphas, halves = [], []
    for rows in people.by_form.values():
        if len(rows) >= 10:
            alphas.append(cronbach_alpha(rows))
            halves.append(split_half(rows))
    return mean(alphas), mean(halves)


def _fill(report: SimulationReport, people: _Population, cut: float) -> None:
    """Decision consistency, kappa, SEMs and the contrasting-groups cut."""
    one = [s.passed for s in people.first]
    two = [s.passed for s in people.second]
    report.decision_consistency = mean([float(a == b) for a, b in zip(one, two, strict=True)])
    report.kappa = cohen_kappa(one, two)
    report.pass_rate = mean([float(p) for p in one + two])
    sittings = people.first + people.second
    reasons = Counter(check for s in sittings for check in s.failed)
    report.fail_reasons = {k: v / len(sittings) for k, v in sorted(reasons.items())}
    scores = [s.agreement for s in people.first]
    report.alpha, report.split_half = _reliability(people)
    report.sd = variance(scores) ** 0.5
    report.sem = sem(report.sd, report.alpha)
    near = [
        (a.agreement, b.agreement)
        for t, a, b in zip(people.truths, people.first, people.second, strict=True)
        if abs(t - cut) <= NEAR_CUT
    ]
    report.csem_at_cut = paired_sem([a for a, _ in near], [b for _, b in near])
    report.recommended_cut = contrasting_groups_cut(
        people.truths, scores, report.config.borderline
    )


def simulate(
    items: Mapping[str, Item], blueprint: Blueprint, config: SimulationConfig
) -> SimulationReport:
    """Run the whole simulation for one blueprint on one pool (deterministic from the seed)."""
    rng = random.Random(config.seed)  # noqa: S311 - simulation
    forms = draw_forms(items, blueprint, max(2, config.forms), rng)
    calibration = calibrate(forms, items, blueprint, config.calibration, rng)
    ctx = _Context(items, forms, blueprint, config, calibration)
    auto = [[d for d in f if items[d.uid].kind != "reference"] for f in forms]
    report = SimulationReport(
        blueprint=blueprint.slug,
        config=config,
        items_per_form=mean([len(f) for f in forms]),
        judgements_per_form=mean([sum(calibration_size(items[d.uid]) for d in f) for f in auto]),
        cut=blueprint.pass_rule.overall,
        calibration=calibration,
    )
    report.curve = _curve(ctx)
    _fill(report, _population(ctx, rng), blueprint.pass_rule.overall)
    return report


def calibration_size(item: Item) -> int:
    """How many judgements an item holds."""
    return len(judge(item, None))
