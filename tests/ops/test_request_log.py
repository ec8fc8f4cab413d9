"""One JSON line per request; the request id is returned and ties errors to their request."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from flask import Flask

LOGGER = "school.requests"


def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict]:
    """The request log lines captured so far, parsed."""
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == LOGGER]


def test_each_request_writes_one_json_line(client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER):
        response = client.get("/verify/ATS-7KQ2-M9XD-4HPR")
    (line,) = request_lines(caplog)
    assert line["method"] == "GET" and line["status"] == response.status_code
    assert line["path"] == "/verify/<code>", "the route template, not the visited path"
    assert isinstance(line["duration_ms"], float) and line["user"] is None
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert set(line) == {"time", "method", "path", "status", "duration_ms", "user", "request_id"}


def test_a_sane_incoming_request_id_is_kept_and_a_bad_one_replaced(client) -> None:
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd-5678"})
    assert kept.headers["X-Request-ID"] == "lb-1234abcd-5678"
    replaced = client.get("/healthz", headers={"X-Request-ID": "bad id with <stuff>"})
    assert replaced.headers["X-Request-ID"] != "bad id with <stuff>"
    assert len(replaced.headers["X-Request-ID"]) == 32


def test_the_signed_in_user_is_a_hash_not_an_id(
    client, student, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER):
        client.get("/dashboard")
    (line,) = request_lines(caplog)
    assert line["user"] and len(line["user"]) == 16 and str(student.id) != line["user"]


def test_an_error_is_logged_with_its_request_id(
    app: Flask, client, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.verify import views

    def explode(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "verification", explode)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    with caplog.at_level(logging.INFO):
        response = client.get("/verify/api/ATS-7KQ2-M9XD-4HPR")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and request_id in errors[0].getMessage()
    assert request_lines(caplog)[0]["status"] == 500


def test_unmatched_paths_are_logged_without_the_raw_path(
    client, caplog: pytest.LogCaptureFixture, make_user: Callable
) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER):
        client.get("/no/such/page/secret-token-in-url")
    (line,) = request_lines(caplog)
    assert line["path"] == "(unmatched)" and line["status"] == 404
