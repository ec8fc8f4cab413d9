"""Grading exam sessions: at finish, at expiry, and when an instructor scores the reference.

Finishing locks the session row (SELECT … FOR UPDATE on PostgreSQL; SQLite's write lock does the
same), so concurrent finish requests grade once; the certificate's unique session id makes the
issue idempotent even if two passes slipped through.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.models import (
    ExamItem,
    ExamSession,
    Exercise,
    ExerciseVersion,
    Review,
    User,
    db,
    utcnow,
)
from app.services.accounts.audit import record_event
from app.services.certification.blueprints import get_blueprint
from app.services.certification.certificates import issue_certificate
from app.services.practice.exercise_bank import item_for_version
from graders import InvalidResponse, grade
from graders.blueprint import REVIEWED_KINDS, Blueprint, PassRule
from graders.exam import ExamOutcome, ItemScore, evaluate_exam
from graders.judgements import from_dicts, judge, must_catch_failed, tally, to_dicts
from graders.problems import is_int

LEGACY_RULE = {"scoring": "items", "min_judgements": {}}


class ExamError(ValueError):
    """An exam rule was broken; the message is safe to show."""


def blueprint_snapshot(blueprint: Blueprint) -> dict[str, Any]:
    """What a session keeps of its blueprint, so later edits never change its rules."""
    rule = blueprint.pass_rule
    return {
        "slug": blueprint.slug,
        "title": blueprint.title,
        "level": blueprint.level,
        "course": blueprint.course,
        "specialisation": blueprint.specialisation,
        "validity_days": blueprint.validity_days,
        "rule": {
            "overall": rule.overall,
            "floors": dict(rule.floors),
            "max_critical_errors": rule.max_critical_errors,
            "reference_pass_mark": rule.reference_pass_mark,
            "scoring": rule.scoring,
            "min_judgements": dict(rule.min_judgements),
            "must_catch_per_form": rule.must_catch_per_form,
        },
    }


def snapshot_blueprint(session: ExamSession) -> Blueprint:
    """The blueprint as it was when the session started (else the current file's, else defaults)."""
    data = (session.result or {}).get("blueprint")
    if not isinstance(data, dict):
        current = get_blueprint(session.blueprint_slug)
        return current or Blueprint(
            session.blueprint_slug, session.blueprint_slug, "core", "", (), PassRule()
        )
    return Blueprint(
        slug=data["slug"],
        title=data["title"],
        level=data["level"],
        course=data["course"],
        sections=(),
        # Snapshots written before rule 2026.2 have no "scoring": they keep the item rule.
        pass_rule=PassRule(**{**LEGACY_RULE, **data["rule"]}),
        specialisation=data["specialisation"],
        validity_days=data["validity_days"],
    )


def outcome_of(session: ExamSession) -> dict[str, Any]:
    """The stored verdict of a graded session ({} while it runs)."""
    result = session.result or {}
    outcome = result.get("outcome", result if "status" in result else {})
    return outcome if isinstance(outcome, dict) else {}


def reviewed_sections(session: ExamSession) -> set[str]:
    """The sections an instructor scores (their items are reference answers)."""
    return {i.section for i in session.items if i.version.exercise.kind in REVIEWED_KINDS}


def lock_session(session: ExamSession) -> ExamSession:
    """Re-read the session under a row lock so concurrent requests act one at a time."""
    stmt = (
        select(ExamSession)
        .where(ExamSession.id == session.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return db.session.execute(stmt).scalar_one()


def fresh_items(session: ExamSession) -> list[ExamItem]:
    """The session's items as stored now (not as cached earlier in this transaction)."""
    stmt = (
        select(ExamItem)
        .where(ExamItem.session_id == session.id)
        .order_by(ExamItem.position)
        .execution_options(populate_existing=True)
    )
    return list(db.session.scalars(stmt))


def _grade_item(item: ExamItem, exercise: Exercise, scoring: str) -> None:
    """Store the grader's feedback and the item's judgements; unanswered disagrees with all."""
    # The language the form was shown in: a correction is graded on that version's rubric.
    graded = item_for_version(item.version, item.session.language)
    result = None
    if item.answer is not None:
        try:
            result = grade(graded, item.answer)
        except InvalidResponse:
            result = None
    answer = item.answer if result is not None else None
    judgements = judge(graded, answer)
    missed = must_catch_failed(graded, answer)
    extra = {"judgements": to_dicts(judgements), "must_catch_failed": missed}
    if result is None:
        item.score, item.critical_errors = 0.0, 0
        item.criterion_scores = dict.fromkeys(exercise.criteria, 0.0)
        item.result = {"unanswered": True, **extra}
    else:
        item.score, item.critical_errors = result.score, result.critical_errors
        item.criterion_scores = dict(result.criterion_scores)
        item.result = {**result.to_dict(), **extra}
    if scoring == "judgements" and judgements:
        counts = tally(judgements)
        item.score, item.critical_errors = counts.agreement, int(missed)
        item.criterion_scores = {
            c: counts.criterion_agreement(c) for c, (_, n) in counts.by_criterion.items() if n
        }


def _likerts(items: list[ExamItem]) -> dict[int, int | None]:
    """Instructor scores by exam item id."""
    ids = [i.id for i in items]
    rows = db.session.execute(
        select(Review.exam_item_id, Review.likert).where(Review.exam_item_id.in_(ids))
    ).all()
    return {item_id: likert for item_id, likert in rows}


def _scores(items: list[ExamItem]) -> list[ItemScore]:
    """The pass rule's view of stored items; an unanswered reference counts as the lowest mark."""
    likerts = _likerts(items)
    scores = []
    for item in items:
        kind = item.version.exercise.kind
        likert = likerts.get(item.id)
        if kind in REVIEWED_KINDS and item.answer is None:
            likert = 1
        stored = item.result or {}
        scores.append(
            ItemScore(
                item.section,
                kind,
                item.score or 0.0,
                item.criterion_scores or {},
                item.critical_errors or 0,
                likert=likert,
                judgements=from_dicts(stored.get("judgements") or ()),
                must_catch_failed=bool(stored.get("must_catch_failed")),
            )
        )
    return scores


def _apply(session: ExamSession, outcome: ExamOutcome, actor: User | None) -> None:
    """Record the outcome on the session and issue the certificate on a pass."""
    session.status = outcome.status
    session.score = outcome.overall
    session.criterion_scores = dict(outcome.criterion_scores)
    session.critical_errors = outcome.critical_errors
    session.reference_likert = outcome.reference_likert
    session.result = {**(session.result or {}), "outcome": outcome.to_dict()}
    db.session.flush()
    if outcome.status == "passed":
        issue_certificate(session, snapshot_blueprint(session), actor)


def finish_session(
    session: ExamSession, now: datetime | None = None, actor: User | None = None
) -> ExamSession:
    """Grade an active session once; later calls return it unchanged."""
    session = lock_session(session)
    if session.status != "active":
        return session
    now = now or utcnow()
    items = fresh_items(session)
    rule = snapshot_blueprint(session).pass_rule
    for item in items:
        _grade_item(item, item.version.exercise, rule.scoring)
    outcome = evaluate_exam(_scores(items), rule)
    session.finished_at = min(now, session.deadline_at)
    session.result = {**(session.result or {}), "expired": now >= session.deadline_at}
    _apply(session, outcome, actor)
    session.reference_likert = None  # no instructor has scored anything yet
    return session


def grade_if_overdue(session: ExamSession, now: datetime | None = None) -> ExamSession:
    """Grade a session whose time ran out, whoever looks at it (lazy expiry)."""
    now = now or utcnow()
    if session.status == "active" and now >= session.deadline_at:
        return finish_session(session, now)
    return session


def expire_overdue(now: datetime | None = None) -> int:
    """Grade every active session past its deadline; returns how many were graded."""
    now = now or utcnow()
    overdue = db.session.scalars(
        select(ExamSession).where(ExamSession.status == "active", ExamSession.deadline_at <= now)
    ).all()
    for session in overdue:
        finish_session(session, now)
    return len(overdue)


def _check_review(exam_item: ExamItem, session: ExamSession, likert: Any, reviewer: User) -> None:
    """Refuse a review that breaks a rule."""
    if not is_int(likert) or not 1 <= likert <= 7:
        raise ExamError(_l("The score must be a whole number from 1 to 7."))
    if not reviewer.is_instructor:
        raise ExamError(_l("Only instructors score reference answers."))
    if reviewer.id == session.user_id:
        raise ExamError(_l("You cannot score your own exam."))
    if exam_item.version.exercise.kind not in REVIEWED_KINDS:
        raise ExamError(_l("Only reference answers are scored by an instructor."))
    if session.status != "pending_review":
        raise ExamError(_l("This exam is not waiting for a review."))


def record_reference_score(
    exam_item: ExamItem, likert: int, reviewer: User, comment: str = ""
) -> ExamSession:
    """Store an instructor's 1–7 score; complete the session, issuing the certificate on a pass."""
    session = lock_session(exam_item.session)
    _check_review(exam_item, session, likert, reviewer)
    review = Review(
        exam_item_id=exam_item.id,
        reviewer_id=reviewer.id,
        auto_score=exam_item.score,
        score=likert / 7,
        likert=likert,
        decision="confirmed",
        comment=(comment or "").strip(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(review)
    except IntegrityError:
        raise ExamError(_l("This reference answer has already been scored.")) from None
    exam_item.score = likert / 7  # the instructor's score replaces the provisional self-check
    record_event(
        reviewer,
        "exam.reference_review",
        "exam_item",
        exam_item.id,
        session=session.id,
        likert=likert,
    )
    outcome = evaluate_exam(_scores(fresh_items(session)), snapshot_blueprint(session).pass_rule)
    if outcome.status != "pending_review":
        _apply(session, outcome, reviewer)
    return session


def pending_reference_reviews() -> list[ExamItem]:
    """Answered reference items of sessions waiting for review, oldest first (the queue)."""
    version = joinedload(ExamItem.version)
    stmt = (
        select(ExamItem)
        # The queue shows each item's kind, title and student: load them in the same query.
        .options(version.joinedload(ExerciseVersion.exercise),
                 version.lazyload(ExerciseVersion.answers), joinedload(ExamItem.session))
        .join(ExamSession, ExamSession.id == ExamItem.session_id)
        .join(Exercise, Exercise.id == ExamItem.exercise_id)
        .outerjoin(Review, Review.exam_item_id == ExamItem.id)
        .where(
            ExamSession.status == "pending_review",
            Exercise.kind.in_(REVIEWED_KINDS),
            ExamItem.answered_at.is_not(None),
            Review.id.is_(None),
        )
        .order_by(ExamSession.finished_at, ExamItem.id)
    )
    return list(db.session.scalars(stmt))
