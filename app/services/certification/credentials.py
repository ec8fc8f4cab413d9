"""Open Badges 3.0 credentials for certificates, the issuer profile and the revocation list.

Credential text is English on purpose: a signed document must not change with the reader's
language. Scores are whole percentages written as strings, so the JSON holds no floats and the
JCS canonical form used by the proof is exact (see ``app.services.certification.signing``).
"""

from __future__ import annotations

import base64
import gzip
from datetime import UTC, datetime
from typing import Any

from flask import current_app, has_request_context, request

from app.models import Certificate, utcnow
from app.services.certification.badge import badge_data_uri, badge_svg
from app.services.certification.certificates import certificate_state, status_list_indices
from app.services.certification.holder_identity import email_identifier
from app.services.certification.signing import (
    add_proof,
    did_key,
    issuer_private_key,
    issuer_public_key,
    public_key_multibase,
)
from graders.criteria import CRITERION_TITLES

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ISSUER_NAME = "AI Trainer School"
STATUS_LIST_BITS = 131_072  # the minimum list size the Bitstring Status List spec asks for
CRITERIA_NAMES = CRITERION_TITLES  # credentials are signed in English, whatever the UI language
OVERALL_NAMES = {"lead": "Mean ranking agreement with gold (Kendall tau-b)"}
ACHIEVEMENT_TEXT = {
    "core": "Passed a timed screening exam: flagging harmful content, ranking and comparing "
    "chatbot answers by ethics, accuracy and relevance, and a reference answer to a "
    "sensitive prompt scored by an instructor.",
    "specialisation": "Holds the core certificate and passed a specialisation exam on the "
    "subject's prompts with higher ethics and accuracy floors.",
    "lead": "A certified trainer whose rankings agree closely with gold on calibration items, "
    "awarded by an instructor.",
}

# A demo certificate (earned on the repository's public exam pool) says so in its name and
# description, and carries this tag on its achievement (a field OB 3.0 defines).
DEMO_LABEL = "Demo — not a real certificate"
DEMO_TAG = "demo"
DEMO_TEXT = (
    f"{DEMO_LABEL}. Earned on the public demo exam pool, whose questions and answers are "
    "published with the software: it proves nothing about the holder. "
)


# Outside a request (CLI) in development with no SITE_URL, the address `school demo` serves.
DEVELOPMENT_SITE_URL = "http://127.0.0.1:5000"


def site_url() -> str:
    """The public address without a trailing slash.

    SITE_URL when set (production requires it); otherwise, in development, the address the
    running server was reached at, so `school demo --port 5101` issues links that resolve.
    """
    configured = current_app.config.get("SITE_URL") or ""
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return DEVELOPMENT_SITE_URL


def iso(moment: datetime) -> str:
    """An XSD dateTime in UTC with a Z suffix."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_id() -> str:
    """The issuer profile's URL, which is also its id."""
    return f"{site_url()}/verify/issuer.json"


def status_list_url() -> str:
    """Where the signed revocation list is published."""
    return f"{site_url()}/verify/status-list"


def verification_url(cert: Certificate) -> str:
    """The public page a QR code and the credential point to."""
    return f"{site_url()}/verify/{cert.code}"


def badge_url(cert: Certificate) -> str:
    """Where the certificate's badge SVG is served."""
    return f"{site_url()}/verify/{cert.code}/badge.svg"


def issuer_profile() -> dict[str, Any]:
    """The issuer's Open Badges Profile, publishing its signing key as a Multikey."""
    key = issuer_public_key()
    method = did_key(key)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_id(),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": site_url(),
        "description": "Trains and certifies AI trainers: harmlessness first, then accuracy, "
        "then relevance.",
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": issuer_id(),
                "publicKeyMultibase": public_key_multibase(key),
            }
        ],
        "assertionMethod": [method],
    }


EXAM_LANGUAGE_KEY = "exam-language"


def _percent(value: float) -> str:
    """A share as a whole percentage string."""
    return str(round(value * 100))


def credential_name(cert: Certificate) -> str:
    """The certificate's title, prefixed with the demo label for a demo certificate."""
    return f"{DEMO_LABEL}: {cert.title}" if cert.is_demo else cert.title


def _achievement(cert: Certificate) -> dict[str, Any]:
    """The Achievement, with one result description per reported criterion."""
    achievement_id = f"{site_url()}/certificates/achievements/{cert.certificate_slug}"
    keys = ["overall", *sorted(cert.criterion_scores, key=list(CRITERIA_NAMES).index)]
    descriptions = [
        {
            "id": f"{achievement_id}#result-{key}",
            "type": ["ResultDescription"],
            "name": OVERALL_NAMES.get(cert.level, "Overall exam score")
            if key == "overall"
            else CRITERIA_NAMES[key],
            "resultType": "Percent",
            "valueMin": "0",
            "valueMax": "100",
        }
        for key in keys
        if key == "overall" or key in CRITERIA_NAMES
    ]
    descriptions.append(
        {
            "id": f"{achievement_id}#result-{EXAM_LANGUAGE_KEY}",
            "type": ["ResultDescription"],
            "name": "Exam language",
            "resultType": "Result",
            "allowedValue": list(exam_languages()),
        }
    )
    text = ACHIEVEMENT_TEXT.get(cert.level, cert.title)
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": credential_name(cert),
        "description": DEMO_TEXT + text if cert.is_demo else text,
        "criteria": {"narrative": text},
        "image": {
            "id": badge_data_uri(badge_svg(cert.title, cert.level, cert.is_demo)),
            "type": "Image",
            "caption": f"{credential_name(cert)} badge",
        },
        "resultDescription": descriptions,
        "version": cert.guidelines_version,
        # The achievement's own text is English; its pages in other languages are Related
        # (Open Badges 3.0 has no per-language names, so the data stays language-neutral).
        "inLanguage": "en",
        "related": [
            {
                "id": f"{achievement_id}?lang={code}",
                "type": ["Related"],
                "inLanguage": code,
                "version": cert.guidelines_version,
            }
            for code in exam_languages()
            if code != "en"
        ],
    }
    if not achievement["related"]:
        del achievement["related"]
    if cert.specialisation:
        achievement["specialization"] = cert.specialisation
    if cert.is_demo:
        achievement["tag"] = [DEMO_TAG]
    return achievement


def _results(cert: Certificate, achievement: dict[str, Any]) -> list[dict[str, Any]]:
    """One Result per result description: the holder's percentages and the exam's language."""
    values = {"overall": cert.overall_score, **cert.criterion_scores}
    results = []
    for description in achievement["resultDescription"]:
        key = description["id"].rsplit("#result-", 1)[1]
        value = cert.language if key == EXAM_LANGUAGE_KEY else _percent(values[key])
        results.append(
            {"type": ["Result"], "resultDescription": description["id"], "value": value}
        )
    return results


def exam_languages() -> tuple[str, ...]:
    """The languages this school examines in (BCP 47 codes), English first."""
    from flask import current_app

    return tuple(current_app.config.get("LANGUAGES", ["en"]))


def _identifiers(cert: Certificate) -> list[dict[str, Any]]:
    """The holder's display name in clear, and their email only as a salted hash."""
    name = {
        "type": "IdentityObject",
        "hashed": False,
        "identityHash": cert.holder_name,
        "identityType": "name",
    }
    email = email_identifier(cert)
    return [name, email] if email else [name]


def credential_for(cert: Certificate) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for a certificate (no clear email, no user id).

    May fill the certificate's email hash (older certificates): callers commit.
    """
    achievement = _achievement(cert)
    expires_at = certificate_state(cert).expires_at
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": verification_url(cert),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential_name(cert),
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME, "url": site_url()},
        "validFrom": iso(cert.issued_at),
        "validUntil": iso(expires_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _identifiers(cert),
            "achievement": achievement,
            "result": _results(cert, achievement),
        },
        "credentialStatus": {
            "id": f"{status_list_url()}#{cert.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(cert.status_index),
            "statusListCredential": status_list_url(),
        },
    }


def signed_credential(cert: Certificate) -> dict[str, Any]:
    """The credential with its Data Integrity proof (created at the issue time)."""
    return add_proof(credential_for(cert), issuer_private_key(), iso(cert.issued_at))


def encode_status_list(revoked: list[int], size: int = STATUS_LIST_BITS) -> str:
    """GZIP the bitstring (bit i set = index i revoked, most significant bit first), base64url."""
    bits = bytearray((max(size, max(revoked, default=0) + 1) + 7) // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def is_revoked_in(encoded: str, index: int) -> bool:
    """Read bit ``index`` of an encoded status list."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("the encoded list is not base64url multibase")
    body = encoded[1:] + "=" * (-len(encoded[1:]) % 4)
    bits = gzip.decompress(base64.urlsafe_b64decode(body))
    if index // 8 >= len(bits):
        raise ValueError("the status index is outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential() -> dict[str, Any]:
    """The signed BitstringStatusListCredential of every revoked certificate."""
    now = iso(utcnow())
    document = {
        "@context": [VC_CONTEXT],
        "id": status_list_url(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": now,
        "credentialSubject": {
            "id": f"{status_list_url()}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(status_list_indices()),
        },
    }
    return add_proof(document, issuer_private_key(), now)
