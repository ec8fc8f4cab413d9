"""Signed Open Badges 3.0 credentials: schema, signature, tampering, issuer key, revocation."""

from __future__ import annotations

import copy
import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft201909Validator

from app.extensions import db
from app.models import utcnow
from app.services.certification import signing
from app.services.certification.credentials import (
    credential_for,
    encode_status_list,
    is_revoked_in,
    signed_credential,
)
from app.services.certification.signing import SignatureProblem, add_proof, verify_proof

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "external" / "openbadges3"
SCHEMA = SHARED / "ob_v3p0_achievementcredential_schema.json"


@pytest.fixture
def credential(make_user, make_certificate) -> dict:
    """A signed credential for a fresh certificate."""
    cert = make_certificate(make_user(email="holder@example.org", display_name="Cred Holder"))
    return signed_credential(cert)


def write(tmp_path: Path, name: str, data: dict) -> str:
    """Write JSON to a file and return its path."""
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.skipif(not SCHEMA.is_file(), reason="the shared Open Badges schema is not present")
def test_credential_validates_against_the_open_badges_schema(credential):
    validator = Draft201909Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(credential)] == []
    broken = {k: v for k, v in credential.items() if k != "issuer"}
    assert "'issuer' is a required property" in [e.message for e in validator.iter_errors(broken)]


def test_credential_carries_results_and_revocation_status(credential):
    subject = credential["credentialSubject"]
    descriptions = {d["id"] for d in subject["achievement"]["resultDescription"]}
    assert {r["resultDescription"] for r in subject["result"]} == descriptions
    values = {
        r["resultDescription"].rsplit("#result-", 1)[1]: r["value"] for r in subject["result"]
    }
    assert values == {
        "overall": "90", "ethics": "95", "accuracy": "90", "relevance": "85",
        "exam-language": "en",
    }
    achievement = subject["achievement"]
    assert achievement["inLanguage"] == "en"
    assert [(r["inLanguage"], r["type"]) for r in achievement["related"]] == [("ru", ["Related"])]
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    assert status["statusListCredential"].endswith("/verify/status-list")
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["validUntil"] > credential["validFrom"]


def test_credential_holds_no_email_or_account_id(credential):
    text = json.dumps(credential)
    assert "holder@example.org" not in text and "@example" not in text
    assert "user_id" not in text and "Cred Holder" in text


def test_signature_verifies_and_tampering_breaks_it(credential):
    assert signing.public_key_multibase(verify_proof(credential)) == signing.public_key_multibase(
        signing.issuer_public_key()
    )
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["result"][0]["value"] = "100"
    with pytest.raises(SignatureProblem, match="does not match"):
        verify_proof(tampered)
    renamed = copy.deepcopy(credential)
    renamed["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    with pytest.raises(SignatureProblem):
        verify_proof(renamed)


def test_a_proof_by_another_key_is_not_the_issuers(credential, runner, tmp_path):
    forged = add_proof(credential, Ed25519PrivateKey.generate(), credential["proof"][0]["created"])
    assert verify_proof(forged)  # a valid signature …
    result = runner.invoke(args=["certificates", "verify", write(tmp_path, "f.json", forged)])
    assert result.exit_code != 0 and "FAIL issuer key" in result.output  # … but not ours


def test_the_signing_key_is_made_once_and_kept_private(app):
    first = signing.public_key_multibase(signing.issuer_public_key())
    assert first == signing.public_key_multibase(signing.issuer_public_key())
    assert first.startswith("z6Mk")
    path = Path(app.config["KEYS_DIR"]) / signing.KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_cli_verifies_a_downloaded_credential(client, student, make_certificate, runner, tmp_path):
    cert = make_certificate(student)
    downloaded = client.get(f"/certificates/{cert.code}/credential.json").json
    issuer = client.get("/verify/issuer.json").json
    result = runner.invoke(
        args=[
            "certificates",
            "verify",
            write(tmp_path, "c.json", downloaded),
            "--issuer",
            write(tmp_path, "issuer.json", issuer),
        ]
    )
    assert result.exit_code == 0
    assert "ok   signature" in result.output and "ok   schema" in result.output
    assert "The credential is valid." in result.output


def test_cli_rejects_a_tampered_credential(credential, runner, tmp_path):
    credential["validUntil"] = "2099-01-01T00:00:00Z"
    result = runner.invoke(args=["certificates", "verify", write(tmp_path, "t.json", credential)])
    assert result.exit_code != 0 and "FAIL signature" in result.output
    assert "NOT valid" in result.output


def test_cli_rejects_a_credential_outside_its_validity_window(
    make_user, make_certificate, runner, tmp_path
):
    now = utcnow()
    cert = make_certificate(
        make_user(), issued_at=now - timedelta(days=800), expires_at=now - timedelta(days=70)
    )
    path = write(tmp_path, "old.json", signed_credential(cert))
    result = runner.invoke(args=["certificates", "verify", path])
    assert result.exit_code != 0 and "FAIL validity: expired" in result.output


def test_cli_learns_of_a_revocation_from_the_status_list(
    app, client, admin, make_user, make_certificate, runner, tmp_path
):
    cert = make_certificate(make_user())
    with app.test_request_context():  # the same site address the client's status list names
        path = write(tmp_path, "c.json", signed_credential(cert))
    before = write(tmp_path, "before.json", client.get("/verify/status-list").json)
    result = runner.invoke(args=["certificates", "verify", path, "--status-list", before])
    assert result.exit_code == 0 and "ok   revocation: not revoked" in result.output
    client.post(f"/certificates/{cert.code}/revoke", data={"reason": "Shared exam answers."})
    after = write(tmp_path, "after.json", client.get("/verify/status-list").json)
    result = runner.invoke(args=["certificates", "verify", path, "--status-list", after])
    assert result.exit_code != 0 and "FAIL revocation: revoked by the issuer" in result.output


def test_cli_explains_unreadable_files(runner, tmp_path):
    missing = runner.invoke(args=["certificates", "verify", str(tmp_path / "nope.json")])
    assert missing.exit_code != 0 and "cannot read the credential" in missing.output
    (tmp_path / "junk.json").write_text("[1, 2]")
    junk = runner.invoke(args=["certificates", "verify", str(tmp_path / "junk.json")])
    assert junk.exit_code != 0 and "FAIL schema" in junk.output


def test_status_list_bits():
    encoded = encode_status_list([3, 130_000])
    assert is_revoked_in(encoded, 3) and is_revoked_in(encoded, 130_000)
    assert not is_revoked_in(encoded, 4) and not is_revoked_in(encoded, 0)
    assert len(encode_status_list([])) < 400  # 16 KB of zeros compresses to almost nothing


def test_unsigned_credential_is_deterministic(make_user, make_certificate):
    cert = make_certificate(make_user())
    assert credential_for(cert) == credential_for(cert)
    assert signed_credential(cert) == signed_credential(cert)  # Ed25519 is deterministic
    db.session.rollback()



def test_a_russian_exam_is_named_in_the_credential_json_page_and_pdf(
    client, student, make_certificate
):
    cert = make_certificate(student)
    cert.language = "ru"
    db.session.commit()
    credential = client.get(f"/certificates/{cert.code}/credential.json").json
    results = {
        r["resultDescription"].rsplit("#result-", 1)[1]: r["value"]
        for r in credential["credentialSubject"]["result"]
    }
    assert results["exam-language"] == "ru"
    assert credential["name"] == cert.title  # the data stays language-neutral
    assert client.get(f"/verify/api/{cert.code}").json["exam_language"] == "ru"
    page = client.get(f"/verify/{cert.code}", headers={"Accept-Language": "ru"}).text
    assert "Язык экзамена" in page and ">Русский</dd>" in page
    english = client.get(f"/verify/{cert.code}", headers={"Accept-Language": "en"}).text
    assert "Exam language" in english and ">Русский</dd>" in english
    pdf = client.get(f"/certificates/{cert.code}.pdf").data
    assert b"/Lang (ru)" in pdf
