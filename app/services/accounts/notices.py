"""Which emails domain events send: one function per event, called by the service that caused it.

Each queues its mail with ``send_notice``; nothing is sent unless the transaction commits.
"""

from __future__ import annotations

from sqlalchemy import select

from app.models import Attempt, Certificate, Review, db
from app.services.accounts.mail import send_notice
from app.services.learning.learning import FOUNDATIONS_SLUG


def review_done(attempt: Attempt, review: Review) -> None:
    """The student learns an instructor reviewed their answer."""
    title = attempt.version.title if attempt.version is not None else ""
    send_notice(attempt.user_id, "review_done", title=title, score=review.score)


def certificate_issued(cert: Certificate) -> None:
    """The holder gets the code and where anyone can verify it."""
    send_notice(cert.user_id, "certificate_issued", title=cert.title, code=cert.code)


def recertification_due(course_slug: str, guidelines_version: str, grace_days: int) -> None:
    """Every holder of a live certificate under superseded guidelines is told to renew.

    Certificates carry the Foundations course's guidelines version; other courses' do not count.
    """
    if course_slug != FOUNDATIONS_SLUG:
        return
    certs = db.session.scalars(
        select(Certificate).where(
            Certificate.guidelines_version == guidelines_version,
            Certificate.revoked_at.is_(None),
        )
    )
    for cert in certs:
        send_notice(
            cert.user_id,
            "recertification_due",
            title=cert.title,
            code=cert.code,
            grace_days=grace_days,
        )
