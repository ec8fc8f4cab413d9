"""``/healthz`` and ``/readyz``: what a load balancer asks, answered cheaply and never throttled."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from app.extensions import db, limiter
from app.services.certification.signing import KEY_FILE
from tests.conftest import make_test_app


def test_healthz_needs_nothing(client, app: Flask) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_on_a_migrated_database(client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json == {"status": "ready", "problems": {}}


def test_readyz_notices_a_schema_behind_the_code(client, app: Flask) -> None:
    (version,) = db.session.execute(text("SELECT version_num FROM alembic_version")).one()
    db.session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    db.session.commit()
    try:
        response = client.get("/readyz")
    finally:
        db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": version})
        db.session.commit()
    assert response.status_code == 503
    assert "0001" in response.json["problems"]["database"]


@pytest.fixture
def production_app(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app as production builds it, on the test database, with its own keys folder."""
    monkeypatch.setenv("SCHOOL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-key-that-is-long-and-random-123")
    monkeypatch.setenv("SITE_URL", "https://school.example")
    pool = tmp_path / "pool"
    pool.mkdir()
    monkeypatch.setenv("EXAM_POOL_DIR", str(pool))
    application = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    yield application
    with application.app_context():
        db.engine.dispose()


def test_production_readiness_wants_the_key_and_the_exam_pool(
    production_app: Flask, tmp_path: Path
) -> None:
    client = production_app.test_client()
    pool = production_app.config["EXAM_POOL_DIR"]
    production_app.config["EXAM_POOL_DIR"] = str(tmp_path / "gone")
    problems = client.get("/readyz").json["problems"]
    assert set(problems) == {"signing_key", "exam_pool"}
    production_app.config["EXAM_POOL_DIR"] = pool
    keys = Path(production_app.config["KEYS_DIR"])
    keys.mkdir(parents=True, exist_ok=True)
    key = keys / KEY_FILE
    key.write_text("placeholder")
    os.chmod(key, 0o644)
    assert "readable by others" in client.get("/readyz").json["problems"]["signing_key"]
    os.chmod(key, 0o600)
    response = client.get("/readyz")
    assert response.status_code == 200, response.json


def test_probes_are_never_rate_limited(app: Flask, tmp_path: Path) -> None:
    limited = make_test_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_DEFAULT="2 per minute",
    )
    limiter.reset()
    try:
        client = limited.test_client()
        statuses = {client.get(path).status_code for path in ["/healthz", "/readyz"] * 10}
        assert statuses == {200}
    finally:
        limiter.reset()
        # Flask-Limiter keeps the first default limits it is given on the shared extension;
        # drop them so later apps (the throttling tests) start without a default limit.
        limiter.limit_manager.set_default_limits([])
        limiter.init_app(app)
        with limited.app_context():
            db.engine.dispose()
