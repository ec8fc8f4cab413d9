"""Fixtures of the operations tests: a real SMTP server in this process (aiosmtpd) with an app
that sends mail to it, and the shipped gunicorn.conf.py as its master runs it."""

from __future__ import annotations

import gc
import runpy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app.config import REPO_ROOT
from app.extensions import db
from tests.conftest import CSRFClient, make_test_app


@dataclass
class Inbox:
    """What the SMTP server received, parsed."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """aiosmtpd's hook: keep the message."""
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"

    def to(self, address: str) -> list[Message]:
        """Messages addressed to ``address``."""
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """An SMTP server on loopback, stopped after the test."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def mail_app(app: Flask, tmp_path: Path, smtp_server: tuple[Inbox, int]) -> Iterator[Flask]:
    """The app on the test database, sending its mail to the in-process SMTP server."""
    _inbox, port = smtp_server
    application = make_test_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        SITE_URL="https://school.example",
    )
    application.test_client_class = CSRFClient
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def inbox(smtp_server: tuple[Inbox, int]) -> Inbox:
    """The received messages."""
    return smtp_server[0]


class FakeArbiter:
    """The parts of gunicorn's arbiter that the hooks use."""

    def __init__(self, application: Flask | None, preload: bool = True) -> None:
        self.cfg = type("Config", (), {"preload_app": preload})()
        self.app = self
        self.application = application
        self.logged: list[str] = []
        self.log = self

    def wsgi(self) -> Flask:
        """The loaded app (gunicorn's ``server.app.wsgi()``)."""
        assert self.application is not None, "the master must not load the app"
        return self.application

    def info(self, message: str, *args: Any) -> None:
        """gunicorn's ``server.log.info``."""
        self.logged.append(message % args)


@pytest.fixture
def shipped_config() -> Iterator[dict[str, Any]]:
    """gunicorn.conf.py's settings and hooks, as gunicorn's master runs the file.

    Running it turns the collector off (as in the master); the test process gets it back.
    """
    was_enabled = gc.isenabled()
    try:
        yield runpy.run_path(str(REPO_ROOT / "gunicorn.conf.py"))
    finally:
        if was_enabled:
            gc.enable()
