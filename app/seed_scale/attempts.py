"""Seed-scale's practice attempts: a million graded answers spread over a year.

Active students practise more (a log-normal share of the total), every student improves a little
over their own attempts, and free-text work older than a week has mostly been reviewed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from app.models import db
from app.seed_scale.run import ScaleRun, Student, naive
from app.services.common.bulk_insert import columns_of, insert_rows, next_id, reset_sequence
from app.services.practice.practice import FREE_TEXT_KINDS

ATTEMPT_COLUMNS = columns_of("attempts", without=("language",))
REVIEW_COLUMNS = columns_of("reviews", without=("exam_item_id",))
PROGRESS_EVERY = 250_000
LEARNING_GAIN = 0.35
REVIEW_AFTER = timedelta(days=7)
EMPTY_LIST = json.dumps([])


def attempt_counts(weights: Sequence[float], total: int) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders get the leftovers)."""
    whole = sum(weights) or 1.0
    shares = [w * total / whole for w in weights]
    counts = [int(s) for s in shares]
    leftovers = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in leftovers[: total - sum(counts)]:
        counts[i] += 1
    return counts


class AttemptWriter:
    """Generates one student's attempts at a time and collects the reviews they imply."""

    def __init__(self, run: ScaleRun, first_id: int) -> None:
        """Start numbering attempts at ``first_id``."""
        self.run = run
        self.next_id = first_id
        self.reviews: list[tuple] = []

    def for_student(self, student: Student, count: int) -> Iterator[tuple]:
        """Attempts in time order, the student's skill growing with practice."""
        rng, run = self.run.rng, self.run
        span = (run.now - student.joined).total_seconds()
        for n, offset in enumerate(sorted(rng.random() for _ in range(count))):
            item = rng.choice(run.practice)
            skill = student.skill + (1 - student.skill) * LEARNING_GAIN * n / count
            graded = item.pool.pick(skill, rng)
            created = student.joined + timedelta(seconds=span * offset)
            status = "none"
            if item.kind in FREE_TEXT_KINDS:
                status = self._review(rng, graded.score, created)
            yield (
                self.next_id,
                student.id,
                item.exercise_id,
                item.version_id,
                item.kind,
                graded.answer,
                graded.score,
                graded.criterion_scores,
                graded.critical_errors,
                graded.result,
                status,
                naive(created),
            )
            self.next_id += 1

    def _review(self, rng: random.Random, auto_score: float, created: datetime) -> str:
        """Old free-text work is mostly reviewed (a Review row); recent work is pending."""
        if self.run.now - created < REVIEW_AFTER or rng.random() < 0.1:
            return "pending"
        likert = min(7, max(1, round(1 + 6 * auto_score + rng.gauss(0, 1))))
        decision = "confirmed" if abs(likert / 7 - auto_score) < 0.2 else "overridden"
        reviewed = created + timedelta(hours=rng.uniform(1, 96))
        self.reviews.append(
            (
                self.next_id,
                rng.choice(self.run.instructor_ids),
                auto_score,
                likert / 7,
                likert,
                EMPTY_LIST,
                decision,
                "",
                naive(reviewed),
            )
        )
        return "reviewed"

    def rows(self, students: Sequence[Student], counts: Sequence[int]) -> Iterator[tuple]:
        """Every attempt of the given students."""
        for student, count in zip(students, counts, strict=True):
            yield from self.for_student(student, count)


def _insert_reviews(writer: AttemptWriter) -> int:
    """Write the collected reviews of practice attempts."""
    conn = db.session.connection()
    first = next_id(conn, "reviews")
    rows = ((first + i, *review) for i, review in enumerate(writer.reviews))
    count = insert_rows(conn, "reviews", REVIEW_COLUMNS, rows)
    reset_sequence(conn, "reviews")
    writer.reviews.clear()
    return count


def seed_attempts(run: ScaleRun) -> Iterator[str]:
    """Insert the attempts in batches of students; yields progress (the caller commits)."""
    students = run.students
    counts = attempt_counts([s.activity for s in students], run.spec.attempts)
    writer = AttemptWriter(run, next_id(db.session.connection(), "attempts"))
    done, start, reviews = 0, 0, 0
    while start < len(students):
        end, batch = start, 0
        while end < len(students) and batch < PROGRESS_EVERY:
            batch += counts[end]
            end += 1
        conn = db.session.connection()
        done += insert_rows(
            conn, "attempts", ATTEMPT_COLUMNS, writer.rows(students[start:end], counts[start:end])
        )
        reset_sequence(conn, "attempts")
        reviews += _insert_reviews(writer)
        start = end
        yield f"attempts: {done:,} of {run.spec.attempts:,} ({reviews:,} reviews)"
