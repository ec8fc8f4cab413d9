"""What the public may see of a certificate, and the opt-in directory of certified trainers.

Public views carry the holder's chosen display name and the certificate's facts; never an
email address or an account id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.models import Certificate, User, db
from app.services.certification.certificates import CertificateState, certificate_states
from app.services.certification.credentials import DEMO_LABEL, iso, verification_url

HEADLINE_MAX = 160


def public_record(cert: Certificate, state: CertificateState) -> dict[str, Any]:
    """The verification facts of one certificate (the JSON API's body)."""
    return {
        "id": cert.code,
        "demo": cert.is_demo,
        "demo_notice": DEMO_LABEL if cert.is_demo else None,
        "holder_name": cert.holder_name,
        "certificate": cert.title,
        "level": cert.level,
        "specialisation": cert.specialisation,
        "issued_at": iso(cert.issued_at),
        "expires_at": iso(state.expires_at),
        "status": state.status,
        "recertification_due": state.recertification_due,
        "revoked_at": iso(cert.revoked_at) if cert.revoked_at else None,
        "revocation_reason": cert.revocation_reason if cert.revoked_at else None,
        "overall_score": round(cert.overall_score, 4),
        "criterion_scores": {k: round(v, 4) for k, v in cert.criterion_scores.items()},
        "guidelines_version": cert.guidelines_version,
        "exam_language": cert.language,  # BCP 47 code of the language the exam was taken in
        "verification_url": verification_url(cert),
    }


@dataclass
class DirectoryEntry:
    """One opted-in trainer with their valid certificates."""

    name: str
    headline: str | None
    certificates: list[Certificate] = field(default_factory=list)


def directory_entries(specialisation: str = "", level: str = "") -> list[DirectoryEntry]:
    """Opted-in trainers holding a valid certificate matching the filters, by name."""
    stmt = (
        select(Certificate, User)
        .join(User, User.id == Certificate.user_id)
        .where(User.directory_opt_in.is_(True), User.is_enabled.is_(True))
        .order_by(User.display_name, User.id, Certificate.issued_at)
    )
    rows = db.session.execute(stmt).all()
    states = dict(certificate_states([c for c, _u in rows]))
    entries: dict[int, DirectoryEntry] = {}
    for cert, user in rows:
        if states[cert].is_valid:
            entry = entries.setdefault(user.id, DirectoryEntry(user.display_name, user.headline))
            entry.certificates.append(cert)

    def matches(entry: DirectoryEntry) -> bool:
        """Any of the entry's certificates fits each filter given."""
        certs = entry.certificates
        return (not specialisation or any(c.specialisation == specialisation for c in certs)) and (
            not level or any(c.level == level for c in certs)
        )

    return [e for e in entries.values() if matches(e)]


def specialisations() -> list[str]:
    """Specialisations any certificate has been issued for (the directory's filter)."""
    return sorted(
        set(
            db.session.scalars(
                select(Certificate.specialisation).where(Certificate.specialisation.is_not(None))
            )
        )
    )


def set_directory_preferences(user: User, opt_in: bool, headline: str) -> None:
    """Opt in or out of the public directory, with an optional one-line headline."""
    user.directory_opt_in = bool(opt_in)
    user.headline = headline.strip()[:HEADLINE_MAX] or None
    db.session.flush()
