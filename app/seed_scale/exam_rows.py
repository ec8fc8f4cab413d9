"""Seed-scale's exam rows: sessions, their items and the instructors' reference reviews."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from app.models import db
from app.seed_scale.run import ScaleRun, naive
from app.services.common.bulk_insert import columns_of, insert_rows, next_id, reset_sequence
from graders.blueprint import Blueprint

if TYPE_CHECKING:
    from app.seed_scale.sessions import ExamEntry, Session

SESSION_COLUMNS = columns_of("exam_sessions", without=("language",))
ITEM_COLUMNS = columns_of("exam_items")
REVIEW_COLUMNS = columns_of("reviews", without=("attempt_id",))
EMPTY_LIST = json.dumps([])


def session_row(session: Session, blueprint: Blueprint) -> tuple:
    """One exam_sessions row."""
    sitting, outcome = session.sitting, session.outcome
    started = sitting.started
    deadline = started + timedelta(minutes=blueprint.time_limit_minutes)
    finished = None if outcome is None else started + sitting.duration
    return (
        session.id,
        sitting.user_id,
        blueprint.slug,
        sitting.attempt_number,
        session.seed,
        sitting.status,
        naive(started),
        naive(deadline),
        finished and naive(finished),
        outcome and outcome.overall,
        outcome and json.dumps(dict(outcome.criterion_scores)),
        outcome and outcome.critical_errors,
        outcome and outcome.reference_likert,
        outcome and json.dumps(outcome.to_dict()),
        False,  # is_demo: seed-scale stands in for a production pool
    )


def item_rows(
    sessions: Sequence[Session], pool: dict[str, ExamEntry], first_id: int, reviews: list[tuple]
) -> Iterator[tuple]:
    """Every exam_items row; reviewed reference items add a review to ``reviews``."""
    next_row = first_id
    for session in sessions:
        answered = naive(session.sitting.started + timedelta(minutes=5))
        for position, (drawn, graded) in enumerate(session.items, start=1):
            entry = pool[drawn.uid]
            row = (
                next_row,
                session.id,
                position,
                drawn.section,
                entry.exercise_id,
                entry.version_id,
            )
            if graded is None:
                yield (*row, None, None, 0, None, None, None, None, False)
            elif session.outcome is None:  # an active session: saved, not yet graded
                yield (*row, graded.answer, answered, 1, None, None, None, None, False)
            else:
                score = graded.score
                if drawn.kind == "reference":
                    score = None if session.likert is None else session.likert / 7
                    if session.likert is not None:
                        reviews.append((next_row, graded.score, session.likert, answered))
                yield (
                    *row,
                    graded.answer,
                    answered,
                    1,
                    score,
                    graded.criterion_scores,
                    graded.critical_errors,
                    graded.result,
                    False,  # flagged
                )
            next_row += 1


def insert_reviews(run: ScaleRun, reviews: list[tuple]) -> int:
    """Instructor reviews of the reference items of judged sessions."""
    conn = db.session.connection()
    first, rng = next_id(conn, "reviews"), run.rng
    rows = (
        (
            first + i,
            item_id,
            rng.choice(run.instructor_ids),
            auto,
            likert / 7,
            likert,
            EMPTY_LIST,
            "confirmed",
            "",
            when + timedelta(days=rng.uniform(0.2, 3)),
        )
        for i, (item_id, auto, likert, when) in enumerate(reviews)
    )
    count = insert_rows(conn, "reviews", REVIEW_COLUMNS, rows)
    reset_sequence(conn, "reviews")
    return count
