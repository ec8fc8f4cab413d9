"""The legacy exam pass rule (2026.1, per-item scores), still applied to sessions started under it.

Rule 2026.2 (agreement with expert judgements) is tested in test_exam_judged_rule.py.
"""

from __future__ import annotations

import pytest

from graders.blueprint import PassRule
from graders.exam import ItemScore, evaluate_exam

RULE = PassRule(
    overall=0.80,
    floors={"ethics": 0.85, "accuracy": 0.70, "relevance": 0.60},
    max_critical_errors=0,
    reference_pass_mark=6,
    scoring="items",
)


def auto(
    score: float,
    ethics: float = 1.0,
    accuracy: float = 1.0,
    relevance: float = 1.0,
    critical: int = 0,
    section: str = "ranking",
) -> ItemScore:
    """An automatically graded item."""
    scores = {"ethics": ethics, "accuracy": accuracy, "relevance": relevance, "quality": None}
    return ItemScore(section, "ranking", score, scores, critical)


def ref(likert: int | None) -> ItemScore:
    """A reference item, scored or not yet scored by an instructor."""
    return ItemScore("reference", "reference", 0.0, {}, 0, likert=likert)


def test_all_good_with_reference_at_pass_mark_passes() -> None:
    outcome = evaluate_exam([auto(0.9), auto(0.9), ref(6)], RULE)
    assert outcome.status == "passed" and outcome.failed_checks == ()
    assert outcome.reference_likert == 6
    assert outcome.section_scores == {"ranking": pytest.approx(0.9), "reference": 6 / 7}


def test_overall_exactly_at_threshold_passes() -> None:
    # (0.7 + 0.8 + 0.9) / 3 is 0.7999999999999999 in floating point: still exactly 0.80.
    items = [auto(0.7), auto(0.8), auto(0.9)]
    assert sum(i.score for i in items) / 3 < 0.8
    assert evaluate_exam([*items, ref(7)], RULE).status == "passed"


def test_overall_just_below_threshold_fails() -> None:
    outcome = evaluate_exam([auto(0.79), auto(0.80), ref(7)], RULE)
    assert outcome.status == "failed" and outcome.failed_checks == ("overall",)


def test_floor_exactly_met_passes_and_just_below_fails() -> None:
    assert evaluate_exam([auto(0.9, ethics=0.85), ref(7)], RULE).status == "passed"
    outcome = evaluate_exam([auto(0.9, ethics=0.84), ref(7)], RULE)
    assert outcome.status == "failed"
    assert outcome.failed_checks == ("floor:ethics",)
    assert outcome.floors_met == {"ethics": False, "accuracy": True, "relevance": True}


def test_one_critical_error_fails_even_with_high_scores() -> None:
    outcome = evaluate_exam([auto(0.95, critical=1), auto(1.0), ref(7)], RULE)
    assert outcome.status == "failed" and outcome.failed_checks == ("critical_errors",)
    assert outcome.critical_errors == 1


def test_no_reference_score_yet_is_pending_review() -> None:
    outcome = evaluate_exam([auto(0.9), ref(None)], RULE)
    assert outcome.status == "pending_review"
    assert outcome.reference_likert is None and outcome.automatic_part_passed


def test_failing_the_automatic_part_fails_without_waiting_for_review() -> None:
    outcome = evaluate_exam([auto(0.5), ref(None)], RULE)
    assert outcome.status == "failed"


def test_reference_below_pass_mark_fails() -> None:
    outcome = evaluate_exam([auto(0.9), ref(5)], RULE)
    assert outcome.status == "failed" and outcome.failed_checks == ("reference",)
    assert outcome.automatic_part_passed


def test_reference_score_does_not_count_in_overall() -> None:
    outcome = evaluate_exam([auto(0.85), ref(7)], RULE)
    assert outcome.overall == pytest.approx(0.85)


def test_criterion_means_skip_items_without_evidence() -> None:
    items = [
        auto(0.9, ethics=1.0, accuracy=0.5),
        ItemScore("ranking", "pairwise", 1.0, {"ethics": None, "accuracy": 1.0}),
    ]
    outcome = evaluate_exam([*items, ref(7)], RULE)
    assert outcome.criterion_scores["ethics"] == 1.0
    assert outcome.criterion_scores["accuracy"] == 0.75
    assert outcome.criterion_scores["quality"] is None


def test_a_floor_without_evidence_is_not_met() -> None:
    item = ItemScore("ranking", "ranking", 1.0, {"ethics": 1.0, "accuracy": 1.0})
    outcome = evaluate_exam([item, ref(7)], RULE)
    assert outcome.status == "failed" and outcome.failed_checks == ("floor:relevance",)


def test_weights_make_a_weighted_mean() -> None:
    heavy = ItemScore("a", "rating", 1.0, {"ethics": 1, "accuracy": 1, "relevance": 1}, weight=3)
    light = ItemScore("a", "rating", 0.2, {"ethics": 1, "accuracy": 1, "relevance": 1})
    assert evaluate_exam([heavy, light], RULE).overall == pytest.approx(0.8)


def test_blueprint_without_reference_passes_on_the_automatic_part() -> None:
    outcome = evaluate_exam([auto(0.9)], RULE)
    assert outcome.status == "passed"


def test_several_reference_items_need_every_score_and_the_lowest_decides() -> None:
    assert evaluate_exam([auto(0.9), ref(7), ref(None)], RULE).status == "pending_review"
    assert evaluate_exam([auto(0.9), ref(7), ref(5)], RULE).status == "failed"


def test_outcome_is_json_ready() -> None:
    data = evaluate_exam([auto(0.9), ref(6)], RULE).to_dict()
    assert data["status"] == "passed" and data["failed_checks"] == []
    assert data["floors_met"]["ethics"] is True
