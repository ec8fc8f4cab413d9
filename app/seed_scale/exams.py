"""Seed-scale's exam sessions, their items and the certificates the passing ones earned.

Draws use the exam service's own ``draw_exam`` and verdicts its ``evaluate_exam``, so every
stored status follows the blueprint's pass rule. Exactly ``certificates`` sessions pass: the
strongest examinees are chosen to pass (their final attempt gets expert answers), everyone
else's sessions are answered at their own skill and fail (a weak reference mark if needed).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

from sqlalchemy import select

from app.models import Exercise, db
from app.seed_scale.certificates import seed_certificates
from app.seed_scale.exam_rows import (
    ITEM_COLUMNS,
    SESSION_COLUMNS,
    insert_reviews,
    item_rows,
    session_row,
)
from app.seed_scale.responses import Graded, build_pool
from app.seed_scale.run import ScaleError, ScaleRun
from app.seed_scale.schedule import plan_sittings
from app.seed_scale.sessions import ExamEntry, Session
from app.services.certification.blueprints import load_blueprints
from app.services.certification.exam_pool import current_versions, pool_entries
from app.services.common.bulk_insert import insert_rows, next_id, reset_sequence
from app.services.practice.exercise_bank import item_for_version
from graders.blueprint import Blueprint
from graders.exam import DrawError, DrawnItem, ItemScore, PoolEntry, draw_exam, evaluate_exam
from graders.exam_draw import form_minimums


def load_exam_pool(run: ScaleRun) -> dict[str, ExamEntry]:
    """Published exam items' current versions by uid, each with a graded response pool.

    The draw entries are the ones a real start draws from (``pool_entries``): without each
    item's judgements the draw could not give every form the pass rule's minimum evidence.
    """
    exercises = db.session.scalars(
        select(Exercise)
        .where(
            Exercise.pool == "exam",
            Exercise.status == "published",
            Exercise.language == "en",  # seed-scale sits the English forms
        )
        .order_by(Exercise.uid)
    ).all()
    versions = current_versions(exercises)
    entries = {entry.uid: entry for entry in pool_entries(exercises)}
    pool = {}
    for exercise in exercises:
        version = versions[exercise.id]
        pool[exercise.uid] = ExamEntry(
            entries[exercise.uid],
            exercise.id,
            version.id,
            build_pool(item_for_version(version), run.rng, exam=True),
        )
    return pool


def _answer(rng: random.Random, entry: ExamEntry, skill: float, expert: bool) -> Graded:
    """An expert's answer, or one a student of this skill might give."""
    return entry.pool.graded[-1] if expert else entry.pool.pick(skill, rng)


def _verdict(session: Session, blueprint: Blueprint, rng: random.Random, skill: float) -> bool:
    """Apply the pass rule; a sitting meant to fail that would pass gets a failing mark.

    Returns whether the verdict is the one the sitting was planned to have.
    """
    status = session.sitting.status
    session.likert = None
    if status != "pending_review":
        session.likert = min(7, max(1, round(1 + 6 * skill + rng.gauss(0, 0.8))))
        if status == "passed":
            session.likert = max(session.likert, blueprint.pass_rule.reference_pass_mark)
    scores = [_item_score(drawn, graded, session.likert) for drawn, graded in session.items]
    session.outcome = evaluate_exam(scores, blueprint.pass_rule)
    if session.outcome.status != status and status == "failed":
        session.likert = min(session.likert or 1, blueprint.pass_rule.reference_pass_mark - 1)
        scores = [_item_score(drawn, graded, session.likert) for drawn, graded in session.items]
        session.outcome = evaluate_exam(scores, blueprint.pass_rule)
    return session.outcome.status == status


def _item_score(drawn: DrawnItem, graded: Graded | None, likert: int | None) -> ItemScore:
    """What evaluate_exam needs to know about one answered item."""
    if graded is None:  # unseeded here: an unanswered item in an active session
        return ItemScore(drawn.section, drawn.kind, 0.0)
    return ItemScore(
        drawn.section,
        drawn.kind,
        graded.score,
        graded.criteria,
        graded.critical_errors,
        likert=likert if drawn.kind == "reference" else None,
        judgements=graded.judgements,
        must_catch_failed=graded.must_catch_failed,
    )


def _sit(
    run: ScaleRun,
    session: Session,
    drawn: Sequence[DrawnItem],
    pool: dict[str, ExamEntry],
    skill: float,
) -> None:
    """Answer the drawn items; sittings planned to pass try the student's best, then an expert's."""
    rng, status = run.rng, session.sitting.status
    blueprint_slug = session.sitting.blueprint_slug
    if status == "active":
        session.items = [
            (d, _answer(rng, pool[d.uid], skill, False) if rng.random() < 0.5 else None)
            for d in drawn
        ]
        return
    if status in ("passed", "pending_review"):
        skill = max(skill, 0.9)
    for expert in (False, True):
        session.items = [(d, _answer(rng, pool[d.uid], skill, expert)) for d in drawn]
        if _verdict(session, run.blueprints[blueprint_slug], rng, skill):
            return
    raise ScaleError(
        f"a session planned as {status} evaluates as {session.outcome.status}; "
        "the exam pool cannot express it"
    )


def draw_form(
    entries: Sequence[PoolEntry], blueprint: Blueprint, seed: int, exclude: set[str]
) -> list[DrawnItem]:
    """A form drawn as a real start draws it, with the pass rule's minimum judgements.

    A form without them fails its floors however well it is answered. A pool that cannot give
    one is a ScaleError (a message, not a traceback), as it is a message for a real student.
    """
    try:
        return draw_exam(entries, blueprint, seed, exclude, minimums=form_minimums(blueprint))
    except DrawError as error:
        raise ScaleError(f"cannot draw a {blueprint.slug} form: {error}") from error


def build_sessions(run: ScaleRun, pool: dict[str, ExamEntry]) -> list[Session]:
    """Draw, answer and judge every planned sitting."""
    entries = [e.entry for e in pool.values()]
    skills = {s.id: s.skill for s in run.students}
    sessions, seen = [], {}
    first = next_id(db.session.connection(), "exam_sessions")
    for n, sitting in enumerate(plan_sittings(run, run.blueprints)):
        session = Session(first + n, sitting, run.rng.getrandbits(62))
        exclude = seen.setdefault(sitting.user_id, set())
        blueprint = run.blueprints[sitting.blueprint_slug]
        drawn = draw_form(entries, blueprint, session.seed, exclude)
        exclude.update(d.uid for d in drawn)
        skill = min(1.0, skills[sitting.user_id] + 0.1 * sitting.attempt_number)
        _sit(run, session, drawn, pool, skill)
        sessions.append(session)
    return sessions


def seed_exams(run: ScaleRun) -> Iterator[str]:
    """Sessions, items, reviews and certificates; yields progress (the caller commits)."""
    blueprints = run.blueprints = load_blueprints()
    if not blueprints:
        raise ScaleError("no exam blueprints found; exam sessions need at least one")
    pool = load_exam_pool(run)
    sessions = build_sessions(run, pool)
    conn = db.session.connection()
    rows = (session_row(s, blueprints[s.sitting.blueprint_slug]) for s in sessions)
    count = insert_rows(conn, "exam_sessions", SESSION_COLUMNS, rows)
    reset_sequence(conn, "exam_sessions")
    reviews: list[tuple] = []
    items = insert_rows(
        conn,
        "exam_items",
        ITEM_COLUMNS,
        item_rows(sessions, pool, next_id(conn, "exam_items"), reviews),
    )
    reset_sequence(conn, "exam_items")
    reviewed = insert_reviews(run, reviews)
    yield f"exam sessions: {count:,} with {items:,} items ({reviewed:,} reviews)"
    yield seed_certificates(run, sessions)
