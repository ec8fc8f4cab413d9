"""Issuing, looking up, revoking and aging certificates.

A certificate's status is computed, never stored: revoked if an admin revoked it, expired after its
expiry date, and expired after the grace period once the guidelines version it was earned under
is superseded (until then it is valid with "recertification due").
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from app.models import Certificate, Course, ExamSession, GuidelinesVersion, User, db, utcnow
from app.services.accounts import notices
from app.services.accounts.audit import record_event
from app.services.certification.holder_identity import identity_fields
from app.services.learning.learning import FOUNDATIONS_SLUG
from graders.blueprint import Blueprint

# Crockford's base32 without the look-alikes I, L, O and U: 12 symbols carry 60 random bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PREFIX = "ATS"
CODE_SYMBOLS = 12
CODE_GROUP = 4
READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
ISSUE_RETRIES = 5


class CertificateError(ValueError):
    """A certificate rule was broken; the message is safe to show."""


@dataclass(frozen=True)
class CertificateState:
    """The computed status of a certificate at one moment."""

    status: str  # "valid" | "expired" | "revoked"
    recertification_due: bool
    expires_at: datetime

    @property
    def is_valid(self) -> bool:
        """Say whether the certificate counts right now."""
        return self.status == "valid"


def new_code() -> str:
    """A random, unguessable identifier people can read out, e.g. ATS-7KQ2-M9XD-4HPR."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_SYMBOLS))
    groups = [body[i : i + CODE_GROUP] for i in range(0, CODE_SYMBOLS, CODE_GROUP)]
    return "-".join([CODE_PREFIX, *groups])


def normalise_code(text: str) -> str | None:
    """The canonical form of a typed identifier (any case, hyphens optional), or None."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    cleaned = re.sub(r"[\s-]+", "", text).upper()
    if len(cleaned) == CODE_SYMBOLS + len(CODE_PREFIX) and cleaned.startswith(CODE_PREFIX):
        cleaned = cleaned[len(CODE_PREFIX) :]
    cleaned = cleaned.translate(READ_AS)
    if len(cleaned) != CODE_SYMBOLS or any(c not in CODE_ALPHABET for c in cleaned):
        return None
    groups = [cleaned[i : i + CODE_GROUP] for i in range(0, CODE_SYMBOLS, CODE_GROUP)]
    return "-".join([CODE_PREFIX, *groups])


BY_CODE = select(Certificate).where(Certificate.code == bindparam("code"))
SUPERSEDED = select(
    GuidelinesVersion.version, GuidelinesVersion.superseded_at, GuidelinesVersion.grace_days
).where(
    GuidelinesVersion.course_slug == FOUNDATIONS_SLUG,
    GuidelinesVersion.superseded_at.is_not(None),
)


@dataclass(frozen=True)
class Supersession:
    """When a guidelines version was superseded and how long its certificates stay valid.

    Plain values, not the ORM row, so a per-process cache may keep them across requests.
    """

    superseded_at: datetime
    grace_days: int


def find_by_code(text: str) -> Certificate | None:
    """The certificate a typed identifier names, or None for unknown or malformed input."""
    code = normalise_code(text)
    if code is None:
        return None
    return db.session.scalar(BY_CODE, {"code": code})


def guidelines_version() -> str:
    """The Foundations course's current trainer-guidelines version."""
    version = db.session.scalar(
        select(Course.guidelines_version).where(Course.slug == FOUNDATIONS_SLUG)
    )
    return version or "unversioned"


def superseded_versions() -> dict[str, Supersession]:
    """Superseded guidelines versions of the Foundations course, by version."""
    return {
        version: Supersession(superseded_at, grace_days)
        for version, superseded_at, grace_days in db.session.execute(SUPERSEDED)
    }


def _state(
    cert: Certificate, superseded: Mapping[str, Supersession], now: datetime
) -> CertificateState:
    """Compute one certificate's status (see the module docstring)."""
    expires_at, due = cert.expires_at, False
    row = superseded.get(cert.guidelines_version)
    if row is not None:
        grace_end = row.superseded_at + timedelta(days=row.grace_days)
        expires_at, due = min(expires_at, grace_end), True
    if cert.revoked_at is not None:
        return CertificateState("revoked", False, expires_at)
    if now >= expires_at:
        return CertificateState("expired", False, expires_at)
    return CertificateState("valid", due, expires_at)


def certificate_state(
    cert: Certificate,
    now: datetime | None = None,
    superseded: Mapping[str, Supersession] | None = None,
) -> CertificateState:
    """The status of one certificate now (or at ``now``); ``superseded`` may come from a cache."""
    if superseded is None:
        superseded = superseded_versions()
    return _state(cert, superseded, now or utcnow())


def certificate_states(
    certs: Iterable[Certificate], now: datetime | None = None
) -> list[tuple[Certificate, CertificateState]]:
    """Each certificate with its status, reading the superseded versions once (not at all for
    a student who holds none, as most dashboards show)."""
    certs = list(certs)
    if not certs:
        return []
    superseded, moment = superseded_versions(), now or utcnow()
    return [(cert, _state(cert, superseded, moment)) for cert in certs]


def certificates_of(user: User) -> list[Certificate]:
    """A user's certificates, newest first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


def valid_certificate(user: User, slug: str) -> Certificate | None:
    """The user's valid certificate ``slug``, if any."""
    for cert, state in certificate_states(certificates_of(user)):
        if cert.certificate_slug == slug and state.is_valid:
            return cert
    return None


def holds_valid_certificate(user: User, slug: str) -> bool:
    """Does the user hold a valid certificate ``slug``?"""
    return valid_certificate(user, slug) is not None


def _insert(fields: dict[str, Any], session_id: int | None) -> tuple[Certificate, bool]:
    """Insert a certificate in a savepoint, retrying a clash of code or status index.

    A clash on ``exam_session_id`` means another request issued it first: return that one
    (and False: not created here).
    """
    for _attempt in range(ISSUE_RETRIES):
        index = (db.session.scalar(select(func.max(Certificate.status_index))) or 0) + 1
        cert = Certificate(code=new_code(), status_index=index, **fields)
        try:
            with db.session.begin_nested():
                db.session.add(cert)
        except IntegrityError:
            if session_id is not None:
                existing = db.session.scalar(
                    select(Certificate).where(Certificate.exam_session_id == session_id)
                )
                if existing is not None:
                    return existing, False
            continue
        return cert, True
    raise CertificateError(_l("Could not allocate a certificate identifier; try again."))


def _exam_fields(session: ExamSession, blueprint: Blueprint) -> dict[str, Any]:
    """The columns of a certificate earned by a passed session."""
    holder = db.session.get(User, session.user_id)
    now = utcnow()
    scores = {k: round(v, 4) for k, v in (session.criterion_scores or {}).items() if v is not None}
    return {
        "user_id": session.user_id, "exam_session_id": session.id,
        "certificate_slug": blueprint.slug, "title": blueprint.title, "level": blueprint.level,
        "specialisation": blueprint.specialisation,
        "holder_name": holder.display_name if holder else "",
        **(identity_fields(holder.email) if holder else {}),
        "is_demo": bool(session.is_demo),
        "language": session.language,  # the language the exam was taken in
        "overall_score": round(session.score or 0.0, 4), "criterion_scores": scores,
        "guidelines_version": guidelines_version(), "issued_at": now,
        "expires_at": now + timedelta(days=blueprint.validity_days),
    }  # fmt: skip


def issue_certificate(
    session: ExamSession, blueprint: Blueprint, actor: User | None = None
) -> Certificate:
    """Issue the certificate a passing session earned, exactly once per session."""
    existing = db.session.scalar(
        select(Certificate).where(Certificate.exam_session_id == session.id)
    )
    if existing is not None:
        return existing
    if session.status != "passed" or session.score is None:
        raise CertificateError(_l("Only a passed exam earns a certificate."))
    cert, created = _insert(_exam_fields(session, blueprint), session.id)
    if created:
        record_event(actor, "certificate.issue", "certificate", cert.id, code=cert.code,
                     slug=cert.certificate_slug, session=session.id)  # fmt: skip
        notices.certificate_issued(cert)
    return cert


def _rests_on_demo(user: User) -> bool:
    """An award rests on the holder's core certificate: only demo ones make a demo award."""
    cores = [
        c for c, s in certificate_states(certificates_of(user)) if c.level == "core" and s.is_valid
    ]
    return bool(cores) and all(c.is_demo for c in cores)


def issue_award(user: User, fields: dict[str, Any], actor: User) -> Certificate:
    """Issue a certificate that no exam earned (Lead Trainer), recorded in the audit log."""
    now = utcnow()
    cert, _created = _insert(
        {
            "user_id": user.id,
            "exam_session_id": None,
            "holder_name": user.display_name,
            "is_demo": _rests_on_demo(user),
            **identity_fields(user.email),
            "guidelines_version": guidelines_version(),
            "issued_at": now,
            **fields,
        },
        None,
    )
    record_event(
        actor,
        "certificate.issue",
        "certificate",
        cert.id,
        code=cert.code,
        slug=cert.certificate_slug,
    )
    notices.certificate_issued(cert)
    return cert


def revoke_certificate(actor: User, cert: Certificate, reason: str) -> None:
    """Revoke with a reason; the holder, the verification page and the status list show it."""
    reason = reason.strip()
    if not reason:
        raise CertificateError(_l("Give a reason for the revocation."))
    if cert.revoked_at is not None:
        raise CertificateError(_l("This certificate is already revoked."))
    cert.revoked_at = utcnow()
    cert.revocation_reason = reason
    cert.revoked_by_id = actor.id
    record_event(actor, "certificate.revoke", "certificate", cert.id, code=cert.code, reason=reason)
    db.session.flush()


def supersede_guidelines(
    course_slug: str, version: str, grace_days: int, actor: User | None = None
) -> GuidelinesVersion:
    """Mark a guidelines version superseded; its certificates expire after ``grace_days``."""
    if grace_days < 0:
        raise CertificateError(_l("The grace period cannot be negative."))
    row = db.session.scalar(
        select(GuidelinesVersion).where(
            GuidelinesVersion.course_slug == course_slug, GuidelinesVersion.version == version
        )
    )
    if row is None:
        row = GuidelinesVersion(course_slug=course_slug, version=version)
        db.session.add(row)
    row.superseded_at = row.superseded_at or utcnow()
    row.grace_days = grace_days
    record_event(
        actor,
        "guidelines.supersede",
        "guidelines",
        f"{course_slug}@{version}",
        grace_days=grace_days,
    )
    notices.recertification_due(course_slug, version, grace_days)
    db.session.flush()
    return row


def status_list_indices() -> list[int]:
    """The status-list index of every revoked certificate."""
    return list(
        db.session.scalars(
            select(Certificate.status_index).where(Certificate.revoked_at.is_not(None))
        )
    )
