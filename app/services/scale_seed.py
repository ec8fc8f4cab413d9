"""Synthetic data at scale (``school seed-scale``): students, progress, practice, exams.

The real courses and exercise bank are synced first; everything else is generated with one
seeded random generator, so the same ``--seed`` gives the same people, answers and scores.
Rows go in through ``bulk_insert`` with ids chosen here; the password is hashed once and
shared by every synthetic student. Each step is a generator step: the caller commits after
each yielded progress line, so the work spans a few transactions, not one per row.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, text
from werkzeug.security import generate_password_hash

from app.models import Course, Exercise, ExerciseVersion, Lesson, Role, db, utcnow
from app.services.bulk_insert import insert_rows, next_id, reset_sequence
from app.services.exercise_bank import item_for_version
from app.services.scale_responses import ResponsePool, build_pool
from graders.blueprint import Blueprint

SCALE_PASSWORD = "scale-trainer-2026"  # noqa: S105 - synthetic benchmark accounts only
STUDENT_EMAIL = "scale-student-{:05d}@example.org"
INSTRUCTOR_EMAIL = "scale-instructor-{:02d}@example.org"
FIRST_NAMES = ("Ada", "Bo", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ines", "Jon",
               "Kofi", "Lena", "Mei", "Nina", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tomas")
LAST_NAMES = ("Alvarez", "Brown", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad",
              "Ivanova", "Jensen", "Kim", "Lopez", "Mensah", "Novak", "Okafor", "Petrov")


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
        .where(Exercise.pool == "practice", Exercise.status == "published",
               ExerciseVersion.number == Exercise.current_version)
        .order_by(Exercise.uid)
    ).all()
    for exercise_id, kind, version in rows:
        pool = build_pool(item_for_version(version), run.rng)
        run.practice.append(Practice(exercise_id, version.id, kind, pool))
    if not run.practice:
        raise ScaleError("the exercise bank has no published practice items")


def _user_rows(run: ScaleRun, first_id: int, password_hash: str) -> Iterator[tuple]:
    """Instructors first, then students; all share one password hash."""
    rng, spec = run.rng, run.spec
    for n in range(spec.instructors):
        run.instructor_ids.append(first_id + n)
        yield (first_id + n, INSTRUCTOR_EMAIL.format(n + 1), f"Instructor {n + 1}",
               password_hash, Role.INSTRUCTOR.value, secrets.token_hex(16), True, 0, False,
               None, naive(run.now - timedelta(days=spec.days + 30)))
    for n in range(spec.students):
        user_id = first_id + spec.instructors + n
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        joined = run.now - timedelta(days=rng.uniform(3, spec.days))
        student = Student(user_id, name, rng.betavariate(2.6, 2.0),
                          rng.lognormvariate(0, 0.9), joined)
        run.students.append(student)
        yield (user_id, STUDENT_EMAIL.format(n + 1), name, password_hash, Role.STUDENT.value,
               secrets.token_hex(16), True, 0, rng.random() < 0.3,
               "AI trainer" if rng.random() < 0.2 else None, naive(joined))


USER_COLUMNS = ("id", "email", "display_name", "password_hash", "role", "session_token",
                "is_enabled", "failed_logins", "directory_opt_in", "headline", "created_at")


def seed_users(run: ScaleRun) -> str:
    """Instructors and students, with the password hashed exactly once."""
    conn = db.session.connection()
    password_hash = generate_password_hash(
        SCALE_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    count = insert_rows(conn, "users", USER_COLUMNS,
                        _user_rows(run, next_id(conn, "users"), password_hash))
    reset_sequence(conn, "users")
    return f"users: {count} ({run.spec.instructors} instructors), password {SCALE_PASSWORD!r}"


def _course_lessons() -> list[list[int]]:
    """Published lesson ids of each published course, foundation level first."""
    rows = db.session.execute(
        select(Lesson.course_id, Lesson.id)
        .join(Course, Course.id == Lesson.course_id)
        .where(Course.is_published.is_(True), Lesson.is_published.is_(True))
        .order_by(Course.level, Course.id, Lesson.position)
    ).all()
    courses: dict[int, list[int]] = {}
    for course_id, lesson_id in rows:
        courses.setdefault(course_id, []).append(lesson_id)
    return list(courses.values())


def _progress_rows(run: ScaleRun, courses: list[list[int]], first_id: int) -> Iterator[tuple]:
    """Each student reads a prefix of the first course; those who finish may start the next."""
    rng, next_row = run.rng, first_id
    for student in run.students:
        reach, finished = min(1.0, student.activity * rng.uniform(0.5, 1.5)), True
        span = (run.now - student.joined).total_seconds()
        for course_index, lessons in enumerate(courses):
            if course_index:
                if not finished:
                    break
                reach = rng.random()
            done = round(len(lessons) * reach)
            finished = done >= len(lessons)
            if course_index == 0 and finished:
                run.graduates.add(student.id)
            for position, lesson_id in enumerate(lessons[: done + 1]):
                seen = student.joined + timedelta(seconds=span * (position + 1) / (done + 2))
                complete = position < done
                score = round(rng.uniform(student.skill * 0.6, 1.0) * 4) / 4 if complete else None
                yield (next_row, student.id, lesson_id, naive(seen),
                       naive(seen) if complete else None, score)
                next_row += 1


PROGRESS_COLUMNS = ("id", "user_id", "lesson_id", "last_viewed_at", "completed_at", "quiz_score")


def seed_progress(run: ScaleRun) -> str:
    """Lesson progress rows for every student."""
    conn = db.session.connection()
    count = insert_rows(conn, "lesson_progress", PROGRESS_COLUMNS,
                        _progress_rows(run, _course_lessons(), next_id(conn, "lesson_progress")))
    reset_sequence(conn, "lesson_progress")
    return f"lesson progress: {count} rows"


def new_run(spec: ScaleSpec) -> ScaleRun:
    """A run anchored at the current hour (so reruns the same hour match exactly)."""
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    return ScaleRun(spec=spec, rng=random.Random(spec.seed), now=now)


def seed_scale(spec: ScaleSpec) -> Iterator[str]:
    """Sync content, then generate every table; yields a progress line after each step.

    The caller commits after each line (a few large transactions in all).
    """
    from app.services.content import sync_everything
    from app.services.scale_attempts import seed_attempts
    from app.services.scale_exams import seed_exams

    ensure_unseeded()
    yield from sync_everything()
    run = new_run(spec)
    load_practice(run)
    yield f"response pools: {sum(len(p.pool.graded) for p in run.practice)} graded responses"
    yield seed_users(run)
    yield seed_progress(run)
    yield from seed_attempts(run)
    yield from seed_exams(run)
    yield refresh_statistics()


def refresh_statistics() -> str:
    """Give the query planner statistics for the new rows.

    Without them PostgreSQL plans the fresh tables as if they were tiny (a dashboard query took
    4.6 s instead of 0.4 ms); autovacuum would catch up later, a benchmark run would not wait.
    """
    db.session.execute(text("ANALYZE"))
    return "planner statistics refreshed (ANALYZE)"
