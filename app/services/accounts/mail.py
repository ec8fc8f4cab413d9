"""Email: notices to one user, sent over SMTP once the transaction that caused them commits.

The standard library's ``smtplib`` and ``email`` do the work (kept with Python itself, no extra
dependency). With ``MAIL_SERVER`` unset (development), messages are written to ``MAIL_OUTBOX``
(``instance/outbox``) as ``.eml`` files and their path is logged instead.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import (
    Response,
    after_this_request,
    current_app,
    has_request_context,
    render_template,
    request,
)
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.models import User, db

log = logging.getLogger("school.mail")
PENDING_KEY = "pending_mail"
SUBJECTS = {
    "password_reset": "Reset your AI Trainer School password",
    "review_done": "An instructor reviewed your answer",
    "certificate_issued": "Your certificate is ready",
    "recertification_due": "Your certificate needs renewing",
}


@dataclass(frozen=True)
class MailSettings:
    """What delivery needs, captured inside the app context so it can run after commit."""

    server: str
    port: int
    username: str
    password: str
    starttls: bool
    outbox: Path


def settings() -> MailSettings:
    """The current app's mail settings."""
    config = current_app.config
    return MailSettings(
        server=config.get("MAIL_SERVER", ""),
        port=int(config.get("MAIL_PORT", 25)),
        username=config.get("MAIL_USERNAME", ""),
        password=config.get("MAIL_PASSWORD", ""),
        starttls=bool(config.get("MAIL_STARTTLS", False)),
        outbox=Path(config.get("MAIL_OUTBOX") or Path(current_app.instance_path) / "outbox"),
    )


def site_link(path: str) -> str:
    """An absolute link on the public site (mail is read outside any request)."""
    base = current_app.config.get("SITE_URL") or ""
    if not base and has_request_context():
        base = request.host_url  # development derives the address from the request
    return base.rstrip("/") + path


def build_message(user: User, kind: str, **context: Any) -> EmailMessage:
    """Render the notice ``kind`` (``app/templates/mail/<kind>.txt``) for one user."""
    if kind not in SUBJECTS:
        raise ValueError(f"unknown notice kind {kind!r}")
    message = EmailMessage()
    message["Subject"] = _(SUBJECTS[kind])
    message["From"] = current_app.config.get("MAIL_FROM", "AI Trainer School <school@localhost>")
    message["To"] = user.email
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="ai-trainer-school")
    body = render_template(f"mail/{kind}.txt", user=user, site_link=site_link, **context)
    message.set_content(body)
    return message


def send_notice(user: User | int, kind: str, **context: Any) -> None:
    """Queue one notice to ``user``; it is sent when the current transaction commits."""
    person = user if isinstance(user, User) else db.session.get(User, user)
    if person is None or not person.is_enabled:
        return
    pending = db.session.info.setdefault(PENDING_KEY, [])
    pending.append((build_message(person, kind, **context), settings()))


def deliver(message: EmailMessage, mail: MailSettings) -> None:
    """Send over SMTP, or write to the outbox folder when no server is configured."""
    if not mail.server:
        mail.outbox.mkdir(parents=True, exist_ok=True)
        path = mail.outbox / f"{uuid.uuid4().hex}.eml"
        path.write_bytes(bytes(message))
        log.info("mail to %s (%s) written to %s", message["To"], message["Subject"], path)
        return
    with smtplib.SMTP(mail.server, mail.port, timeout=10) as smtp:
        if mail.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if mail.username:
            smtp.login(mail.username, mail.password)
        smtp.send_message(message)


def is_savepoint(session: Session) -> bool:
    """Whether the transaction ending now is a SAVEPOINT inside an outer one."""
    return session.get_nested_transaction() is not None


def deliver_all(pending: list[tuple[EmailMessage, MailSettings]]) -> None:
    """Send each message; a failure is logged and never undoes the work that caused it."""
    for message, mail in pending:
        try:
            deliver(message, mail)
        except (OSError, smtplib.SMTPException):
            log.exception("could not send mail to %s (%s)", message["To"], message["Subject"])


def flush_pending(session: Session) -> None:
    """After a commit: send what the transaction queued.

    During a request the mail goes out once the response has been sent (``call_on_close``):
    the visitor never waits for SMTP, and the time a request takes does not tell whether a
    mail was sent (an unknown address on the reset form answers as fast as a known one).
    """
    if is_savepoint(session):
        return
    pending = session.info.pop(PENDING_KEY, [])
    if not pending:
        return
    if has_request_context():

        def send_after_response(response: Response) -> Response:
            response.call_on_close(lambda: deliver_all(pending))
            return response

        after_this_request(send_after_response)
        return
    deliver_all(pending)


def drop_pending(session: Session) -> None:
    """After a rollback: what did not happen is not announced."""
    if is_savepoint(session):
        return
    session.info.pop(PENDING_KEY, None)


event.listen(Session, "after_commit", flush_pending)
event.listen(Session, "after_rollback", drop_pending)
