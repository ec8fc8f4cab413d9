"""Who must have looked at a studio item before students see it.

An exam item is published only after calibration: at least two instructors other than its
authors have judged the current version and their agreement reaches the studio's threshold
(reference items, which have no gold to calibrate, need two approvals instead). A practice item
needs one reviewer other than its authors: an approval, or a calibration judgement. Approvals
are recorded in the audit log against the version they approve, so an edit needs a new review.
Items authored as files are reviewed in git and published by ``school exercises sync``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.models import AuditEvent, Exercise, User, db
from app.services.accounts.audit import record_event
from app.services.practice.exercise_bank import current_version
from app.services.studio.calibration import (
    CALIBRATED_KINDS,
    Agreement,
    agreement_for,
    judgements_for,
)

APPROVE = "exercise.approve"
EXAM_JUDGES = 2
PRACTICE_REVIEWERS = 1


class ReviewError(ValueError):
    """An approval is refused; the message is safe to show."""


@dataclass(frozen=True)
class Readiness:
    """What an item still needs before it may be published, with the figures behind it."""

    needed: int
    reviewers: int
    agreement: Agreement | None
    reasons: tuple[str, ...]

    @property
    def is_ready(self) -> bool:
        """Nothing stands in the way of publishing."""
        return not self.reasons


def authors_of(exercise: Exercise) -> set[int]:
    """The instructors who wrote the item or its current version: they cannot review it."""
    version = current_version(exercise)
    return {i for i in (exercise.created_by_id, version.author_id) if i is not None}


def approvers_of(exercise: Exercise) -> set[int]:
    """Instructors who approved the current version (audit events naming that version)."""
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == APPROVE,
            AuditEvent.target_type == "exercise",
            AuditEvent.target_id == str(exercise.id),
        )
    )
    version = exercise.current_version
    return {e.actor_id for e in events if e.actor_id and e.details.get("version") == version}


def _judges_of(exercise: Exercise) -> set[int]:
    """Instructors who recorded a calibration judgement of the current version."""
    return {j.instructor_id for j in judgements_for(current_version(exercise))}


def _exam_reasons(judges: int, agreement: Agreement) -> list[str]:
    """Calibration an exam item lacks: enough independent judges, agreement at the threshold."""
    reasons = []
    if judges < EXAM_JUDGES:
        reasons.append(
            str(
                _l(
                    "An exam item needs calibration by at least %(n)s instructors other than "
                    "its author; %(k)s so far.",
                    n=EXAM_JUDGES,
                    k=judges,
                )
            )
        )
    alpha = agreement.alpha
    if judges >= EXAM_JUDGES and alpha is not None and alpha < agreement.threshold:
        reasons.append(
            str(
                _l(
                    "The judges agree less than the threshold (alpha %(a).2f below %(t)s): "
                    "edit the gold or ask the judges to look again.",
                    a=alpha,
                    t=agreement.threshold,
                )
            )
        )
    return reasons


def readiness(exercise: Exercise) -> Readiness:
    """Say whether a studio draft may be published, and what it still needs."""
    authors = authors_of(exercise)
    approvers = approvers_of(exercise) - authors
    calibrated = exercise.kind in CALIBRATED_KINDS
    if exercise.pool == "exam" and calibrated:
        judges = _judges_of(exercise) - authors
        agreement = agreement_for(current_version(exercise))
        reasons = _exam_reasons(len(judges), agreement)
        return Readiness(EXAM_JUDGES, len(judges), agreement, tuple(reasons))
    reviewers = approvers | (_judges_of(exercise) - authors if calibrated else set())
    needed = EXAM_JUDGES if exercise.pool == "exam" else PRACTICE_REVIEWERS
    reasons = []
    if len(reviewers) < needed:
        reasons.append(
            str(
                _l(
                    "This item needs approval by %(n)s instructor(s) other than its author "
                    "before publishing; %(k)s so far.",
                    n=needed,
                    k=len(reviewers),
                )
            )
        )
    return Readiness(needed, len(reviewers), None, tuple(reasons))


def approve(exercise: Exercise, reviewer: User) -> None:
    """Record that an instructor other than the author reviewed the current draft version."""
    if exercise.status != "draft":
        raise ReviewError(_l("Only drafts are reviewed before publishing."))
    if reviewer.id in authors_of(exercise):
        raise ReviewError(_l("You wrote this version; another instructor must review it."))
    if reviewer.id in approvers_of(exercise):
        raise ReviewError(_l("You have already approved this version."))
    record_event(
        reviewer,
        APPROVE,
        "exercise",
        exercise.id,
        uid=exercise.uid,
        version=exercise.current_version,
    )
    db.session.flush()
