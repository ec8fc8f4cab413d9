"""Checking a credential file a recruiter drops on ``/verify``: every check, on the server.

Schema, signature, this site's issuer key, validity window, revocation (read from this site's
database, since the credential must be one of its own) and the demo flag; optionally, whether
an email matches the credential's hashed email identifier.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from app.models import utcnow
from app.services.certification.credential_check import (
    Check,
    CredentialReport,
    local_status_check,
    verify_credential,
)
from app.services.certification.holder_identity import hash_matches
from app.services.certification.signing import issuer_public_key, public_key_multibase

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 32  # a credential nests about 6 deep; deeper input only exhausts recursion
NOT_OURS = Check("revocation", False, "this site has no certificate matching the credential")


class UnreadableCredential(ValueError):
    """The file is not a JSON credential; the message is safe to show."""


@dataclass(frozen=True)
class UploadResult:
    """The checks, the credential's own statements, and the email comparison."""

    report: CredentialReport
    summary: dict[str, str]
    email_match: bool | None  # None: no email typed, or the credential holds no hashed email


def read_credential(raw: bytes) -> dict[str, Any]:
    """Parse the uploaded bytes as a JSON object, or raise UnreadableCredential."""
    if len(raw) > MAX_FILE_BYTES:
        raise UnreadableCredential(_l("The file is larger than 256 KB: it is not a credential."))
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UnreadableCredential(
            _l("The file is not JSON: choose the credential's .json file.")
        ) from None
    if not isinstance(document, dict) or _depth(document) > MAX_DEPTH:
        raise UnreadableCredential(_l("The file is JSON but not a credential."))
    return document


def _depth(value: Any) -> int:
    """How deeply a JSON value nests (iteratively, so hostile input cannot recurse)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            stack.extend((child, level + 1) for child in children)
    return deepest


def _text(value: Any) -> str:
    """A short display string for a credential field of unknown shape."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("id")
    return str(value)[:200] if isinstance(value, str | int) else ""


def summary_of(document: dict[str, Any]) -> dict[str, str]:
    """What the credential says about itself (shown only next to the checks' verdict)."""
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    names = [
        i.get("identityHash")
        for i in subject.get("identifier") or []
        if isinstance(i, dict) and i.get("identityType") == "name" and not i.get("hashed")
    ]
    return {
        "name": _text(document.get("name")),
        "holder": _text(names[0]) if names else "",
        "issuer": _text(document.get("issuer")),
        "valid_from": _text(document.get("validFrom")),
        "valid_until": _text(document.get("validUntil")),
        "id": _text(document.get("id")),
    }


def email_match(document: dict[str, Any], email: str) -> bool | None:
    """Compare an email with the credential's hashed emailAddress identifier."""
    subject = document.get("credentialSubject")
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    for item in identifiers if isinstance(identifiers, list) else []:
        if isinstance(item, dict) and item.get("identityType") == "emailAddress":
            if not email.strip():
                return None
            return hash_matches(item.get("identityHash"), item.get("salt"), email)
    return None


def check_upload(raw: bytes, email: str = "") -> UploadResult:
    """Run every check on an uploaded credential against this site's key and database."""
    document = read_credential(raw)
    keys = {public_key_multibase(issuer_public_key())}
    status = local_status_check(document) or NOT_OURS
    report = verify_credential(document, keys, utcnow(), status=status)
    return UploadResult(report, summary_of(document), email_match(document, email))
