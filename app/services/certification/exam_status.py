"""Whether a student may start a certificate's exam now: prerequisites, attempts, cooldown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from app.models import Certificate, ExamSession, User, db, utcnow
from app.services.certification.blueprints import load_blueprints
from app.services.certification.certificates import certificate_state, valid_certificate
from app.services.certification.eligibility import missing_prerequisites
from app.services.certification.exam_grading import grade_if_overdue
from app.services.certification.exam_text import translate as _
from app.services.certification.exam_text import when
from graders.blueprint import Blueprint


@dataclass
class ExamStatus:
    """One certificate's exam as a student sees it: what blocks a start, attempts, cooldown."""

    blueprint: Blueprint
    missing: list[str] = field(default_factory=list)
    attempts_used: int = 0
    cooldown_until: datetime | None = None
    active: ExamSession | None = None
    other_active: ExamSession | None = None
    pending: ExamSession | None = None
    certificate: Certificate | None = None
    recertification_due: bool = False
    last: ExamSession | None = None

    @property
    def attempts_left(self) -> int:
        """Attempts still allowed before the limit."""
        return max(0, self.blueprint.max_attempts - self.attempts_used)

    @property
    def blockers(self) -> list[str]:
        """Why a new session cannot start now; empty when it can."""
        reasons = []
        if self.certificate is not None and not self.recertification_due:
            reasons.append(_("You already hold this certificate."))
        reasons += self.missing
        if self.active is not None or self.other_active is not None:
            reasons.append(_("You have an exam in progress: finish it first."))
        if self.pending is not None:
            reasons.append(_("Your last attempt is waiting for an instructor's review."))
        if self.attempts_left == 0:
            reasons.append(_("You have used all %(n)s attempts.", n=self.blueprint.max_attempts))
        if self.cooldown_until is not None:
            reasons.append(_("You can try again after %(when)s.", when=when(self.cooldown_until)))
        return reasons


def sessions_of(user: User, slug: str | None = None, grade: bool = True) -> list[ExamSession]:
    """A user's sessions (of one blueprint), oldest first, overdue ones graded unless told not."""
    stmt = select(ExamSession).where(ExamSession.user_id == user.id)
    if slug is not None:
        stmt = stmt.where(ExamSession.blueprint_slug == slug)
    sessions = list(db.session.scalars(stmt.order_by(ExamSession.id)))
    return [grade_if_overdue(s) for s in sessions] if grade else sessions


def exam_status(user: User, blueprint: Blueprint, now: datetime | None = None) -> ExamStatus:
    """Everything that decides whether ``user`` may start ``blueprint``'s exam now."""
    now = now or utcnow()
    everything = sessions_of(user)
    mine = [s for s in everything if s.blueprint_slug == blueprint.slug]
    last_pass = max((p.id for p in mine if p.status == "passed"), default=0)
    failed = [s for s in mine if s.id > last_pass and s.status == "failed"]
    status = ExamStatus(blueprint, missing_prerequisites(user, blueprint), len(failed))
    status.active = next((s for s in mine if s.status == "active"), None)
    status.pending = next((s for s in mine if s.status == "pending_review"), None)
    status.last = mine[-1] if mine else None
    status.other_active = next(
        (s for s in everything if s.status == "active" and s not in mine), None
    )
    if failed and failed[-1].finished_at is not None:
        until = failed[-1].finished_at + timedelta(days=blueprint.cooldown_days)
        status.cooldown_until = until if until > now else None
    status.certificate = valid_certificate(user, blueprint.slug)
    if status.certificate is not None:
        status.recertification_due = certificate_state(status.certificate, now).recertification_due
    return status


def exam_overview(user: User) -> list[ExamStatus]:
    """Every certificate's exam status for the exams page."""
    return [exam_status(user, b) for b in load_blueprints().values()]
