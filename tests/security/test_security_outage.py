"""Probe finding 6: when the database is unreachable every page answers 503 with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from tests.conftest import make_test_app

UNREACHABLE = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:9/nothing?connect_timeout=2",
    "sqlite": "sqlite:////nonexistent-folder/for/sure/school.db",
}


@pytest.fixture(params=sorted(UNREACHABLE))
def down_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """An app whose database cannot be reached (nothing listens on port 9; no such folder)."""
    application = make_test_app(UNREACHABLE[request.param], tmp_path)
    yield application
    with application.app_context():
        db.engine.dispose()


def test_the_json_api_answers_503_with_retry_after(down_app: Flask) -> None:
    response = down_app.test_client().get("/verify/api/ATS-7KQ2-M9XD-4HPR")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.json["status"] == 503 and "database" in response.json["reason"]


@pytest.mark.parametrize("path", ["/verify/ATS-7KQ2-M9XD-4HPR", "/", "/courses/", "/auth/login"])
def test_html_pages_answer_a_plain_503(down_app: Flask, path: str) -> None:
    response = down_app.test_client().get(path)
    assert response.status_code in (200, 503), "a page that needs no database may still serve"
    if path.startswith("/verify/"):
        assert response.status_code == 503
    if response.status_code == 503:
        assert response.mimetype == "text/html"
        assert "Retry-After" in response.headers
        assert "try again" in response.get_data(as_text=True)


def test_a_signed_in_visitor_gets_503_not_500(down_app: Flask) -> None:
    client = down_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "0" * 32
        session["auth_at"] = session["seen_at"] = 2**31
    response = client.get("/dashboard")
    assert response.status_code == 503
    assert response.headers["X-Request-ID"]


def test_readiness_reports_the_database(down_app: Flask) -> None:
    response = down_app.test_client().get("/readyz")
    assert response.status_code == 503
    assert "database" in response.json["problems"]
    assert down_app.test_client().get("/healthz").status_code == 200
