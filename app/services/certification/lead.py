"""Lead Trainer: certified trainers whose rankings agree closely with gold, awarded by staff.

The rule (``graders.lead``): over the last 90 days, at least 20 practice ranking attempts on
calibration items (bank items whose gold is not flagged for recalibration), a mean Kendall tau-b
against the gold order of at least 0.8, and no critical (ethics) error in those attempts. The
trainer must hold a valid core certificate. An instructor or admin then awards it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.models import Attempt, Certificate, Exercise, User, db, utcnow
from app.services.certification.blueprints import load_blueprints
from app.services.certification.certificates import CertificateError, issue_award, valid_certificate
from app.services.practice.exercise_bank import item_for_version
from graders.lead import LeadVerdict, lead_verdict, order_tau

LEAD_SLUG = "lead-trainer"
LEAD_TITLE = "Lead Trainer"
WINDOW = timedelta(days=90)
VALIDITY = timedelta(days=730)


@dataclass(frozen=True)
class LeadEligibility:
    """The verdict plus what the trainer already holds."""

    verdict: LeadVerdict
    core: Certificate | None
    lead: Certificate | None

    @property
    def eligible(self) -> bool:
        """Certified, not yet a lead, and the ranking rule is met."""
        return self.core is not None and self.lead is None and self.verdict.eligible


def _core_certificate(user: User) -> Certificate | None:
    """The user's valid core certificate, if any."""
    for blueprint in load_blueprints().values():
        if blueprint.level == "core":
            cert = valid_certificate(user, blueprint.slug)
            if cert is not None:
                return cert
    return None


def _tau(attempt: Attempt) -> float:
    """The attempt's tau-b, from its stored result or recomputed from the answer and gold."""
    details = (attempt.result or {}).get("details") or {}
    if isinstance(details.get("kendall_tau_b"), int | float):
        return float(details["kendall_tau_b"])
    item = item_for_version(attempt.version)
    return order_tau(item.gold_order, list(attempt.answer.get("order", [])))


def check_lead_eligibility(user: User, now: datetime | None = None) -> LeadEligibility:
    """Apply the Lead Trainer rule to a user's recent calibration rankings."""
    since = (now or utcnow()) - WINDOW
    attempts = db.session.scalars(
        select(Attempt)
        .join(Exercise, Exercise.id == Attempt.exercise_id)
        .where(
            Attempt.user_id == user.id,
            Attempt.kind == "ranking",
            Attempt.created_at >= since,
            Exercise.calibration_flagged.is_(False),
        )
    ).all()
    verdict = lead_verdict([_tau(a) for a in attempts], sum(a.critical_errors for a in attempts))
    return LeadEligibility(verdict, _core_certificate(user), valid_certificate(user, LEAD_SLUG))


def lead_candidates() -> list[tuple[User, LeadEligibility]]:
    """Every holder of a valid core certificate with their Lead Trainer eligibility."""
    core_slugs = [b.slug for b in load_blueprints().values() if b.level == "core"]
    users = db.session.scalars(
        select(User)
        .join(Certificate, Certificate.user_id == User.id)
        .where(Certificate.certificate_slug.in_(core_slugs), Certificate.revoked_at.is_(None))
        .distinct()
        .order_by(User.display_name)
    ).all()
    checked = [(u, check_lead_eligibility(u)) for u in users]
    return [(u, e) for u, e in checked if e.core is not None]


def award_lead(actor: User, user: User) -> Certificate:
    """Award Lead Trainer to an eligible trainer (instructors and admins only)."""
    if not actor.is_instructor:
        raise CertificateError(_l("Only instructors and admins award Lead Trainer."))
    eligibility = check_lead_eligibility(user)
    if not eligibility.eligible or eligibility.core is None:
        raise CertificateError(_l("This trainer does not meet the Lead Trainer rule."))
    tau = eligibility.verdict.mean_tau or 0.0
    now = utcnow()
    return issue_award(
        user,
        {
            "certificate_slug": LEAD_SLUG,
            "title": LEAD_TITLE,
            "level": "lead",
            "specialisation": None,
            "overall_score": max(0.0, min(1.0, tau)),
            "criterion_scores": {**eligibility.core.criterion_scores},
            "expires_at": now + VALIDITY,
            "issued_at": now,
        },
        actor,
    )
