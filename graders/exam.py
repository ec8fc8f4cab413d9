"""The pass rule, as pure functions the exam service calls (the draw is ``graders.exam_draw``).

Rule 2026.2 (``scoring: judgements``, docs/assessment.md): every automatically graded item holds
expert judgements (``graders.judgements``). A session passes the automatic part when its
agreement over all judgements reaches ``overall``, each floored criterion's agreement reaches
its floor over at least ``min_judgements`` of them (fewer is not enough evidence: the floor is
not met), and no must-catch item was missed. An unanswered item disagrees with everything.

Rule 2026.1 (``scoring: items``, kept for sessions that started under it): overall = weighted
mean of the automatically graded items' scores; each
criterion's score = mean of the items' criterion scores that carry evidence for it; critical
errors are summed. A session passes the automatic part when overall >= threshold, every floor is
met (a criterion with no evidence does not meet its floor) and critical errors <= the maximum.
Reviewed sections (reference answers) then decide: no score yet means pending review; the lowest
instructor score must reach the reference pass mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from graders.blueprint import REVIEWED_KINDS, PassRule
from graders.exam_draw import DrawError, DrawnItem, PoolEntry, draw_exam
from graders.judgements import Judgement, Tally, tally
from graders.result import CRITERION_KEYS

__all__ = [
    "DrawError",
    "DrawnItem",
    "ExamOutcome",
    "ItemScore",
    "PoolEntry",
    "draw_exam",
    "evaluate_exam",
]

# Scores are means of floats: a share that is exactly the threshold on paper must pass.
TOLERANCE: Final = 1e-9


@dataclass(frozen=True, slots=True)
class ItemScore:
    """One graded exam item; reviewed kinds carry the instructor's 1–7 ``likert`` instead."""

    section: str
    kind: str
    score: float
    criterion_scores: Mapping[str, float | None] = field(default_factory=dict)
    critical_errors: int = 0
    weight: float = 1.0
    likert: int | None = None
    judgements: tuple[Judgement, ...] = ()
    must_catch_failed: bool = False


@dataclass(frozen=True)
class ExamOutcome:
    """The verdict on a session and the numbers behind it."""

    status: str  # "passed" | "failed" | "pending_review"
    overall: float
    criterion_scores: Mapping[str, float | None]
    critical_errors: int
    floors_met: Mapping[str, bool]
    section_scores: Mapping[str, float | None]
    reference_likert: int | None
    failed_checks: tuple[str, ...] = ()
    scoring: str = "items"
    counts: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def automatic_part_passed(self) -> bool:
        """Say whether overall, floors and critical errors were all within the rule."""
        return not [c for c in self.failed_checks if c != "reference"]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable summary for ExamSession.result."""
        return {
            "status": self.status,
            "overall": self.overall,
            "criterion_scores": dict(self.criterion_scores),
            "critical_errors": self.critical_errors,
            "floors_met": dict(self.floors_met),
            "section_scores": dict(self.section_scores),
            "reference_likert": self.reference_likert,
            "failed_checks": list(self.failed_checks),
            "scoring": self.scoring,
            "rule_version": PassRule(scoring=self.scoring).version,
            "judgement_counts": {k: list(v) for k, v in self.counts.items()},
        }


def _weighted_mean(items: Sequence[ItemScore]) -> float | None:
    """Weighted mean of item scores; None for no items."""
    total = sum(i.weight for i in items)
    return sum(i.weight * i.score for i in items) / total if total else None


def _criterion_means(items: Sequence[ItemScore]) -> dict[str, float | None]:
    """Mean of each criterion over the items with evidence for it."""
    means: dict[str, float | None] = {}
    for key in CRITERION_KEYS:
        values = [i.criterion_scores[key] for i in items if i.criterion_scores.get(key) is not None]
        means[key] = sum(values) / len(values) if values else None  # type: ignore[arg-type]
    return means


def _section_scores(item_results: Sequence[ItemScore]) -> dict[str, float | None]:
    """Automatic sections by weighted mean; reviewed ones by likert / 7 once scored."""
    scores: dict[str, float | None] = {}
    for name in dict.fromkeys(i.section for i in item_results):
        items = [i for i in item_results if i.section == name]
        if any(i.kind in REVIEWED_KINDS for i in items):
            marks = [i.likert for i in items if i.likert is not None]
            scores[name] = min(marks) / 7 if marks and len(marks) == len(items) else None
        else:
            scores[name] = _weighted_mean(items)
    return scores


def _reference_likert(reviewed: Sequence[ItemScore]) -> int | None:
    """The lowest instructor score, or None while any reviewed item is unscored."""
    marks = [i.likert for i in reviewed]
    return None if not marks or any(m is None for m in marks) else min(marks)  # type: ignore[type-var]


def _reviewed_verdict(
    failed: list[str], reviewed: Sequence[ItemScore], rule: PassRule
) -> tuple[str, list[str], int | None]:
    """Combine the automatic part's failures with the instructors' reference marks."""
    likert = _reference_likert(reviewed)
    if failed:
        return "failed", failed, likert
    if reviewed and likert is None:
        return "pending_review", failed, likert
    if reviewed and likert is not None and likert < rule.reference_pass_mark:
        return "failed", ["reference"], likert
    return "passed", failed, likert


def _floor_met(counts: Tally, criterion: str, floor: float, minimum: int) -> bool:
    """A floor is met by enough judgements on the criterion agreeing often enough."""
    agreed, total = counts.by_criterion.get(criterion, (0, 0))
    return total >= max(1, minimum) and agreed / total + TOLERANCE >= floor


def _judged_sections(item_results: Sequence[ItemScore]) -> dict[str, float | None]:
    """Automatic sections by agreement over their judgements; reviewed ones by likert / 7."""
    scores = _section_scores(item_results)
    for name in scores:
        items = [i for i in item_results if i.section == name]
        if not any(i.kind in REVIEWED_KINDS for i in items):
            counts = tally(j for i in items for j in i.judgements)
            scores[name] = counts.agreement if counts.total else None
    return scores


def evaluate_judged(item_results: Sequence[ItemScore], rule: PassRule) -> ExamOutcome:
    """Apply rule 2026.2 (agreement with expert judgements; see the module docstring)."""
    automatic = [i for i in item_results if i.kind not in REVIEWED_KINDS]
    reviewed = [i for i in item_results if i.kind in REVIEWED_KINDS]
    counts = tally(j for i in automatic for j in i.judgements)
    missed = sum(i.must_catch_failed for i in automatic)
    floors_met = {
        name: _floor_met(counts, name, floor, rule.min_judgements.get(name, 1))
        for name, floor in rule.floors.items()
    }
    failed = []
    if missed:
        failed.append("must_catch")
    if counts.agreement + TOLERANCE < rule.overall:
        failed.append("overall")
    failed += [f"floor:{name}" for name, met in floors_met.items() if not met]
    status, failed, likert = _reviewed_verdict(failed, reviewed, rule)
    return ExamOutcome(
        status=status,
        overall=min(1.0, max(0.0, counts.agreement)),
        criterion_scores={c: counts.criterion_agreement(c) for c in CRITERION_KEYS},
        critical_errors=missed,
        floors_met=floors_met,
        section_scores=_judged_sections(item_results),
        reference_likert=likert,
        failed_checks=tuple(failed),
        scoring="judgements",
        counts=counts.by_criterion,
    )


def evaluate_exam(item_results: Sequence[ItemScore], blueprint_rule: PassRule) -> ExamOutcome:
    """Apply the session's pass rule (see the module docstring) to its graded items."""
    if blueprint_rule.scoring == "judgements":
        return evaluate_judged(item_results, blueprint_rule)
    automatic = [i for i in item_results if i.kind not in REVIEWED_KINDS]
    reviewed = [i for i in item_results if i.kind in REVIEWED_KINDS]
    overall = _weighted_mean(automatic) or 0.0
    criteria = _criterion_means(automatic)
    critical = sum(i.critical_errors for i in automatic)
    floors_met = {
        name: (criteria.get(name) or 0.0) + TOLERANCE >= floor and criteria.get(name) is not None
        for name, floor in blueprint_rule.floors.items()
    }
    failed = []
    if overall + TOLERANCE < blueprint_rule.overall:
        failed.append("overall")
    failed += [f"floor:{name}" for name, met in floors_met.items() if not met]
    if critical > blueprint_rule.max_critical_errors:
        failed.append("critical_errors")
    likert = _reference_likert(reviewed)
    if failed:
        status = "failed"
    elif reviewed and likert is None:
        status = "pending_review"
    elif reviewed and likert is not None and likert < blueprint_rule.reference_pass_mark:
        status, failed = "failed", ["reference"]
    else:
        status = "passed"
    return ExamOutcome(
        status=status,
        overall=min(1.0, max(0.0, overall)),
        criterion_scores=criteria,
        critical_errors=critical,
        floors_met=floors_met,
        section_scores=_section_scores(item_results),
        reference_likert=likert,
        failed_checks=tuple(failed),
    )
