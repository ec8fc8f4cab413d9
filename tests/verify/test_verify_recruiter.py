"""Recruiter checks: not-found answers, credential files, email matching, rate limits."""

from __future__ import annotations

import copy
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db, limiter
from app.models import Certificate, User, utcnow
from app.services.certification.credentials import signed_credential
from tests.conftest import CSRFClient, make_test_app

EMAIL = "candidate.person@example.org"
OLD = Path(__file__).resolve().parents[1] / "certify" / "data"


@pytest.fixture
def holder(make_user) -> User:
    """A certificate holder whose email a recruiter may check."""
    return make_user(email=EMAIL, display_name="Cara Candidate")


def upload(client, document: dict | bytes, email: str = ""):
    """POST a credential file to /verify/file."""
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(
        "/verify/file",
        data={"credential": (io.BytesIO(raw), "credential.json"), "email": email},
        content_type="multipart/form-data",
    )


def credential_of(app: Flask, cert: Certificate) -> dict:
    """The credential as the holder downloads it from this site (same site address)."""
    with app.test_request_context():
        return signed_credential(cert)


@pytest.mark.parametrize("code", ["ATS-0000-0000-0000", "nonsense", "ATS-!!!!"])
def test_not_found_answers_with_the_form_and_a_plain_explanation(
    client, holder, make_certificate, code
):
    make_certificate(holder)
    response = client.get(f"/verify/{code}")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "No certificate has this identifier" in body and "ask the candidate" in body
    assert 'name="code"' in body and 'type="file"' in body
    assert "Cara" not in body and "ATS-" in body  # the form, never another certificate


def test_a_valid_file_passes_every_check(app, client, holder, make_certificate):
    cert = make_certificate(holder)
    response = upload(client, credential_of(app, cert), email=EMAIL.upper())
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Valid" in body and "Not valid" not in body
    for name in ("Schema", "Signature", "Issuer key", "Validity", "Revocation", "Demo"):
        assert name in body
    assert "checked in this site&#39;s database" in body and "Matches" in body
    assert "Cara Candidate" in body


def test_a_single_proof_object_file_is_accepted(app, client, holder, make_certificate):
    document = credential_of(app, make_certificate(holder))
    document["proof"] = document["proof"][0]
    body = upload(client, document).get_data(as_text=True)
    assert "Valid" in body and "Not valid" not in body


def test_a_tampered_file_fails_its_signature(app, client, holder, make_certificate):
    document = credential_of(app, make_certificate(holder))
    forged = copy.deepcopy(document)
    forged["credentialSubject"]["result"][0]["value"] = "100"
    body = upload(client, forged, email="someone@else.org").get_data(as_text=True)
    assert "Not valid" in body and "the signature does not match" in body
    assert "Does not match" in body


def test_a_revoked_or_expired_file_fails(app, client, holder, make_certificate):
    revoked = make_certificate(holder, revoked_at=utcnow(), revocation_reason="Copied.")
    body = upload(client, credential_of(app, revoked)).get_data(as_text=True)
    assert "Not valid" in body and "revoked by the issuer" in body
    now = utcnow()
    expired = make_certificate(
        holder, issued_at=now - timedelta(days=800), expires_at=now - timedelta(days=70)
    )
    body = upload(client, credential_of(app, expired)).get_data(as_text=True)
    assert "Not valid" in body and "expired on" in body


def test_a_demo_file_says_demo(app, client, holder, make_certificate):
    cert = make_certificate(holder, is_demo=True)
    body = upload(client, credential_of(app, cert)).get_data(as_text=True)
    assert "Demo — not a real certificate" in body and "Valid</p>" not in body


def test_a_file_signed_by_another_key_or_unknown_here_fails(client):
    old = (OLD / "credential_signed_before_rfc8785.json").read_bytes()
    body = upload(client, old).get_data(as_text=True)
    assert "Not valid" in body and "a key the issuer does not publish" in body
    assert "this site has no certificate matching the credential" in body


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"not json", "is not JSON"), (b"[1, 2]", "not a credential"),
     (b"[" * 5000 + b"]" * 5000, "not"), (b"{" + b'"a":{' * 40 + b"}" * 41, "not a credential")],
)  # fmt: skip
def test_unreadable_files_get_a_clear_400(client, raw, message):
    response = upload(client, raw)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_missing_file_is_a_form_error(client):
    response = client.post("/verify/file", data={"email": ""}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose or drop the credential file." in response.get_data(as_text=True)


def test_email_check_matches_only_the_holders_email(client, holder, make_certificate):
    cert = make_certificate(holder)
    yes = client.post(f"/verify/{cert.code}/email", data={"email": f"  {EMAIL.title()} "})
    assert yes.status_code == 200 and "Matches: this certificate was issued" in yes.text
    no = client.post(f"/verify/{cert.code}/email", data={"email": "other@example.org"})
    assert "Does not match" in no.text and EMAIL not in no.text
    empty = client.post(f"/verify/{cert.code}/email", data={"email": ""})
    assert empty.status_code == 400
    unknown = client.post("/verify/ATS-0000-0000-0000/email", data={"email": EMAIL})
    assert unknown.status_code == 404 and "No certificate has this identifier" in unknown.text


def test_the_email_check_has_its_own_page_linked_from_the_certificate(
    client, holder, make_certificate
):
    cert = make_certificate(holder)
    certificate_page = client.get(f"/verify/{cert.code}")
    assert f'href="/verify/{cert.code}/email"' in certificate_page.text
    assert "<form" not in certificate_page.text.split("<main", 1)[1]
    form = client.get(f"/verify/{cert.code}/email")
    assert form.status_code == 200 and "Cara Candidate" in form.text
    assert f'action="/verify/{cert.code}/email"' in form.text and EMAIL not in form.text
    unknown = client.get("/verify/ATS-0000-0000-0000/email")
    assert unknown.status_code == 404 and "No certificate has this identifier" in unknown.text


def test_email_check_needs_the_csrf_token(app, holder, make_certificate):
    cert = make_certificate(holder)
    raw = FlaskClient(app, app.response_class)  # a plain client: it sends no CSRF token
    response = raw.post(f"/verify/{cert.code}/email", data={"email": EMAIL})
    assert response.status_code == 400


def test_email_checks_are_rate_limited(app, holder, make_certificate, tmp_path):
    cert = make_certificate(holder)
    limited = make_test_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path,
        RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
    )  # fmt: skip
    limited.test_client_class = CSRFClient
    limiter.reset()
    try:
        client = limited.test_client()
        statuses = [
            client.post(f"/verify/{cert.code}/email", data={"email": f"guess{i}@x.org"}).status_code
            for i in range(12)
        ]
        assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]
    finally:
        limiter.reset()
        limiter.init_app(app)
        with limited.app_context():
            db.engine.dispose()
