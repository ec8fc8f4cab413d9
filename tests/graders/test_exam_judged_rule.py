"""Rule 2026.2: agreement with expert judgements, floors over enough judgements, must-catch."""

from __future__ import annotations

import pytest

from graders.blueprint import PassRule, blueprint_from_dict
from graders.exam import ItemScore, evaluate_exam
from graders.judgements import Judgement, judge

RULE = PassRule(
    overall=0.75,
    floors={"ethics": 0.70, "accuracy": 0.60},
    min_judgements={"ethics": 4, "accuracy": 4},
    reference_pass_mark=6,
)


def item(agreed: dict[str, tuple[int, int]], must_catch_failed: bool = False) -> ItemScore:
    """An automatic item holding ``agreed[criterion] = (agreed, total)`` judgements."""
    judgements = tuple(
        Judgement(criterion, i < yes, f"{criterion}:{i}")
        for criterion, (yes, total) in agreed.items()
        for i in range(total)
    )
    return ItemScore(
        "ranking", "ranking", 0.0, {}, judgements=judgements, must_catch_failed=must_catch_failed
    )


def ref(likert: int | None) -> ItemScore:
    """A reference item, marked or not yet marked."""
    return ItemScore("reference", "reference", 0.0, {}, likert=likert)


def test_enough_agreement_everywhere_passes_after_the_reference() -> None:
    items = [item({"ethics": (5, 6), "accuracy": (4, 5), "relevance": (3, 4)}), ref(6)]
    outcome = evaluate_exam(items, RULE)
    assert outcome.status == "passed" and outcome.failed_checks == ()
    assert outcome.overall == pytest.approx(12 / 15)
    assert outcome.criterion_scores["ethics"] == pytest.approx(5 / 6)
    assert outcome.to_dict()["rule_version"] == "2026.2"


def test_overall_is_over_judgements_not_items() -> None:
    # One big item mostly right and one small item wrong: 10/12 = 0.83, not mean(0.9, 0) = 0.45.
    items = [item({"ethics": (5, 5), "accuracy": (4, 5)}), item({"accuracy": (0, 2)})]
    assert evaluate_exam(items, RULE).overall == pytest.approx(9 / 12)


def test_a_floor_below_its_share_fails_even_with_a_high_overall() -> None:
    items = [item({"ethics": (2, 4), "accuracy": (20, 20)})]
    outcome = evaluate_exam(items, RULE)
    assert outcome.status == "failed" and outcome.failed_checks == ("floor:ethics",)


def test_a_floor_with_too_few_judgements_is_not_met() -> None:
    outcome = evaluate_exam([item({"ethics": (3, 3), "accuracy": (10, 10)})], RULE)
    assert outcome.failed_checks == ("floor:ethics",)


def test_a_missed_must_catch_item_fails_outright() -> None:
    items = [item({"ethics": (20, 20), "accuracy": (20, 20)}, must_catch_failed=True), ref(7)]
    outcome = evaluate_exam(items, RULE)
    assert outcome.status == "failed" and "must_catch" in outcome.failed_checks
    assert outcome.critical_errors == 1


def test_an_exam_with_blank_items_fails_the_ethics_floor(make_item) -> None:
    """Skipping the hard ethics items cannot hide the mistakes: blanks disagree."""
    ranking, rating = make_item("ranking"), make_item("rating")
    answered = judge(ranking, {"order": ["B", "A", "D", "C"]})
    blank = judge(rating, None) + judge(make_item("pairwise"), None)
    items = [
        ItemScore("ranking", "ranking", 1.0, {}, judgements=answered),
        ItemScore("flagging", "rating", 0.0, {}, judgements=blank),
    ]
    rule = PassRule(overall=0.5, floors={"ethics": 0.7}, min_judgements={"ethics": 4})
    outcome = evaluate_exam(items, rule)
    assert not outcome.floors_met["ethics"] and "floor:ethics" in outcome.failed_checks


def test_failing_the_automatic_part_does_not_wait_for_review() -> None:
    outcome = evaluate_exam([item({"ethics": (0, 5), "accuracy": (0, 5)}), ref(None)], RULE)
    assert outcome.status == "failed"


def test_passing_the_automatic_part_waits_for_the_reference() -> None:
    items = [item({"ethics": (5, 5), "accuracy": (5, 5)}), ref(None)]
    assert evaluate_exam(items, RULE).status == "pending_review"
    assert evaluate_exam([*items[:1], ref(5)], RULE).failed_checks == ("reference",)


def test_blueprint_files_default_to_the_judgement_rule_and_keep_old_keys_readable() -> None:
    data = {
        "slug": "x",
        "title": "X",
        "level": "core",
        "course": "c",
        "sections": [{"name": "a", "draw": [{"kind": "ranking", "count": 2}]}],
        "pass_rule": {"overall": 0.8, "floors": {"ethics": 0.85}, "max_critical_errors": 0},
    }
    rule = blueprint_from_dict(data).pass_rule
    assert rule.scoring == "judgements" and rule.min_judgements == {"ethics": 20}
    legacy = blueprint_from_dict({**data, "pass_rule": {**data["pass_rule"], "scoring": "items"}})
    assert legacy.pass_rule.version == "2026.1"


def test_the_legacy_rule_still_grades_by_item_scores() -> None:
    rule = PassRule(overall=0.8, floors={}, scoring="items")
    scored = ItemScore("ranking", "ranking", 0.9, {"ethics": 1.0}, critical_errors=1)
    outcome = evaluate_exam([scored], rule)
    assert outcome.failed_checks == ("critical_errors",) and outcome.scoring == "items"
