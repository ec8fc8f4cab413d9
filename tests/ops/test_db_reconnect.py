"""A restarted database is survived without a ping on every checkout.

PostgreSQL ends the app's connections (``pg_terminate_backend``, what a restart does to them).
A GET that meets a dead connection is run again on a fresh one; a POST gets the 503 page once,
and the request after it succeeds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from app.config import build_config
from app.extensions import db
from app.models import Role, User
from tests.conftest import TEST_PASSWORD, CSRFClient, make_test_app

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="terminating backends needs PostgreSQL (TEST_DATABASE_URL)",
)
APP_NAME = "school-reconnect-test"


@pytest.fixture
def worker(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """A second app with the shipped engine options, its connections named so they can be found."""
    options = dict(build_config(tmp_path)["SQLALCHEMY_ENGINE_OPTIONS"])
    assert "pool_pre_ping" not in options
    options["connect_args"] = {"application_name": APP_NAME}
    application = make_test_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, SQLALCHEMY_ENGINE_OPTIONS=options
    )
    application.test_client_class = CSRFClient
    yield application
    with application.app_context():
        db.engine.dispose()


def terminate_backends(url: str) -> int:
    """End every server connection the worker holds, as a database restart would."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        ended = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name"
            ),
            {"name": APP_NAME},
        ).scalar_one()
    admin.dispose()
    return int(ended)


def get(worker: Flask, client: CSRFClient, path: str) -> int:
    """A GET in the worker's own context."""
    db.session.commit()
    with worker.app_context():
        return client.get(path).status_code


def signed_in(worker: Flask, user: User) -> CSRFClient:
    """A client of the worker, signed in, with the worker's pool holding a live connection."""
    email = user.email
    db.session.commit()
    client: CSRFClient = worker.test_client()  # type: ignore[assignment]
    with worker.app_context():
        response = client.post("/auth/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert get(worker, client, "/dashboard") == 200
    return client


def test_get_after_restart_succeeds(worker: Flask, make_user: Callable[..., User]) -> None:
    client = signed_in(worker, make_user(Role.STUDENT))
    assert terminate_backends(worker.config["SQLALCHEMY_DATABASE_URI"]) >= 1
    assert get(worker, client, "/dashboard") == 200  # retried once on a fresh connection
    assert get(worker, client, "/courses/") == 200


def test_post_after_restart_fails_once_then_succeeds(
    worker: Flask, make_user: Callable[..., User]
) -> None:
    client = signed_in(worker, make_user(Role.STUDENT))
    with worker.app_context():
        token = client.csrf_token()
    assert terminate_backends(worker.config["SQLALCHEMY_DATABASE_URI"]) >= 1
    form = {"code": "NONE-NONE-NONE", "csrf_token": token}
    with worker.app_context():
        first = client.post("/studio/join", data=form, csrf=False)
        second = client.post("/studio/join", data=form, csrf=False)
    assert first.status_code == 503  # met the dead connection: not retried, it is a POST
    assert second.status_code == 200  # the pool was invalidated; a fresh connection
