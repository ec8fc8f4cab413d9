"""Public verification: the form, the page, the JSON API, the issuer key, the directory."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import User
from app.services.certification.signing import issuer_public_key, public_key_multibase

EMAIL = "private.person@example.org"
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture
def holder(make_user) -> User:
    """A certificate holder whose email must never be shown."""
    return make_user(email=EMAIL, display_name="Vera Verified")


def test_form_sends_a_typed_identifier_to_its_page(client, holder, make_certificate):
    cert = make_certificate(holder)
    typed = cert.code.lower().replace("-", "")
    response = client.get(f"/verify/?code={typed}")
    assert response.status_code == 302 and response.headers["Location"].endswith(cert.code)
    assert "Certificate identifier" in client.get("/verify/").get_data(as_text=True)


def test_form_explains_a_malformed_identifier(client):
    response = client.get("/verify/?code=hello")
    assert response.status_code == 400
    assert "not a certificate identifier" in response.get_data(as_text=True)


def test_page_shows_the_facts_and_nothing_private(client, holder, make_certificate):
    cert = make_certificate(holder)
    body = client.get(f"/verify/{cert.code.lower()}").get_data(as_text=True)
    assert "Vera Verified" in body and cert.title in body and "Valid" in body
    assert "95%" in body and "Ethics (harmlessness)" in body
    assert EMAIL not in body and not EMAIL_PATTERN.search(body)


def test_api_returns_the_facts_without_email_or_ids(client, holder, make_certificate):
    cert = make_certificate(holder, specialisation="medicine", level="specialisation")
    data = client.get(f"/verify/api/{cert.code}").json
    assert data["holder_name"] == "Vera Verified" and data["status"] == "valid"
    assert data["level"] == "specialisation" and data["criterion_scores"]["ethics"] == 0.95
    assert data["issued_at"].endswith("Z") and data["expires_at"] > data["issued_at"]
    text = str(data)
    assert EMAIL not in text and not EMAIL_PATTERN.search(text)
    assert not {"email", "user_id", "user", "exam_session_id"} & set(data)
    assert str(holder.id) not in [str(v) for v in data.values()]


@pytest.mark.parametrize(
    "code",
    [
        "ATS-0000-0000-0000",
        "nonsense",
        "ATS-!!!!",
        "a" * 300,
        "%3Cscript%3E",
        "ATS-0000-0000-000O0",
    ],
)
def test_unknown_and_malformed_identifiers_are_a_plain_404(client, holder, make_certificate, code):
    make_certificate(holder)
    page = client.get(f"/verify/{code}")
    assert page.status_code == 404
    assert "No certificate has this identifier" in page.get_data(as_text=True)
    api = client.get(f"/verify/api/{code}")
    assert api.status_code == 404 and set(api.json) == {"error", "reason", "status"}
    assert "Vera" not in api.get_data(as_text=True)


def test_expired_and_revoked_certificates_say_so(client, holder, make_certificate):
    from datetime import timedelta

    from app.models import utcnow

    old = make_certificate(
        holder, issued_at=utcnow() - timedelta(days=800), expires_at=utcnow() - timedelta(days=70)
    )
    assert client.get(f"/verify/api/{old.code}").json["status"] == "expired"
    assert "Expired" in client.get(f"/verify/{old.code}").get_data(as_text=True)
    revoked = make_certificate(holder, "other")
    revoked.revoked_at = utcnow()
    revoked.revocation_reason = "Shared answers"
    db.session.commit()
    data = client.get(f"/verify/api/{revoked.code}").json
    assert data["status"] == "revoked" and data["revocation_reason"] == "Shared answers"


def test_issuer_profile_publishes_the_signing_key(client):
    profile = client.get("/verify/issuer.json")
    assert profile.status_code == 200 and "ld+json" in profile.headers["Content-Type"]
    (method,) = profile.json["verificationMethod"]
    assert method["type"] == "Multikey"
    assert method["publicKeyMultibase"] == public_key_multibase(issuer_public_key())
    assert profile.json["assertionMethod"] == [method["id"]]


def test_status_list_is_public_and_signed(client):
    data = client.get("/verify/status-list").json
    assert data["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert data["credentialSubject"]["encodedList"].startswith("u")
    assert data["proof"][0]["cryptosuite"] == "eddsa-jcs-2022"


def test_directory_filters_by_specialisation_and_level(client, make_user, make_certificate):
    medic = make_user(display_name="Mia Medic")
    medic.directory_opt_in, medic.headline = True, "Nurse and trainer"
    make_certificate(medic, "test-core")
    make_certificate(medic, "med", level="specialisation", specialisation="medicine")
    core_only = make_user(display_name="Carl Core")
    core_only.directory_opt_in = True
    make_certificate(core_only, "test-core")
    hidden = make_user(display_name="Hidden Holder")
    make_certificate(hidden, "test-core")
    db.session.commit()
    everyone = client.get("/verify/directory").get_data(as_text=True)
    assert "Mia Medic" in everyone and "Carl Core" in everyone and "Nurse and trainer" in everyone
    assert "Hidden Holder" not in everyone and not EMAIL_PATTERN.search(everyone)
    medicine = client.get("/verify/directory?specialisation=medicine").get_data(as_text=True)
    assert "Mia Medic" in medicine and "Carl Core" not in medicine
    level = client.get("/verify/directory?level=specialisation").get_data(as_text=True)
    assert "Carl Core" not in level
    assert client.get("/verify/directory?level=<b>").status_code == 200


def test_revoked_certificates_leave_the_directory(client, make_user, make_certificate):
    from app.models import utcnow

    user = make_user(display_name="Rita Revoked")
    user.directory_opt_in = True
    cert = make_certificate(user)
    cert.revoked_at = utcnow()
    db.session.commit()
    assert "Rita Revoked" not in client.get("/verify/directory").get_data(as_text=True)


@pytest.fixture
def limited_app(app, tmp_path):
    """An app with rate limiting on; afterwards the shared limiter goes back to the test app."""
    from app.extensions import limiter
    from tests.conftest import make_test_app

    limited = make_test_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
    )
    limiter.reset()
    yield limited
    limiter.reset()
    limiter.init_app(app)  # the session app keeps RATELIMIT_ENABLED=False
    with limited.app_context():
        db.engine.dispose()


def test_verification_is_rate_limited(limited_app, make_user, make_certificate):
    cert = make_certificate(make_user())
    client = limited_app.test_client()
    codes = [client.get(f"/verify/api/{cert.code}").status_code for _ in range(61)]
    assert codes[:60] == [200] * 60 and codes[60] == 429


def test_links_follow_the_running_server_when_site_url_is_unset(
    app, client, holder, make_certificate
):
    """`school demo --port 5101` must issue links that resolve on port 5101."""
    app.config["SITE_URL"] = ""
    cert = make_certificate(holder)
    data = client.get(f"/verify/api/{cert.code}", base_url="http://127.0.0.1:5101").json
    assert data["verification_url"] == f"http://127.0.0.1:5101/verify/{cert.code}"


def test_a_configured_site_url_wins_over_the_request_host(app, client, holder, make_certificate):
    app.config["SITE_URL"] = "https://school.example.org/"
    cert = make_certificate(holder)
    data = client.get(f"/verify/api/{cert.code}", base_url="http://127.0.0.1:5101").json
    assert data["verification_url"] == f"https://school.example.org/verify/{cert.code}"
