"""Email for real: password reset by email and notices, through an SMTP server in the process."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.models import User, utcnow
from app.services.accounts import accounts
from app.services.accounts.accounts import MAX_FAILED_LOGINS
from app.services.accounts.mail import send_notice
from tests.conftest import CSRFClient
from tests.ops.conftest import Inbox

NEW_PASSWORD = "fresh-passphrase-for-2026"
LINK = re.compile(r"https://school\.example(/auth/reset/\S+)")
ANSWER = "If an account uses this address, a reset link is on its way"


def ask_for_reset(application: Flask, email: str) -> str:
    """Submit the "forgot password" form; return the page shown afterwards."""
    application.test_client_class = CSRFClient
    client = application.test_client()
    response = client.post("/auth/forgot", data={"email": email})
    assert response.status_code == 302
    response.close()  # the server has sent the answer: only now does the mail go out
    return client.get(response.headers["Location"]).get_data(as_text=True)


def reset_path(inbox: Inbox, email: str) -> str:
    """The reset link's path from the one message sent to ``email``."""
    (message,) = inbox.to(email)
    match = LINK.search(message.get_payload(decode=True).decode())
    assert match is not None, message.get_payload()
    return match.group(1)


def set_password(application: Flask, path: str) -> int:
    """Follow a reset link and choose a new password; the status of the POST."""
    client = application.test_client()
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    return client.post(path, data=data).status_code


def release(user: User) -> tuple[int, str]:
    """The user's id and email, with the test's own transaction ended (SQLite has one writer)."""
    found = user.id, user.email
    db.session.commit()
    return found


def test_reset_by_email_works_once_and_clears_a_lockout(
    mail_app: Flask, inbox: Inbox, make_user: Callable
) -> None:
    user = make_user()
    _uid, email = release(user)
    with mail_app.app_context():
        for _ in range(MAX_FAILED_LOGINS):
            accounts.sign_in(email, "wrong-password-1")
            db.session.commit()
    assert ANSWER in ask_for_reset(mail_app, user.email)
    path = reset_path(inbox, user.email)
    assert inbox.to(user.email)[0]["Subject"] == "Reset your AI Trainer School password"
    assert set_password(mail_app, path) == 302
    db.session.expire_all()
    fresh = db.session.get(User, user.id)
    assert fresh.check_password(NEW_PASSWORD) and fresh.locked_until is None
    assert mail_app.test_client().get(path).status_code == 404, "single use"
    client = mail_app.test_client()
    signed = client.post("/auth/login", data={"email": user.email, "password": NEW_PASSWORD})
    assert signed.status_code == 302


def test_unknown_and_known_addresses_get_the_same_answer(
    mail_app: Flask, inbox: Inbox, make_user: Callable
) -> None:
    user = make_user()
    known = ask_for_reset(mail_app, user.email)
    unknown = ask_for_reset(mail_app, "nobody-at-all@example.org")
    assert ANSWER in known and ANSWER in unknown
    assert [m["To"] for m in inbox.messages] == [user.email]


def test_an_emailed_link_expires_after_an_hour(
    mail_app: Flask, inbox: Inbox, make_user: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user()
    ask_for_reset(mail_app, user.email)
    path = reset_path(inbox, user.email)
    later = utcnow() + timedelta(minutes=61)
    monkeypatch.setattr(accounts, "utcnow", lambda: later)
    assert mail_app.test_client().get(path).status_code == 404
    assert set_password(mail_app, path) == 404


def test_a_disabled_account_gets_no_mail(
    mail_app: Flask, inbox: Inbox, make_user: Callable
) -> None:
    user = make_user()
    user.is_enabled = False
    db.session.commit()
    assert ANSWER in ask_for_reset(mail_app, user.email)
    assert inbox.messages == []


def test_notices_are_sent_only_when_the_transaction_commits(
    mail_app: Flask, inbox: Inbox, make_user: Callable
) -> None:
    uid, email = release(make_user())
    with mail_app.app_context():
        send_notice(uid, "certificate_issued", title="Certified AI Trainer", code="ATS-1")
        db.session.rollback()
        assert inbox.messages == []
        send_notice(uid, "certificate_issued", title="Certified AI Trainer", code="ATS-2")
        db.session.commit()
    (message,) = inbox.to(email)
    body = message.get_payload(decode=True).decode()
    assert "ATS-2" in body and "https://school.example/verify/ATS-2" in body


def test_an_smtp_failure_is_logged_and_loses_no_work(
    mail_app: Flask, make_user: Callable, caplog: pytest.LogCaptureFixture
) -> None:
    uid, _email = release(make_user())
    mail_app.config["MAIL_PORT"] = 9  # nothing listens there
    with mail_app.app_context(), caplog.at_level(logging.ERROR, logger="school.mail"):
        send_notice(uid, "review_done", title="An item", score=0.5)
        db.session.commit()
    assert "could not send mail" in caplog.text


def test_development_writes_the_outbox_and_logs_it(
    app: Flask, make_user: Callable, caplog: pytest.LogCaptureFixture
) -> None:
    user = make_user()
    outbox = Path(app.config["MAIL_OUTBOX"])
    assert app.config["MAIL_SERVER"] == ""
    with caplog.at_level(logging.INFO, logger="school.mail"):
        send_notice(user, "recertification_due", title="Certified", code="ATS-3", grace_days=30)
        db.session.commit()
    logged = re.search(r"written to (\S+\.eml)", caplog.text)
    assert logged is not None, caplog.text
    path = Path(logged.group(1))
    assert path.parent == outbox
    text = path.read_text()
    assert user.email in text and "ATS-3" in text and "30 more days" in text


def test_mail_goes_out_after_the_answer_is_sent(
    mail_app: Flask, inbox: Inbox, make_user: Callable
) -> None:
    _uid, email = release(make_user())
    client = mail_app.test_client()
    response = client.post("/auth/forgot", data={"email": email})
    assert response.status_code == 302
    assert inbox.messages == [], "no SMTP round trip inside the request: timing tells nothing"
    response.close()
    assert len(inbox.to(email)) == 1
