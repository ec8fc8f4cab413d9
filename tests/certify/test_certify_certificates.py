"""Certificates: identifiers, single issue, revocation, expiry, supersession, holder pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import AuditEvent, Course, ExamSession, utcnow
from app.services.certification import certificates
from app.services.certification.certificates import (
    CODE_ALPHABET,
    certificate_state,
    issue_certificate,
    new_code,
    normalise_code,
)
from graders.blueprint import Blueprint, PassRule

CODE = re.compile(r"ATS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


def test_codes_are_readable_and_random():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500 and all(CODE.fullmatch(c) for c in codes)
    assert not set("ILOU") & set(CODE_ALPHABET) and len(CODE_ALPHABET) == 32  # 12 × 5 = 60 bits


@pytest.mark.parametrize(
    "typed",
    [
        "ATS-7KQ2-M9XD-4HPR",
        "ats-7kq2-m9xd-4hpr",
        "ATS7KQ2M9XD4HPR",
        "7KQ2M9XD4HPR",
        " ats 7kq2 m9xd 4hpr ",
        "ATS-7KQ2-M9XD-4HPR".replace("-", "--"),
    ],
)
def test_typed_codes_are_normalised(typed):
    assert normalise_code(typed) == "ATS-7KQ2-M9XD-4HPR"


def test_look_alike_letters_read_as_digits():
    assert normalise_code("ATS-OIL0-0000-0000") == "ATS-0110-0000-0000"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ATS",
        "ATS-7KQ2-M9XD",
        "ATS-7KQ2-M9XD-4HPRX",
        "ATS-7KQ2-M9XD-4HP!",
        "<script>",
        "x" * 200,
        "ATS-UUUU-0000-0000",
    ],
)
def test_malformed_codes_are_refused(typed):
    assert normalise_code(typed) is None


def test_issue_records_everything_once(app, make_user):
    user = make_user(display_name="Holly Holder")
    db.session.add(
        Course(
            slug="ai-trainer-foundations",
            title="Foundations",
            level="foundation",
            guidelines_version="2026.1",
        )
    )
    now = utcnow()
    session = ExamSession(
        user_id=user.id,
        blueprint_slug="core",
        attempt_number=1,
        seed=1,
        status="passed",
        started_at=now - timedelta(minutes=5),
        deadline_at=now + timedelta(minutes=5),
        score=0.91,
        criterion_scores={"ethics": 0.96, "accuracy": 0.9, "relevance": 0.8, "quality": None},
        critical_errors=0,
    )
    db.session.add(session)
    db.session.flush()
    blueprint = Blueprint("core", "Certified AI Trainer", "core", "c", (), PassRule())
    cert = issue_certificate(session, blueprint)
    again = issue_certificate(session, blueprint)
    db.session.commit()
    assert again.id == cert.id and CODE.fullmatch(cert.code)
    assert (cert.holder_name, cert.title, cert.level) == (
        "Holly Holder",
        "Certified AI Trainer",
        "core",
    )
    assert cert.criterion_scores == {"ethics": 0.96, "accuracy": 0.9, "relevance": 0.8}
    assert cert.guidelines_version == "2026.1" and cert.status_index == 1
    assert (cert.expires_at - cert.issued_at).days == 730
    events = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "certificate.issue")
    )
    assert len(events.all()) == 1


def test_only_a_passed_session_earns_a_certificate(make_user):
    user = make_user()
    now = utcnow()
    session = ExamSession(
        user_id=user.id,
        blueprint_slug="core",
        attempt_number=1,
        seed=1,
        status="failed",
        started_at=now,
        deadline_at=now + timedelta(minutes=5),
    )
    db.session.add(session)
    db.session.flush()
    with pytest.raises(certificates.CertificateError):
        issue_certificate(session, Blueprint("core", "C", "core", "c", (), PassRule()))


def test_status_indexes_are_the_next_free_integer(make_user, make_certificate):
    user = make_user()
    first, second = make_certificate(user, "a"), make_certificate(user, "b")
    assert (first.status_index, second.status_index) == (1, 2)


def test_expiry_is_computed(make_user, make_certificate):
    cert = make_certificate(make_user())
    assert certificate_state(cert).status == "valid"
    assert certificate_state(cert, cert.expires_at + timedelta(seconds=1)).status == "expired"


def test_revocation_by_an_admin_is_audited_and_shown_everywhere(
    client, admin, make_user, make_certificate, login
):
    holder = make_user(display_name="Rev Holder")
    cert = make_certificate(holder)
    response = client.post(
        f"/certificates/{cert.code}/revoke", data={"reason": "Exam answers were shared online."}
    )
    assert response.status_code == 302
    db.session.refresh(cert)
    assert cert.revoked_at is not None and cert.revoked_by_id == admin.id
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "certificate.revoke")
    )
    assert event.details["reason"] == "Exam answers were shared online."
    assert "Revoked" in client.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert client.get(f"/verify/api/{cert.code}").json["status"] == "revoked"
    client.post("/auth/logout")
    login(holder)
    mine = client.get("/certificates/").get_data(as_text=True)
    assert "Revoked" in mine and "Exam answers were shared online." in mine


def test_revocation_needs_a_reason_and_an_admin(client, instructor, make_user, make_certificate):
    cert = make_certificate(make_user())
    assert client.post(f"/certificates/{cert.code}/revoke", data={"reason": "x"}).status_code == 403
    with pytest.raises(certificates.CertificateError, match="reason"):
        certificates.revoke_certificate(instructor, cert, "   ")


def test_revoking_twice_is_refused(client, admin, make_user, make_certificate):
    cert = make_certificate(make_user())
    client.post(f"/certificates/{cert.code}/revoke", data={"reason": "First reason here."})
    client.post(f"/certificates/{cert.code}/revoke", data={"reason": "Second reason here."})
    db.session.refresh(cert)
    assert cert.revocation_reason == "First reason here."


def test_superseded_guidelines_mean_recertification_due_then_expiry(
    runner, make_user, make_certificate
):
    db.session.add(
        Course(
            slug="ai-trainer-foundations",
            title="F",
            level="foundation",
            guidelines_version="2026.1",
        )
    )
    db.session.commit()
    cert = make_certificate(make_user())
    assert cert.guidelines_version == "2026.1"
    result = runner.invoke(
        args=[
            "certificates",
            "supersede",
            "--course",
            "ai-trainer-foundations",
            "--version",
            "2026.1",
            "--grace-days",
            "30",
        ]
    )
    assert result.exit_code == 0, result.output
    state = certificate_state(cert)
    assert state.status == "valid" and state.recertification_due
    assert (state.expires_at - utcnow()).days in (29, 30)
    assert certificate_state(cert, utcnow() + timedelta(days=31)).status == "expired"
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "guidelines.supersede")
    )
    assert event.target_id == "ai-trainer-foundations@2026.1"


def test_other_versions_are_not_affected(make_user, make_certificate):
    cert = make_certificate(make_user())
    certificates.supersede_guidelines("ai-trainer-foundations", "1999.1", 0)
    db.session.commit()
    assert not certificate_state(cert).recertification_due


def test_holder_pages_and_downloads(client, student, make_certificate):
    cert = make_certificate(student)
    page = client.get(f"/certificates/{cert.code}").get_data(as_text=True)
    assert cert.code in page and "<svg" in page and "qr-code" in page and "Sam Student" in page
    assert ' style="' not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    pdf = client.get(f"/certificates/{cert.code}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Type"] == "application/pdf"
    credential = client.get(f"/certificates/{cert.code}/credential.json")
    assert (
        credential.status_code == 200
        and credential.json["proof"][0]["type"] == "DataIntegrityProof"
    )
    mine = client.get("/certificates/").get_data(as_text=True)
    assert cert.code in mine and "Valid" in mine


def test_pdf_prints_names_in_any_script(client, make_user, login, make_certificate):
    holder = make_user(display_name="Анна Тренер")
    login(holder)
    cert = make_certificate(holder)
    assert client.get(f"/certificates/{cert.code}.pdf").data.startswith(b"%PDF")


def test_another_students_certificate_pages_are_not_found(
    client, student, make_user, make_certificate
):
    cert = make_certificate(make_user())
    for suffix in ("", ".pdf", "/credential.json"):
        assert client.get(f"/certificates/{cert.code}{suffix}").status_code == 404


def test_directory_opt_in_from_my_certificates(client, student, make_certificate):
    make_certificate(student, "test-core")
    client.post("/certificates/directory", data={"opt_in": "y", "headline": "Medical translator"})
    db.session.refresh(student)
    assert student.directory_opt_in and student.headline == "Medical translator"
    directory = client.get("/verify/directory").get_data(as_text=True)
    assert "<h2>Sam Student</h2>" in directory and "Medical translator" in directory
    client.post("/certificates/directory", data={"headline": ""})
    assert "<h2>Sam Student</h2>" not in client.get("/verify/directory").get_data(as_text=True)


def test_admin_manage_page_and_supersede_form(client, admin, make_user, make_certificate):
    cert = make_certificate(make_user(display_name="Listed Person"))
    page = client.get("/certificates/manage?q=Listed").get_data(as_text=True)
    assert cert.code in page and "Revoke" in page
    client.post(
        "/certificates/guidelines/supersede",
        data={"course": "ai-trainer-foundations", "version": "2026.1", "grace_days": "0"},
    )
    assert "superseded" in client.get("/certificates/manage").get_data(as_text=True)


def test_achievement_page_is_public(client, blueprint_dir):
    assert "Test test-core" in client.get("/certificates/achievements/test-core").get_data(
        as_text=True
    )
    assert client.get("/certificates/achievements/lead-trainer").status_code == 200
    assert client.get("/certificates/achievements/nope").status_code == 404
