"""Running certification exams: who may start one, drawing it, saving answers, the timer.

The server's ``deadline_at`` is the timer. Any access to an overdue session grades it (and
``school exams expire`` grades the rest), answers after the deadline are refused, and each save
must quote the item's current revision so a stale or replayed save cannot overwrite a newer one.
Grading, reviews and the queue live in ``exam_grading`` and are re-exported here.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.models import Certificate, ExamItem, ExamSession, Exercise, User, db, utcnow
from app.services.certification.blueprints import get_blueprint
from app.services.certification.exam_flow import time_limit_for
from app.services.certification.exam_grading import (
    ExamError,
    blueprint_snapshot,
    expire_overdue,
    finish_session,
    grade_if_overdue,
    lock_session,
    pending_reference_reviews,
    record_reference_score,
)
from app.services.certification.exam_pool import (
    form_minimums,
    is_demo_pool,
    max_exposures,
    pool_entries,
)
from app.services.certification.exam_status import (
    ExamStatus,
    exam_overview,
    exam_status,
    sessions_of,
)
from app.services.practice.exercise_bank import current_version, item_for_version, student_item
from graders import validate_response
from graders.blueprint import Blueprint
from graders.exam import DrawError, draw_exam

__all__ = [
    "ExamClosed",
    "ExamError",
    "ExamStatus",
    "StaleRevision",
    "certificate_for_session",
    "exam_overview",
    "exam_status",
    "exam_summary",
    "expire_overdue",
    "finish_session",
    "pending_reference_reviews",
    "record_reference_score",
    "save_answer",
    "seconds_left",
    "session_for",
    "session_items",
    "start_session",
    "unanswered_positions",
]


class StaleRevision(ExamError):
    """The client saved over a revision it had not seen (stale tab or replayed request)."""


class ExamClosed(ExamError):
    """The session is no longer open (time ran out, or it was submitted); it is graded."""


def _pool(language: str = "en") -> dict[str, Exercise]:
    """Published exam-pool items readable in ``language`` (written or translated), by uid."""
    rows = db.session.scalars(
        select(Exercise).where(
            Exercise.pool == "exam",
            Exercise.status == "published",
            Exercise.readable_in(language),
        )
    )
    return {e.uid: e for e in rows}


def exam_languages(blueprint: Blueprint, offered: Iterable[str]) -> list[str]:
    """The offered languages whose published pool can fill a form of ``blueprint``.

    A trial draw (fixed seed, nobody's history) decides, with the same rules as a real start,
    so a language is offered only when a student could actually be given a full form in it.
    """
    available = []
    for language in offered:
        try:
            draw_exam(
                pool_entries(_pool(language).values()),
                blueprint,
                0,
                max_exposures=max_exposures(),
                minimums=form_minimums(blueprint),
            )
        except DrawError:
            continue
        available.append(language)
    return available


def _seen_uids(user: User) -> set[str]:
    """Every exam item the user has been shown in any session."""
    return set(
        db.session.scalars(
            select(Exercise.uid)
            .join(ExamItem, ExamItem.exercise_id == Exercise.id)
            .join(ExamSession, ExamSession.id == ExamItem.session_id)
            .where(ExamSession.user_id == user.id)
        )
    )


def _last_form_uids(user: User) -> set[str]:
    """The items of the user's latest session: the next form shares none of them."""
    last = db.session.scalar(
        select(ExamSession.id)
        .where(ExamSession.user_id == user.id)
        .order_by(ExamSession.id.desc())
        .limit(1)
    )
    if last is None:
        return set()
    return set(
        db.session.scalars(
            select(Exercise.uid)
            .join(ExamItem, ExamItem.exercise_id == Exercise.id)
            .where(ExamItem.session_id == last)
        )
    )


def _new_session(
    user: User,
    blueprint: Blueprint,
    pool: dict[str, Exercise],
    seed: int,
    now: datetime,
    language: str = "en",
) -> ExamSession:
    """Build the session and its drawn items (not yet added)."""
    try:
        drawn = draw_exam(
            pool_entries(pool.values()),
            blueprint,
            seed,
            exclude_ids=_seen_uids(user),
            avoid_ids=_last_form_uids(user),
            max_exposures=max_exposures(),
            minimums=form_minimums(blueprint),
        )
    except DrawError as error:
        raise ExamError(_l("This exam cannot start yet: %(reason)s.", reason=str(error))) from None
    count = len(sessions_of(user, blueprint.slug))
    session = ExamSession(
        user_id=user.id,
        blueprint_slug=blueprint.slug,
        attempt_number=count + 1,
        seed=seed,
        status="active",
        started_at=now,
        # An admin-granted accommodation extends this session's deadline (exam_flow).
        deadline_at=now + timedelta(minutes=time_limit_for(user, blueprint)),
        result={"blueprint": blueprint_snapshot(blueprint)},
        is_demo=is_demo_pool(),
        language=language,
    )
    for position, chosen in enumerate(drawn, start=1):
        exercise = pool[chosen.uid]
        session.items.append(
            ExamItem(
                position=position,
                section=chosen.section,
                exercise_id=exercise.id,
                version_id=current_version(exercise).id,
            )
        )
    return session


def start_session(
    user: User, slug: str, now: datetime | None = None, language: str = "en"
) -> ExamSession:
    """Start a timed session of a certificate's exam in ``language``, or raise ExamError."""
    blueprint = get_blueprint(slug)
    if blueprint is None:
        raise ExamError(_l("There is no such exam."))
    now = now or utcnow()
    blockers = exam_status(user, blueprint, now).blockers
    if blockers:
        raise ExamError(blockers[0])
    pool = _pool(language)
    session = _new_session(user, blueprint, pool, secrets.randbits(62), now, language)
    try:
        with db.session.begin_nested():
            db.session.add(session)
    except IntegrityError:
        raise ExamError(_l("You have an exam in progress: finish it first.")) from None
    return session


def session_for(user: User, session_id: int) -> ExamSession | None:
    """The user's own session (graded if its time ran out); None for anyone else's."""
    session = db.session.get(ExamSession, session_id)
    if session is None or session.user_id != user.id:
        return None
    return grade_if_overdue(session)


def save_answer(
    session: ExamSession, position: int, answer: Any, revision: int, now: datetime | None = None
) -> ExamItem:
    """Save one answer if the session is open and ``revision`` is the item's current one."""
    session = lock_session(session)
    now = now or utcnow()
    if session.status == "active" and now >= session.deadline_at:
        finish_session(session, now)
        raise ExamClosed(_l("Time is up: the exam has been submitted."))
    if session.status != "active":
        raise ExamClosed(_l("This exam has already been submitted."))
    item = db.session.scalar(
        select(ExamItem).where(ExamItem.session_id == session.id, ExamItem.position == position)
    )
    if item is None:
        raise ExamError(_l("There is no such question in this exam."))
    reasons = validate_response(item_for_version(item.version, session.language), answer)
    if reasons:
        raise ExamError("; ".join(reasons))
    changed = db.session.execute(
        update(ExamItem)
        .where(ExamItem.id == item.id, ExamItem.revision == revision)
        .values(answer=answer, answered_at=now, revision=ExamItem.revision + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(item)
    if changed != 1:
        raise StaleRevision(_l("This answer was changed elsewhere; reload the question."))
    return item


@dataclass(frozen=True)
class ItemView:
    """What the session page shows for one item: never gold, never feedback."""

    item: ExamItem
    view: dict[str, Any]

    @property
    def answered(self) -> bool:
        """Say whether an answer is saved."""
        return self.item.answered_at is not None


def session_items(session: ExamSession) -> list[ItemView]:
    """The session's items as students may see them (``student_item`` only)."""
    language = session.language
    return [ItemView(item, student_item(item.version, language)) for item in session.items]


def unanswered_positions(session: ExamSession) -> list[int]:
    """Positions of the questions with no saved answer (the submit step lists them)."""
    return [item.position for item in session.items if item.answered_at is None]


def certificate_for_session(session: ExamSession) -> Certificate | None:
    """The certificate a session earned, if any."""
    return db.session.scalar(select(Certificate).where(Certificate.exam_session_id == session.id))


def seconds_left(session: ExamSession, now: datetime | None = None) -> int:
    """Whole seconds until the deadline (0 once it has passed)."""
    return max(0, int((session.deadline_at - (now or utcnow())).total_seconds()))


def exam_summary(user: User) -> dict[str, Any]:
    """The dashboard card: an exam in progress, one waiting for review, certificates held.

    Read-only (the dashboard does not commit): an overdue session shows as active and is graded
    when the student follows its link.
    """
    from app.services.certification.certificates import certificate_states, certificates_of

    sessions = sessions_of(user, grade=False)
    held = [(c, s) for c, s in certificate_states(certificates_of(user)) if s.is_valid]
    return {
        "active": next((s for s in sessions if s.status == "active"), None),
        "pending": [s for s in sessions if s.status == "pending_review"],
        "certificates": [c for c, _state in held],
        "last": sessions[-1] if sessions else None,
        # The card changes with the clock alone when the first of these certificates expires.
        "valid_until": min((s.expires_at for _cert, s in held), default=None),
    }
