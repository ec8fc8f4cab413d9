"""A session's signed CSRF token is signed once a minute per process, and stays its own."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from app import csrf_tokens
from app.process_cache import app_cache
from tests.conftest import csrf_token_in, make_test_app, signed_in_browser


@pytest.fixture
def signings(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per time Flask-WTF signs a token; nothing kept from earlier tests."""
    cache = app_cache(app, csrf_tokens.EXTENSION)
    assert cache is not None
    cache.clear()
    calls: list[int] = []
    sign = csrf_tokens.generate_csrf

    def counted(*args: Any, **kwargs: Any) -> str:
        calls.append(1)
        return sign(*args, **kwargs)

    monkeypatch.setattr(csrf_tokens, "generate_csrf", counted)
    return calls


def test_one_session_reuses_its_signed_token_and_the_token_still_works(
    app, make_user, signings
):
    browser = signed_in_browser(app, make_user())
    first = csrf_token_in(browser.get("/dashboard").get_data(as_text=True))
    signed = len(signings)
    second = csrf_token_in(browser.get("/dashboard").get_data(as_text=True))
    assert second == first
    assert len(signings) == signed  # the second page signed nothing
    response = browser.post("/auth/logout", data={"csrf_token": second}, csrf=False)
    assert response.status_code == 302
    assert browser.get("/dashboard").status_code == 302  # signed out: sent to log in


def test_two_sessions_never_share_a_token(app, make_user, signings):
    first = signed_in_browser(app, make_user())
    second = signed_in_browser(app, make_user())
    first_token = csrf_token_in(first.get("/dashboard").get_data(as_text=True))
    second_token = csrf_token_in(second.get("/dashboard").get_data(as_text=True))
    assert first_token != second_token
    refused = second.post("/auth/logout", data={"csrf_token": first_token}, csrf=False)
    assert refused.status_code == 400
    assert second.get("/dashboard").status_code == 200  # still signed in


def test_no_reuse_when_tokens_can_expire(app, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    expiring = make_test_app(url, tmp_path, WTF_CSRF_TIME_LIMIT=3600)
    assert app_cache(expiring, csrf_tokens.EXTENSION) is None
    switched_off = make_test_app(url, tmp_path, CSRF_TOKEN_REUSE_SECONDS=0)
    assert app_cache(switched_off, csrf_tokens.EXTENSION) is None
