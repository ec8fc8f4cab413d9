"""Seed-scale's exam records in memory: a pool entry and a generated session.

Shared by ``exams`` (which builds them) and ``exam_rows``/``certificates`` (which store them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.seed_scale.responses import Graded, ResponsePool
from app.seed_scale.schedule import Sitting
from graders.exam import DrawnItem, ExamOutcome, PoolEntry


@dataclass(frozen=True, slots=True)
class ExamEntry:
    """An exam pool item: its draw entry, ids and graded response pool."""

    entry: PoolEntry
    exercise_id: int
    version_id: int
    pool: ResponsePool


@dataclass
class Session:
    """One generated session: the sitting, its drawn items, picked answers and verdict."""

    id: int
    sitting: Sitting
    seed: int
    items: list[tuple[DrawnItem, Graded | None]] = field(default_factory=list)
    likert: int | None = None
    outcome: ExamOutcome | None = None
