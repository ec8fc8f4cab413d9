"""The issuer's Ed25519 key and Data Integrity proofs (cryptosuite ``eddsa-jcs-2022``).

How a proof is made (and checked, in reverse), following the W3C EdDSA cryptosuites note:

1. ``proof_config`` = the proof without ``proofValue``, plus the document's ``@context``.
2. Canonicalise both the config and the document without ``proof`` with JCS (RFC 8785, the
   ``rfc8785`` package: keys sorted by UTF-16 code units, ECMAScript number formatting).
3. ``hash_data`` = SHA-256(config) ‖ SHA-256(document); sign it with Ed25519.
4. ``proofValue`` = multibase base58btc ("z" + base58, the ``base58`` package) of the signature.

The verification method is a ``did:key`` holding the public key itself, so a credential can be
checked offline; the issuer profile (/verify/issuer.json) publishes the same key, which is how a
verifier knows the key is ours. The private key is created once in ``KEYS_DIR`` (mode 0600).

``cryptography`` (about 11 ms of a worker's start-up) is imported where a key is used: most
requests sign and check nothing. ``app/warmup.py`` loads it in gunicorn's master instead.
"""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import base58
import rfc8785
from flask import current_app

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

# What the functions below import on first use (gunicorn's master imports them before forking).
CRYPTOGRAPHY_MODULES = (
    "cryptography.exceptions",
    "cryptography.hazmat.primitives.asymmetric.ed25519",
    "cryptography.hazmat.primitives.serialization",
)
ED25519_MULTICODEC = b"\xed\x01"
KEY_FILE = "issuer-ed25519.pem"
CRYPTOSUITE = "eddsa-jcs-2022"


class SignatureProblem(ValueError):
    """A proof is missing, malformed or does not match."""


def base58_encode(data: bytes) -> str:
    """Bitcoin-alphabet base58 (leading zero bytes kept as '1')."""
    return base58.b58encode(data).decode("ascii")


def base58_decode(text: str) -> bytes:
    """Inverse of base58_encode; raises ValueError on a character outside the alphabet."""
    return base58.b58decode(text.encode("ascii", "replace"))


def jcs(value: Any) -> bytes:
    """The RFC 8785 canonical form of a JSON value, UTF-8 encoded."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as error:
        raise SignatureProblem(f"the document cannot be canonicalised: {error}") from None


def public_key_multibase(key: Ed25519PublicKey) -> str:
    """A Multikey ``publicKeyMultibase``: "z" + base58(0xed01 + the raw 32-byte key)."""
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58_encode(ED25519_MULTICODEC + raw)


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    """Read a ``publicKeyMultibase`` (or the tail of a did:key) back into a key."""
    if not isinstance(text, str) or not text.startswith("z"):
        raise SignatureProblem("the key is not a base58btc multibase value")
    try:
        data = base58_decode(text[1:])
    except ValueError as error:
        raise SignatureProblem(str(error)) from None
    if len(data) != 34 or not data.startswith(ED25519_MULTICODEC):
        raise SignatureProblem("the key is not an Ed25519 public key")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    return Ed25519PublicKey.from_public_bytes(data[2:])


def did_key(key: Ed25519PublicKey) -> str:
    """The did:key verification method for a public key (did:key:z6Mk…#z6Mk…)."""
    multibase = public_key_multibase(key)
    return f"did:key:{multibase}#{multibase}"


def key_from_verification_method(method: str) -> Ed25519PublicKey:
    """The public key inside a did:key verification method."""
    if not isinstance(method, str) or not method.startswith("did:key:"):
        raise SignatureProblem("the proof's verificationMethod is not a did:key")
    return public_key_from_multibase(method[len("did:key:") :].split("#", 1)[0])


def issuer_private_key() -> Ed25519PrivateKey:
    """The site's signing key, generated on first use and kept in ``KEYS_DIR``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    folder = Path(current_app.config["KEYS_DIR"])
    path = folder / KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:  # O_EXCL: if two workers race, the first key wins and both use it
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
        except FileExistsError:
            pass
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureProblem(f"{path} does not hold an Ed25519 key")
    return key


def issuer_public_key() -> Ed25519PublicKey:
    """The public half of the site's signing key."""
    return issuer_private_key().public_key()


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    """SHA-256 of the proof config followed by SHA-256 of the document without its proof."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in options.items() if k != "proofValue"}
    if "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    return hashlib.sha256(jcs(config)).digest() + hashlib.sha256(jcs(unsecured)).digest()


def add_proof(document: dict[str, Any], key: Ed25519PrivateKey, created: str) -> dict[str, Any]:
    """Return a copy of ``document`` with a DataIntegrityProof in a one-element ``proof`` list."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": did_key(key.public_key()),
        "proofPurpose": "assertionMethod",
    }
    signed = copy.deepcopy({k: v for k, v in document.items() if k != "proof"})
    signature = key.sign(_hash_data(signed, options))
    signed["proof"] = [{**options, "proofValue": "z" + base58_encode(signature)}]
    return signed


def _only_proof(document: dict[str, Any]) -> dict[str, Any]:
    """The single proof of a document (a list of one, or a bare object)."""
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        raise SignatureProblem("the document has no single proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise SignatureProblem(f"the proof is not a DataIntegrityProof using {CRYPTOSUITE}")
    return proof


def verify_proof(document: dict[str, Any]) -> Ed25519PublicKey:
    """Check the proof; return the key that signed it, or raise SignatureProblem."""
    from cryptography.exceptions import InvalidSignature

    proof = _only_proof(document)
    key = key_from_verification_method(proof.get("verificationMethod", ""))
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise SignatureProblem("the proofValue is not a base58btc multibase value")
    try:
        key.verify(base58_decode(value[1:]), _hash_data(document, proof))
    except (InvalidSignature, ValueError):
        raise SignatureProblem("the signature does not match the credential") from None
    return key
