"""Who sits which exam when, and how each sitting ends, for seed-scale.

Exactly ``certificates`` sittings pass: the strongest examinees (with noise) pass the core exam,
the best of those also pass the specialisation. Failed attempts are then added before passes and
for everyone else, within each blueprint's attempt limit, until ``exam_sessions`` is reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.seed_scale.run import ScaleRun, Student
from graders.blueprint import Blueprint

SPECIALISATION_SHARE = 0.15
PENDING_SHARE = 0.03
ACTIVE_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class Sitting:
    """One planned exam session."""

    user_id: int
    blueprint_slug: str
    attempt_number: int
    status: str  # "passed" | "failed" | "pending_review" | "active"
    started: datetime
    duration: timedelta


Plans = dict[int, dict[str, list[str]]]


def _examinees(run: ScaleRun) -> list[Student]:
    """Students who finished Foundations, strongest (with noise) first; others if too few."""
    rng = run.rng
    graduates = [s for s in run.students if s.id in run.graduates]
    others = [s for s in run.students if s.id not in run.graduates]
    graduates.sort(key=lambda s: s.skill + rng.gauss(0, 0.1), reverse=True)
    others.sort(key=lambda s: s.skill, reverse=True)
    return graduates + others


def _passes(run: ScaleRun, ranked: list[Student], core: str, special: str | None) -> Plans:
    """The passing sittings: core for the strongest, the specialisation for the best of them."""
    wanted = min(run.spec.certificates, run.spec.exam_sessions)
    n_special = round(wanted * SPECIALISATION_SHARE) if special else 0
    n_core = min(len(ranked), wanted - n_special)
    n_special = min(wanted - n_core, n_core) if special else 0
    plans: Plans = {s.id: {core: ["passed"]} for s in ranked[:n_core]}
    for student in ranked[:n_special]:
        plans[student.id][special] = ["passed"]  # type: ignore[index]
    return plans


def _add_failures(
    run: ScaleRun,
    ranked: list[Student],
    plans: Plans,
    limits: dict[str, int],
    core: str,
    special: str | None,
) -> None:
    """Failed attempts before passes and for the rest, up to the sessions wanted."""
    remaining = run.spec.exam_sessions - sum(len(v) for p in plans.values() for v in p.values())
    for student in ranked[len(plans) :]:
        if remaining <= 0:
            break
        plans[student.id] = {core: ["failed"]}
        remaining -= 1
    slots = []
    for user_id, plan in plans.items():
        for slug in (core, special):
            if slug is not None and (slug in plan or core in plan and "passed" in plan[core]):
                taken = len(plan.get(slug, []))
                slots += [(user_id, slug)] * (limits[slug] - taken)
    run.rng.shuffle(slots)
    for user_id, slug in slots[: max(0, remaining)]:
        plans[user_id].setdefault(slug, []).insert(0, "failed")


def _unfinished(run: ScaleRun, plans: Plans, core: str) -> None:
    """Some students' last core attempt awaits review or is still being written."""
    for plan in plans.values():
        statuses = plan.get(core, [])
        if len(plan) == 1 and statuses and statuses[-1] == "failed":
            draw = run.rng.random()
            if draw < PENDING_SHARE:
                statuses[-1] = "pending_review"
            elif draw < PENDING_SHARE + ACTIVE_SHARE:
                statuses[-1] = "active"


def _timed(run: ScaleRun, plans: Plans, blueprints: dict[str, Blueprint]) -> list[Sitting]:
    """Spread each student's sittings over the second half of their time at the school."""
    rng, joined = run.rng, {s.id: s.joined for s in run.students}
    sittings = []
    for user_id, plan in plans.items():
        flat = [
            (slug, n, status)
            for slug, statuses in plan.items()
            for n, status in enumerate(statuses, start=1)
        ]
        start = joined[user_id] + (run.now - joined[user_id]) / 2
        span = (run.now - timedelta(hours=2) - start).total_seconds()
        moments = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in flat)
        for (slug, number, status), moment in zip(flat, moments, strict=True):
            limit = blueprints[slug].time_limit_minutes
            duration = timedelta(minutes=limit * rng.uniform(0.4, 0.97))
            if status == "active":
                moment = run.now - timedelta(minutes=limit / 3)
            sittings.append(Sitting(user_id, slug, number, status, moment, duration))
    return sittings


def plan_sittings(run: ScaleRun, blueprints: dict[str, Blueprint]) -> list[Sitting]:
    """Every sitting to generate, students in rank order, each student's in time order."""
    core = next((b.slug for b in blueprints.values() if b.level == "core"), next(iter(blueprints)))
    special = next((b.slug for b in blueprints.values() if b.slug != core), None)
    limits = {slug: b.max_attempts for slug, b in blueprints.items()}
    ranked = _examinees(run)
    plans = _passes(run, ranked, core, special)
    _add_failures(run, ranked, plans, limits, core, special)
    _unfinished(run, plans, core)
    return _timed(run, plans, blueprints)
