"""Seed-scale's people: instructors and students (one shared password hash) and their reading.

Each student gets a skill (how well they answer), an activity level (how much they practise and
read) and a joining date; lesson progress follows activity, and finishing Foundations makes a
student a graduate who may sit exams.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.models import Course, Lesson, Role, db
from app.seed_scale.run import (
    INSTRUCTOR_EMAIL,
    SCALE_PASSWORD,
    STUDENT_EMAIL,
    ScaleRun,
    Student,
    naive,
)
from app.services.common.bulk_insert import columns_of, insert_rows, next_id, reset_sequence

FIRST_NAMES = (
    "Ada",
    "Bo",
    "Chen",
    "Dara",
    "Eli",
    "Fatima",
    "Goran",
    "Hana",
    "Ines",
    "Jon",
    "Kofi",
    "Lena",
    "Mei",
    "Nina",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tomas",
)
LAST_NAMES = (
    "Alvarez",
    "Brown",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kim",
    "Lopez",
    "Mensah",
    "Novak",
    "Okafor",
    "Petrov",
)


def _user_rows(run: ScaleRun, first_id: int, password_hash: str) -> Iterator[tuple]:
    """Instructors first, then students; all share one password hash."""
    rng, spec = run.rng, run.spec
    for n in range(spec.instructors):
        run.instructor_ids.append(first_id + n)
        yield (
            first_id + n,
            INSTRUCTOR_EMAIL.format(n + 1),
            f"Instructor {n + 1}",
            password_hash,
            Role.INSTRUCTOR.value,
            secrets.token_hex(16),
            True,
            0,
            False,
            None,
            naive(run.now - timedelta(days=spec.days + 30)),
        )
    for n in range(spec.students):
        user_id = first_id + spec.instructors + n
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        joined = run.now - timedelta(days=rng.uniform(3, spec.days))
        student = Student(
            user_id, name, rng.betavariate(2.6, 2.0), rng.lognormvariate(0, 0.9), joined
        )
        run.students.append(student)
        yield (
            user_id,
            STUDENT_EMAIL.format(n + 1),
            name,
            password_hash,
            Role.STUDENT.value,
            secrets.token_hex(16),
            True,
            0,
            rng.random() < 0.3,
            "AI trainer" if rng.random() < 0.2 else None,
            naive(joined),
        )


USER_COLUMNS = columns_of(
    "users", without=("locked_until", "last_login_at", "exam_extra_minutes", "locale")
)


def seed_users(run: ScaleRun) -> str:
    """Instructors and students, with the password hashed exactly once."""
    conn = db.session.connection()
    password_hash = generate_password_hash(
        SCALE_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    count = insert_rows(
        conn, "users", USER_COLUMNS, _user_rows(run, next_id(conn, "users"), password_hash)
    )
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
                yield (
                    next_row,
                    student.id,
                    lesson_id,
                    naive(seen),
                    naive(seen),  # first view
                    naive(seen) if complete else None,
                    score,
                    0 if score is None else 1,  # quiz attempts
                )
                next_row += 1


PROGRESS_COLUMNS = columns_of("lesson_progress", without=("quiz_answers",))


def seed_progress(run: ScaleRun) -> str:
    """Lesson progress rows for every student."""
    conn = db.session.connection()
    count = insert_rows(
        conn,
        "lesson_progress",
        PROGRESS_COLUMNS,
        _progress_rows(run, _course_lessons(), next_id(conn, "lesson_progress")),
    )
    reset_sequence(conn, "lesson_progress")
    return f"lesson progress: {count} rows"
