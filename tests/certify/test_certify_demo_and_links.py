"""Demo certificates say so everywhere; LinkedIn link, badge image, hashed holder email."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from jsonschema import Draft201909Validator

from app.extensions import db
from app.models import ExamSession, User, utcnow
from app.services.certification.certificate_documents import linkedin_url
from app.services.certification.certificates import certificate_state, issue_certificate
from app.services.certification.credentials import signed_credential
from app.services.certification.holder_identity import identity_hash
from app.services.certification.signing import verify_proof
from tests.exams.fixtures import _blueprint

SCHEMA = (
    Path(__file__).resolve().parents[3]
    / "shared/data/external/openbadges3/ob_v3p0_achievementcredential_schema.json"
)
DEMO = "Demo — not a real certificate"


@pytest.fixture
def demo_certificate(make_user):
    """A certificate earned by a session drawn from the public demo pool."""
    user = make_user(email="demo.holder@example.org", display_name="Dee Demo")
    now = utcnow()
    session = ExamSession(
        user_id=user.id, blueprint_slug="test-core", attempt_number=1, seed=1, status="passed",
        started_at=now - timedelta(minutes=30), deadline_at=now + timedelta(minutes=30),
        finished_at=now, score=0.9, criterion_scores={"ethics": 0.9}, critical_errors=0,
        is_demo=True,
    )  # fmt: skip
    db.session.add(session)
    db.session.flush()
    cert = issue_certificate(session, _blueprint("test-core", "core", None))
    db.session.commit()
    return cert


def test_a_demo_session_issues_a_demo_certificate(demo_certificate, make_user, make_certificate):
    assert demo_certificate.is_demo is True
    assert make_certificate(make_user()).is_demo is False


@pytest.mark.skipif(not SCHEMA.is_file(), reason="the shared Open Badges schema is not present")
def test_demo_credential_says_so_and_stays_schema_valid(demo_certificate):
    credential = signed_credential(demo_certificate)
    achievement = credential["credentialSubject"]["achievement"]
    assert credential["name"].startswith(DEMO) and achievement["name"].startswith(DEMO)
    assert achievement["description"].startswith(DEMO) and achievement["tag"] == ["demo"]
    validator = Draft201909Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(credential)] == []
    assert verify_proof(credential)


def test_cli_reports_a_demo_credential(demo_certificate, runner, tmp_path):
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(signed_credential(demo_certificate)), encoding="utf-8")
    result = runner.invoke(args=["certificates", "verify", str(path)])
    assert result.exit_code != 0
    assert "ok   signature" in result.output and "FAIL demo: DEMO" in result.output
    assert "authentic but it is a DEMO certificate" in result.output


def test_demo_label_on_verification_page_json_and_badge(client, demo_certificate):
    public = client.get(f"/verify/{demo_certificate.code}").get_data(as_text=True)
    assert DEMO in public
    data = client.get(f"/verify/api/{demo_certificate.code}").json
    assert data["demo"] is True and data["demo_notice"] == DEMO
    badge = client.get(f"/verify/{demo_certificate.code}/badge.svg").get_data(as_text=True)
    assert "DEMO" in badge


def test_demo_holder_page_has_label_and_no_linkedin(client, login, demo_certificate):
    login(db.session.get(User, demo_certificate.user_id))
    page = client.get(f"/certificates/{demo_certificate.code}").get_data(as_text=True)
    assert DEMO in page and "linkedin.com" not in page
    assert client.get(f"/certificates/{demo_certificate.code}.pdf").status_code == 200


def test_real_certificate_json_says_not_demo(client, make_user, make_certificate):
    cert = make_certificate(make_user())
    assert client.get(f"/verify/api/{cert.code}").json["demo"] is False
    assert DEMO not in client.get(f"/verify/{cert.code}").get_data(as_text=True)


def test_linkedin_link_carries_the_certificate(client, student, make_certificate):
    cert = make_certificate(student)
    page = client.get(f"/certificates/{cert.code}").get_data(as_text=True)
    assert "Add to LinkedIn" in page
    url = linkedin_url(cert, certificate_state(cert))
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    expires = certificate_state(cert).expires_at
    assert query == {
        "startTask": "CERTIFICATION_NAME", "name": cert.title,
        "organizationName": "AI Trainer School",
        "issueYear": str(cert.issued_at.year), "issueMonth": str(cert.issued_at.month),
        "expirationYear": str(expires.year), "expirationMonth": str(expires.month),
        "certUrl": query["certUrl"], "certId": cert.code,
    }  # fmt: skip
    assert query["certUrl"].endswith(f"/verify/{cert.code}")
    cert.revoked_at = utcnow()
    assert linkedin_url(cert, certificate_state(cert)) is None


def test_badge_is_served_and_embedded_in_the_credential(client, make_user, make_certificate):
    cert = make_certificate(make_user())
    response = client.get(f"/verify/{cert.code}/badge.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ElementTree.fromstring(response.data)  # noqa: S314 (our own SVG)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "DEMO" not in response.get_data(as_text=True)
    image = signed_credential(cert)["credentialSubject"]["achievement"]["image"]
    assert image["type"] == "Image" and image["id"].startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(image["id"].split(",", 1)[1]) == response.data
    assert client.get("/verify/ATS-0000-0000-0000/badge.svg").status_code == 404


def test_identity_hash_follows_the_open_badges_example():
    # The OB 3.0 IdentityHash definition: 'a@example.com' salted with 'Kosher'.
    assert identity_hash("a@example.com", "Kosher") == (
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    )


def test_credential_identifies_the_holder_by_salted_email_hash(make_user, make_certificate):
    cert = make_certificate(make_user(email="Holder.Person@Example.org"))
    identifiers = signed_credential(cert)["credentialSubject"]["identifier"]
    email = next(i for i in identifiers if i["identityType"] == "emailAddress")
    assert email["type"] == "IdentityObject" and email["hashed"] is True
    digest = hashlib.sha256(("holder.person@example.org" + email["salt"]).encode()).hexdigest()
    assert email["identityHash"] == f"sha256${digest}"
    assert "example.org" not in json.dumps(identifiers).lower()
    other = make_certificate(make_user(email="x@example.org"))
    assert other.identity_salt != cert.identity_salt  # a salt per certificate


def test_an_older_certificate_gets_a_stable_hash_on_first_download(
    client, student, make_certificate
):
    cert = make_certificate(student, identity_salt=None, identity_hash=None)
    first = client.get(f"/certificates/{cert.code}/credential.json").json
    second = client.get(f"/certificates/{cert.code}/credential.json").json
    db.session.expire_all()
    assert cert.identity_hash is not None
    assert first["credentialSubject"]["identifier"] == second["credentialSubject"]["identifier"]


def test_the_pdf_of_a_demo_certificate_says_so(app, demo_certificate, monkeypatch):
    from app.services.certification import certificate_documents

    printed: list[str] = []
    original = certificate_documents._line

    def record(pdf, font, size, text, height=10):
        printed.append(text)
        original(pdf, font, size, text, height)

    monkeypatch.setattr(certificate_documents, "_line", record)
    with app.test_request_context():
        body = certificate_documents.certificate_pdf(
            demo_certificate, certificate_state(demo_certificate)
        )
    assert body.startswith(b"%PDF") and DEMO in printed
    assert printed.index(DEMO) < printed.index(demo_certificate.title)
