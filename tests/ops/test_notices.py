"""The services that finish a review, issue a certificate or supersede guidelines send a notice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.models import Role, utcnow
from app.services.certification.certificates import issue_award, supersede_guidelines
from app.services.learning.learning import FOUNDATIONS_SLUG


@pytest.fixture(autouse=True)
def empty_outbox(app: Flask) -> None:
    """Each test reads only the mail it caused."""
    for path in Path(app.config["MAIL_OUTBOX"]).glob("*.eml"):
        path.unlink()


def outbox_mail(app: Flask, email: str) -> list[str]:
    """Decoded bodies of the development outbox's messages to ``email``, oldest first."""
    paths = sorted(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"), key=lambda p: p.stat().st_mtime)
    messages = [message_from_bytes(p.read_bytes()) for p in paths]
    return [
        message.get_payload(decode=True).decode() for message in messages if message["To"] == email
    ]


def award(make_user: Callable, version: str) -> tuple[object, object]:
    """A Lead Trainer award under a guidelines version, issued by an admin."""
    holder = make_user(Role.STUDENT, display_name="Holly Holder")
    admin = make_user(Role.ADMIN)
    fields = {
        "certificate_slug": "lead-trainer",
        "title": "Lead AI Trainer",
        "level": "lead",
        "overall_score": 1.0,
        "guidelines_version": version,
        "expires_at": utcnow() + timedelta(days=365),
    }
    return holder, issue_award(holder, fields, admin)


def test_an_issued_certificate_is_announced(app: Flask, make_user: Callable) -> None:
    holder, cert = award(make_user, "2026.1")
    db.session.commit()
    (text,) = outbox_mail(app, holder.email)
    assert "Lead AI Trainer" in text and cert.code in text


def test_superseded_guidelines_announce_recertification(app: Flask, make_user: Callable) -> None:
    holder, cert = award(make_user, "2026.1")
    db.session.commit()
    supersede_guidelines(FOUNDATIONS_SLUG, "2026.1", 30)
    db.session.commit()
    texts = outbox_mail(app, holder.email)
    assert len(texts) == 2 and "30 more days" in texts[1] and cert.code in texts[1]


def test_other_courses_guidelines_announce_nothing(app: Flask, make_user: Callable) -> None:
    holder, _cert = award(make_user, "2026.1")
    db.session.commit()
    supersede_guidelines("some-other-course", "2026.1", 30)
    db.session.commit()
    assert len(outbox_mail(app, holder.email)) == 1


def test_a_finished_review_is_announced(app: Flask, make_user: Callable) -> None:
    from types import SimpleNamespace

    from app.services.accounts import notices

    student = make_user(Role.STUDENT)
    attempt = SimpleNamespace(user_id=student.id, version=SimpleNamespace(title="Dose question"))
    notices.review_done(attempt, SimpleNamespace(score=0.75))  # type: ignore[arg-type]
    db.session.commit()
    (text,) = outbox_mail(app, student.email)
    assert '"Dose question"' in text and "75%" in text
