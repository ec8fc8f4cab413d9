"""The exam pool's security: the public demo pool, item exposure and retirement.

An item seen by many candidates leaks, so every ExamItem row counts as one exposure of its
exercise; the draw prefers the least exposed items and leaves out items exposed
``EXAM_ITEM_MAX_EXPOSURES`` times. The repository's own ``exercises/exam/`` is public (its gold
is committed), so sessions drawn from it are recorded as demo sessions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from app.config import REPO_ROOT
from app.models import ExamItem, Exercise, ExerciseVersion, db
from app.services.practice.exercise_bank import item_for_version
from graders.exam import PoolEntry
from graders.exam_draw import form_minimums, judgement_counts

DEMO_POOL = REPO_ROOT / "exercises" / "exam"
DEFAULT_MAX_EXPOSURES = 200
NEAR_RETIREMENT = 0.8

__all__ = [
    "current_versions",
    "form_minimums",
    "is_demo_pool",
    "items_near_retirement",
    "max_exposures",
    "pool_entries",
]


def is_demo_pool(pool_dir: str | Path | None = None) -> bool:
    """Say whether the exam pool is the repository's public folder (or not configured)."""
    configured = current_app.config.get("EXAM_POOL_DIR") if pool_dir is None else pool_dir
    if not configured:
        return True
    return Path(configured).resolve() == DEMO_POOL.resolve()


def max_exposures() -> int:
    """Exposures after which an item leaves the draw (config ``EXAM_ITEM_MAX_EXPOSURES``)."""
    value = current_app.config.get("EXAM_ITEM_MAX_EXPOSURES", DEFAULT_MAX_EXPOSURES)
    return max(1, int(value))


def exposure_counts(exercise_ids: Iterable[int] | None = None) -> Counter[int]:
    """How many times each exam exercise was drawn into a session."""
    stmt = select(ExamItem.exercise_id, func.count()).group_by(ExamItem.exercise_id)
    if exercise_ids is not None:
        stmt = stmt.where(ExamItem.exercise_id.in_(list(exercise_ids)))
    return Counter({exercise_id: count for exercise_id, count in db.session.execute(stmt)})


def current_versions(exercises: list[Exercise]) -> dict[int, ExerciseVersion]:
    """Each exercise's current version, in one query."""
    if not exercises:
        return {}
    numbers = {e.id: e.current_version for e in exercises}
    rows = db.session.scalars(
        select(ExerciseVersion).where(ExerciseVersion.exercise_id.in_(list(numbers)))
    )
    return {v.exercise_id: v for v in rows if numbers[v.exercise_id] == v.number}


def pool_entries(exercises: Iterable[Exercise]) -> list[PoolEntry]:
    """What the draw needs: kind, topic, exposures and the judgements each item holds."""
    chosen = list(exercises)
    versions = current_versions(chosen)
    exposures = exposure_counts(e.id for e in chosen)
    entries = []
    for exercise in chosen:
        version = versions.get(exercise.id)
        counts: Counter[str] = Counter()
        gate = False
        if version is not None:
            item = item_for_version(version)
            counts = judgement_counts(item)
            gate = item.must_catch
        entries.append(
            PoolEntry(
                exercise.uid, exercise.kind, exercise.topic, exposures[exercise.id], counts, gate
            )
        )
    return entries


@dataclass(frozen=True)
class ExposureRow:
    """One exam item close to retirement, for the instructors' table."""

    uid: str
    title: str
    kind: str
    exposures: int
    limit: int

    @property
    def retired(self) -> bool:
        """Say whether the draw no longer uses this item."""
        return self.exposures >= self.limit


def items_near_retirement(share: float = NEAR_RETIREMENT) -> list[ExposureRow]:
    """Published exam items exposed at least ``share`` of the limit, most exposed first."""
    limit = max_exposures()
    exercises = db.session.scalars(
        select(Exercise).where(Exercise.pool == "exam", Exercise.status == "published")
    ).all()
    counts = exposure_counts(e.id for e in exercises)
    near = [e for e in exercises if counts[e.id] >= share * limit]
    versions = current_versions(near)
    rows = [
        ExposureRow(e.uid, versions[e.id].title if e.id in versions else e.uid, e.kind,
                    counts[e.id], limit)
        for e in near
    ]
    return sorted(rows, key=lambda r: (-r.exposures, r.uid))
