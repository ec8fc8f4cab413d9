"""The exam simulation on a small scale: properties that would fail if the model were wrong."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from graders.blueprint import Blueprint, Draw, PassRule, Section
from graders.item import Item
from graders.judgements import judge
from graders.simulation import draw_forms, sit, uniform
from graders.simulation_report import render_svg, render_text, target_checks
from graders.simulation_run import SimulationConfig, contrasting_groups_cut, simulate
from graders.simulation_stats import cohen_kappa, cronbach_alpha, split_half

KINDS = {"ranking": 6, "pairwise": 6, "rating": 6, "correction": 3}
TOPICS = ("medicine", "politics", "finance")


@pytest.fixture(scope="module")
def pool(make_item: Callable[..., Item]) -> dict[str, Item]:
    """A small exam pool: copies of the sample items under distinct ids and topics."""
    items = {}
    for kind, count in KINDS.items():
        for i in range(count):
            item = make_item(kind, id=f"ex-{kind[:4]}-{i:03d}", topic=TOPICS[i % 3])
            items[item.id] = item
    return items


BLUEPRINT = Blueprint(
    "small",
    "Small",
    "core",
    "c",
    (
        Section("flagging", (Draw("rating", 2),)),
        Section("ranking", (Draw("ranking", 2), Draw("pairwise", 2))),
        Section("correction", (Draw("correction", 1),)),
    ),
    PassRule(
        overall=0.75,
        floors={"ethics": 0.6},
        min_judgements={"ethics": 6},
    ),
)
CONFIG = SimulationConfig(
    candidates=60, forms=4, group_size=24, calibration=3, seed=5, curve=(0.55, 0.7, 0.85, 0.97)
)


@pytest.fixture(scope="module")
def report(pool: dict[str, Item]):
    """One small simulation, shared by the tests below."""
    return simulate(pool, BLUEPRINT, CONFIG)


def test_the_pass_curve_rises_with_true_skill(report) -> None:
    probabilities = [p for _, _, p in report.curve]
    assert probabilities == sorted(probabilities)
    assert probabilities[0] < 0.2 and probabilities[-1] > 0.8


def test_true_skill_tracks_the_target(report) -> None:
    for target, true_skill, _ in report.curve:
        assert true_skill == pytest.approx(target, abs=0.06)


def test_a_perfect_candidate_passes_every_form(pool: dict[str, Item]) -> None:
    rng = random.Random(1)
    for form in draw_forms(pool, BLUEPRINT, 5, rng):
        sitting = sit(form, pool, uniform(1.0), BLUEPRINT, rng)
        assert sitting.passed and sitting.agreement == 1.0


def test_a_random_responder_fails(pool: dict[str, Item]) -> None:
    rng = random.Random(2)
    forms = draw_forms(pool, BLUEPRINT, 5, rng)
    agreements = []
    for form in forms:
        judged = []
        for drawn in form:
            item = pool[drawn.uid]
            judged += judge(item, _random_response(item, rng))
        agreements.append(sum(j.agreed for j in judged) / len(judged))
        assert not sit(form, pool, uniform(0.0), BLUEPRINT, rng).passed
    assert max(agreements) < BLUEPRINT.pass_rule.overall


def _random_response(item: Item, rng: random.Random) -> dict:
    """A guess: a random order, choice, ratings and no flags; a blank correction."""
    ids = [a.id for a in item.answers]
    if item.kind == "ranking":
        return {"order": rng.sample(ids, len(ids))}
    if item.kind == "pairwise":
        return {"better": rng.choice(ids), "criterion": rng.choice(["ethics", "accuracy"])}
    if item.kind == "rating":
        ratings = {c: rng.randint(1, 5) for c in ("ethics", "accuracy", "relevance")}
        return {"ratings": ratings, "flags": []}
    return {"text": ""}


def test_the_simulation_is_deterministic_with_a_seed(pool: dict[str, Item], report) -> None:
    again = simulate(pool, BLUEPRINT, CONFIG)
    assert again.curve == report.curve
    assert again.decision_consistency == report.decision_consistency
    assert again.alpha == report.alpha


def test_the_report_states_population_figures_and_targets(report) -> None:
    text = render_text(report)
    assert "uniform on [0.55, 0.97]" in text and "Decision consistency" in text
    assert 0 <= report.decision_consistency <= 1 and -1 <= report.kappa <= 1
    assert len(target_checks(report)) == 4
    svg = render_svg([report])
    assert svg.startswith("<svg") and "polyline" in svg and svg.rstrip().endswith("</svg>")


def test_alpha_by_item_identity_differs_from_alpha_by_position() -> None:
    """Two forms hold the same four items in opposite orders; by position mixes them."""
    difficulty = [0.0, 0.2, 0.4, 0.6]
    abilities = [0.1 * i for i in range(10)]
    by_identity, by_position = [], []
    for n, ability in enumerate(abilities):
        wobble = [0.05 if (n + j) % 3 == 0 else 0.0 for j in range(len(difficulty))]
        scores = [ability - d + w for d, w in zip(difficulty, wobble, strict=True)]
        by_identity.append(scores)
        by_position.append(scores if n % 2 == 0 else list(reversed(scores)))
    identity, position = cronbach_alpha(by_identity), cronbach_alpha(by_position)
    assert identity > 0.9 and identity - position > 0.05


def test_statistics_on_known_cases() -> None:
    assert cronbach_alpha([[1, 1], [0, 0], [1, 1], [0, 0]]) == pytest.approx(1.0)
    assert split_half([[1, 1, 1, 1], [0, 0, 0, 0], [1, 1, 0, 0], [0, 1, 1, 0]]) > 0
    assert cohen_kappa([True, False, True, False], [True, False, True, False]) == 1.0
    assert cohen_kappa([True, True, False, False], [True, False, True, False]) == 0.0


def test_contrasting_groups_cut_sits_between_the_groups() -> None:
    truths = [0.6] * 50 + [0.9] * 50
    scores = [0.55 + 0.002 * i for i in range(50)] + [0.80 + 0.002 * i for i in range(50)]
    cut = contrasting_groups_cut(truths, scores, 0.75)
    assert 0.65 < cut <= 0.80
