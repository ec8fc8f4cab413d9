"""Matching a certificate's holder by email without publishing it (OB 3.0 ``IdentityHash``).

The credential carries ``sha256$`` + hex SHA-256(email + salt) and the salt; the email is
lower-cased and stripped first so "Ann@Example.org " matches. The salt is random per
certificate. Certificates issued before the hash was stored get it on first use, from the
holder's email at that time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from app.models import Certificate, User, db

SALT_BYTES = 8


def normalise_email(text: str) -> str:
    """The form of an email address that is hashed."""
    return text.strip().lower()


def identity_hash(email: str, salt: str) -> str:
    """An OB 3.0 IdentityHash: ``sha256$`` + hex digest of the email followed by the salt."""
    digest = hashlib.sha256((normalise_email(email) + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def identity_fields(email: str) -> dict[str, str]:
    """Fresh salt and hash columns for a certificate issued to ``email``."""
    salt = secrets.token_hex(SALT_BYTES)
    return {"identity_salt": salt, "identity_hash": identity_hash(email, salt)}


def ensure_identity(cert: Certificate) -> bool:
    """Fill a missing hash from the holder's email; True if the row changed (commit it)."""
    if cert.identity_hash and cert.identity_salt:
        return False
    holder = db.session.get(User, cert.user_id)
    if holder is None:
        return False
    for key, value in identity_fields(holder.email).items():
        setattr(cert, key, value)
    db.session.flush()
    return True


def hash_matches(stored_hash: Any, salt: Any, typed: str) -> bool:
    """Does ``typed`` hash to ``stored_hash`` with ``salt``? (constant-time comparison)"""
    if not isinstance(stored_hash, str) or not isinstance(salt, str) or not typed.strip():
        return False
    return hmac.compare_digest(identity_hash(typed, salt).lower(), stored_hash.lower())


def email_matches(cert: Certificate, typed: str) -> bool:
    """Is ``typed`` the email the certificate was issued to?"""
    ensure_identity(cert)
    return hash_matches(cert.identity_hash, cert.identity_salt, typed)


def email_identifier(cert: Certificate) -> dict[str, Any] | None:
    """The credential's hashed-email IdentityObject, or None if the holder is gone."""
    ensure_identity(cert)
    if not cert.identity_hash or not cert.identity_salt:
        return None
    return {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": cert.identity_hash,
        "identityType": "emailAddress",
        "salt": cert.identity_salt,
    }
