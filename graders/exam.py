"""Exam draws and the pass rule, as pure functions the exam service calls.

The draw is reproducible: the same pool, blueprint, seed and exclusions give the same items.
Within a draw, candidates are taken in preference tiers (unseen on-topic, unseen off-topic when the
draw allows fallback, then items the student has already seen) and, inside a tier, round-robin
over topics in a random order so a section is not all one topic.

The pass rule: overall = weighted mean of the automatically graded items' scores; each
criterion's score = mean of the items' criterion scores that carry evidence for it; critical
errors are summed. A session passes the automatic part when overall >= threshold, every floor is
met (a criterion with no evidence does not meet its floor) and critical errors <= the maximum.
Reviewed sections (reference answers) then decide: no score yet means pending review; the lowest
instructor score must reach the reference pass mark.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from graders.blueprint import REVIEWED_KINDS, Blueprint, Draw, PassRule
from graders.result import CRITERION_KEYS

# Scores are means of floats: a share that is exactly the threshold on paper must pass.
TOLERANCE: Final = 1e-9


class DrawError(ValueError):
    """The pool cannot fill a blueprint's draw."""


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """What the draw needs to know about one exam item."""

    uid: str
    kind: str
    topic: str


@dataclass(frozen=True, slots=True)
class DrawnItem:
    """An item chosen for a session, with the section it belongs to."""

    uid: str
    kind: str
    topic: str
    section: str


def _spread(entries: Sequence[PoolEntry], count: int, rng: random.Random) -> list[PoolEntry]:
    """Pick up to ``count`` entries at random, cycling through topics for variety."""
    groups: dict[str, list[PoolEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.topic, []).append(entry)
    topics = sorted(groups)
    rng.shuffle(topics)
    for topic in topics:
        rng.shuffle(groups[topic])
    picked: list[PoolEntry] = []
    while len(picked) < count and any(groups.values()):
        for topic in topics:
            if groups[topic] and len(picked) < count:
                picked.append(groups[topic].pop())
    return picked


def _tiers(
    candidates: Sequence[PoolEntry], draw: Draw, excluded: Collection[str]
) -> list[list[PoolEntry]]:
    """Order candidates by preference: unseen before seen, on-topic before fallback."""

    def on_topic(entry: PoolEntry) -> bool:
        """The draw names no topics, or this entry's topic is one of them."""
        return not draw.topics or entry.topic in draw.topics

    tiers = []
    for seen in (False, True):
        group = [e for e in candidates if (e.uid in excluded) == seen]
        tiers.append([e for e in group if on_topic(e)])
        if draw.fallback:
            tiers.append([e for e in group if not on_topic(e)])
    return tiers


def _draw_one(
    pool: Sequence[PoolEntry],
    draw: Draw,
    rng: random.Random,
    used: set[str],
    excluded: Collection[str],
) -> list[PoolEntry]:
    """Fill one draw from the preference tiers, or raise DrawError."""
    candidates = [e for e in pool if e.kind == draw.kind and e.uid not in used]
    picked: list[PoolEntry] = []
    for tier in _tiers(candidates, draw, excluded):
        picked += _spread(tier, draw.count - len(picked), rng)
    if len(picked) < draw.count:
        where = f" on {', '.join(draw.topics)}" if draw.topics and not draw.fallback else ""
        raise DrawError(
            f"the exam pool has {len(picked)} {draw.kind} items{where}; the draw needs {draw.count}"
        )
    return picked


def draw_exam(
    pool_entries: Sequence[PoolEntry],
    blueprint: Blueprint,
    seed: int,
    exclude_ids: Collection[str] = (),
) -> list[DrawnItem]:
    """Draw a stratified random exam; no item twice, seen items only when the pool runs short."""
    rng = random.Random(seed)  # noqa: S311 - reproducible from the recorded seed by design
    pool = sorted(pool_entries, key=lambda e: e.uid)
    excluded = frozenset(exclude_ids)
    used: set[str] = set()
    drawn: list[DrawnItem] = []
    for section in blueprint.sections:
        for draw in section.draws:
            for entry in _draw_one(pool, draw, rng, used, excluded):
                used.add(entry.uid)
                drawn.append(DrawnItem(entry.uid, entry.kind, entry.topic, section.name))
    return drawn


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


def evaluate_exam(item_results: Sequence[ItemScore], blueprint_rule: PassRule) -> ExamOutcome:
    """Apply the pass rule (see the module docstring) to a session's graded items."""
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
