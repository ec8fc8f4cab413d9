"""What every seed-scale step shares: the spec, the run's state and generator, the accounts' names.

Kept apart from the steps (``people``, ``attempts``, ``exams``...) so they depend on it and
never on each other or on the orchestration in ``seed``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app.models import Exercise, ExerciseVersion, db, utcnow
from app.seed_scale.responses import ResponsePool, build_pool
from app.services.practice.exercise_bank import item_for_version
from graders.blueprint import Blueprint

SCALE_PASSWORD = "scale-trainer-2026"  # noqa: S105 - synthetic benchmark accounts only
STUDENT_EMAIL = "scale-student-{:05d}@example.org"
INSTRUCTOR_EMAIL = "scale-instructor-{:02d}@example.org"


class ScaleError(RuntimeError):
    """The database cannot be seeded as asked; the message says why."""


@dataclass(frozen=True)
class ScaleSpec:
    """How much to generate; the defaults are the benchmark's full size."""

    students: int = 20_000
    attempts: int = 1_000_000
    exam_sessions: int = 30_000
    certificates: int = 5_000
    instructors: int = 10
    seed: int = 2026
    days: int = 365


@dataclass(frozen=True, slots=True)
class Student:
    """A synthetic student: how good they are, how active, and when they joined."""

    id: int
    name: str
    skill: float
    activity: float
    joined: datetime


@dataclass(frozen=True, slots=True)
class Practice:
    """A practice item's ids, kind and graded response pool."""

    exercise_id: int
    version_id: int
    kind: str
    pool: ResponsePool


@dataclass
class ScaleRun:
    """State shared by the steps of one seeding run."""

    spec: ScaleSpec
    rng: random.Random
    now: datetime
    students: list[Student] = field(default_factory=list)
    instructor_ids: list[int] = field(default_factory=list)
    practice: list[Practice] = field(default_factory=list)
    graduates: set[int] = field(default_factory=set)
    blueprints: dict[str, Blueprint] = field(default_factory=dict)


def naive(moment: datetime) -> datetime:
    """Rows store naive UTC (see UTCDateTime); bulk rows bypass the type's conversion."""
    return moment.replace(tzinfo=None)


def ensure_unseeded() -> None:
    """Refuse a second run into the same database (emails would collide)."""
    from app.models import User

    if db.session.scalar(select(User.id).where(User.email == STUDENT_EMAIL.format(1))):
        raise ScaleError("this database already holds seed-scale data; use a fresh database")


def load_practice(run: ScaleRun) -> None:
    """Published practice items' current versions, each with a graded response pool."""
    rows = db.session.execute(
        select(Exercise.id, Exercise.kind, ExerciseVersion)
        .join(ExerciseVersion, ExerciseVersion.exercise_id == Exercise.id)
        .where(
            Exercise.pool == "practice",
            Exercise.status == "published",
            ExerciseVersion.number == Exercise.current_version,
        )
        .order_by(Exercise.uid)
    ).all()
    for exercise_id, kind, version in rows:
        pool = build_pool(item_for_version(version), run.rng)
        run.practice.append(Practice(exercise_id, version.id, kind, pool))
    if not run.practice:
        raise ScaleError("the exercise bank has no published practice items")


def new_run(spec: ScaleSpec) -> ScaleRun:
    """A run anchored at the current hour (so reruns the same hour match exactly)."""
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    rng = random.Random(spec.seed)  # noqa: S311 - synthetic data, reproducible by design
    return ScaleRun(spec=spec, rng=rng, now=now)
