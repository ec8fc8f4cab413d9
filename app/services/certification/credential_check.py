"""Checking an Open Badges credential: schema, signature, issuer key, dates, revocation, demo.

Used by ``school certificates verify FILE`` and by the file check on ``/verify``. The schema is
the official 1EdTech JSON Schema, read from ``OB_SCHEMA_FILE`` (default: the shared copy next to
the repository); without it only the fields that schema requires are checked, and the report
says so. Revocation is read from a signed status list, or, on the issuing server, from the
database (``local_status_check``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from app.config import REPO_ROOT
from app.services.certification.certificates import find_by_code
from app.services.certification.credentials import DEMO_TAG, is_revoked_in
from app.services.certification.signing import SignatureProblem, public_key_multibase, verify_proof

DEFAULT_SCHEMA = (
    REPO_ROOT.parent
    / "shared"
    / "data"
    / "external"
    / "openbadges3"
    / "ob_v3p0_achievementcredential_schema.json"
)
REQUIRED = ("@context", "id", "type", "credentialSubject", "issuer", "validFrom")


@dataclass(frozen=True)
class Check:
    """One verification step: passed (True), failed (False) or not run (None)."""

    name: str
    ok: bool | None
    detail: str


@dataclass
class CredentialReport:
    """Every check run on one credential."""

    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Valid when no check failed and the signature check passed."""
        signed = any(c.name == "signature" and c.ok for c in self.checks)
        return signed and all(c.ok is not False for c in self.checks)

    @property
    def demo(self) -> bool:
        """The credential says it was earned from the public demo exam pool."""
        return any(c.name == "demo" and c.ok is False for c in self.checks)

    @property
    def only_demo(self) -> bool:
        """Authentic and in force, but a demo certificate (the one failed check is "demo")."""
        failed = [c for c in self.checks if c.ok is False]
        signed = any(c.name == "signature" and c.ok for c in self.checks)
        return signed and [c.name for c in failed] == ["demo"]


def schema_path() -> Path | None:
    """The Open Badges 3.0 credential schema file, if available."""
    configured = current_app.config.get("OB_SCHEMA_FILE")
    path = Path(configured) if configured else DEFAULT_SCHEMA
    return path if path.is_file() else None


def _schema_view(document: Any) -> Any:
    """OB 3.0 allows ``proof`` to be one object or a list; the schema file lists arrays only."""
    if isinstance(document, dict) and isinstance(document.get("proof"), dict):
        return {**document, "proof": [document["proof"]]}
    return document


def schema_errors(document: Any, path: Path | None) -> list[str]:
    """Schema violations ("where: message"); without a schema, the required fields only."""
    document = _schema_view(document)
    if path is None:
        if not isinstance(document, dict):
            return ["the credential must be a JSON object"]
        return [f"'{key}' is a required property" for key in REQUIRED if key not in document]
    from jsonschema import Draft201909Validator  # on use: ~50 ms off every worker's start-up

    validator = Draft201909Validator(json.loads(path.read_text(encoding="utf-8")))
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def trusted_keys(profile: dict[str, Any]) -> set[str]:
    """The publicKeyMultibase values an issuer profile publishes."""
    methods = profile.get("verificationMethod") or []
    return {
        m["publicKeyMultibase"]
        for m in methods
        if isinstance(m, dict) and isinstance(m.get("publicKeyMultibase"), str)
    }


def _signature_checks(document: dict[str, Any], keys: set[str]) -> list[Check]:
    """The proof matches, and the signing key is one the issuer publishes."""
    try:
        signer = public_key_multibase(verify_proof(document))
    except SignatureProblem as problem:
        return [Check("signature", False, str(problem))]
    known = signer in keys
    return [
        Check("signature", True, "the Ed25519 proof matches the credential"),
        Check(
            "issuer key",
            known,
            "published by the issuer" if known else "signed by a key the issuer does not publish",
        ),
    ]


def _parse_time(value: Any) -> datetime | None:
    """Read an XSD dateTime (with Z or an offset)."""
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _window_check(document: dict[str, Any], now: datetime) -> Check:
    """validFrom <= now < validUntil."""
    start, end = _parse_time(document.get("validFrom")), document.get("validUntil")
    until = _parse_time(end) if end is not None else None
    if start is None or (end is not None and until is None) or start.tzinfo is None:
        return Check("validity", False, "validFrom/validUntil are not dates with a time zone")
    if now < start:
        return Check("validity", False, f"not valid before {document['validFrom']}")
    if until is not None and now >= until:
        return Check("validity", False, f"expired on {document['validUntil']}")
    return Check("validity", True, f"valid until {end}" if end else "no expiry date")


def is_demo_credential(document: dict[str, Any]) -> bool:
    """The achievement carries the demo tag (see ``app.services.certification.credentials``)."""
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    tags = achievement.get("tag") if isinstance(achievement, dict) else None
    return isinstance(tags, list) and DEMO_TAG in tags


def _demo_check(document: dict[str, Any]) -> Check:
    """A demo certificate is authentic but proves nothing: it fails this check."""
    if is_demo_credential(document):
        return Check("demo", False, "DEMO — not a real certificate (from the public demo pool)")
    return Check("demo", True, "not a demo certificate")


def local_status_check(document: dict[str, Any]) -> Check | None:
    """On the issuing server: revocation read from the database, or None if not ours."""
    entry = document.get("credentialStatus")
    if not isinstance(entry, dict) or not isinstance(document.get("id"), str):
        return None
    try:
        cert = find_by_code(document["id"].rsplit("/", 1)[-1])
        index = int(entry.get("statusListIndex", -1))
    except (SQLAlchemyError, TypeError, ValueError):
        return None
    if cert is None or cert.status_index != index:
        return None
    if cert.revoked_at is not None:
        return Check("revocation", False, "revoked by the issuer (checked in this site's database)")
    return Check("revocation", True, "not revoked (checked in this site's database)")


def _status_check(
    document: dict[str, Any], status_list: dict[str, Any] | None, keys: set[str], source: str = ""
) -> Check:
    """Look the credential up in a signed status list (``source`` says where it came from)."""
    entry = document.get("credentialStatus")
    if status_list is None or not isinstance(entry, dict):
        return Check("revocation", None, "not checked (pass --status-list with the issuer's list)")
    if status_list.get("id") != entry.get("statusListCredential"):
        return Check("revocation", False, "the status list is not the one the credential names")
    try:
        signer = public_key_multibase(verify_proof(status_list))
        revoked = is_revoked_in(
            status_list["credentialSubject"]["encodedList"], int(entry["statusListIndex"])
        )
    except (SignatureProblem, KeyError, TypeError, ValueError, OSError) as error:
        return Check("revocation", False, f"the status list cannot be read: {error}")
    if signer not in keys:
        return Check("revocation", False, "the status list is not signed by the issuer")
    verdict = "revoked by the issuer" if revoked else "not revoked"
    return Check("revocation", not revoked, f"{verdict} ({source})" if source else verdict)


def verify_credential(
    document: Any,
    keys: set[str],
    now: datetime,
    status_list: dict[str, Any] | None = None,
    status: Check | None = None,
    status_source: str = "",
) -> CredentialReport:
    """Run every check on a credential against the issuer's published keys.

    Revocation comes from ``status`` when the caller already decided it (the database, or
    "not checked"), otherwise from ``status_list`` (described by ``status_source``).
    """
    report = CredentialReport()
    path = schema_path()
    errors = schema_errors(document, path)
    source = "Open Badges 3.0 schema" if path else "required fields (schema file not found)"
    report.checks.append(Check("schema", not errors, "; ".join(errors[:5]) or source))
    if not isinstance(document, dict):
        return report
    report.checks += _signature_checks(document, keys)
    report.checks.append(_window_check(document, now))
    report.checks.append(status or _status_check(document, status_list, keys, status_source))
    report.checks.append(_demo_check(document))
    return report
