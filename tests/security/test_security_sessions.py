"""Session and remember-me cookies, security headers on every kind of response, CSRF."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.security_headers import CSP
from tests.conftest import TEST_PASSWORD, CSRFClient, make_test_app
from tests.security.conftest import row_counts, signed_in_client
from tests.security.probing import build_url
from tests.security.route_inventory import TABLE

STRONG_KEY = "a-production-secret-key-that-is-long-and-random-123"


def set_cookies(response: Any) -> dict[str, dict[str, Any]]:
    """Parse every Set-Cookie header into name → attributes."""
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            lowered = header.lower()
            found[name] = {
                "httponly": "httponly" in lowered,
                "secure": "; secure" in lowered,
                "samesite": morsel["samesite"],
            }
    return found


@pytest.fixture
def production_app(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app as ``SCHOOL_ENV=production`` builds it, on the test database."""
    monkeypatch.setenv("SCHOOL_ENV", "production")
    monkeypatch.setenv("EXAM_POOL_DIR", "/srv/private-exam-pool")
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("SITE_URL", "https://school.example.org")
    production = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    production.test_client_class = CSRFClient
    yield production
    with production.app_context():
        db.engine.dispose()


def login_with_remember(client: FlaskClient, email: str) -> Any:
    """Sign in with "remember me" ticked."""
    data = {"email": email, "password": TEST_PASSWORD, "remember": "y"}
    return client.post("/auth/login", data=data)


def test_production_cookies_are_secure_httponly_and_samesite(production_app, make_user):
    user = make_user()
    assert production_app.config["PRODUCTION"]
    client = production_app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    response = login_with_remember(client, user.email)
    assert response.status_code == 302
    cookies = set_cookies(response)
    for name in ("session", "remember_token"):
        assert cookies[name] == {"httponly": True, "secure": True, "samesite": "Lax"}, name
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_development_cookies_are_httponly_and_samesite(client, make_user):
    user = make_user()
    cookies = set_cookies(login_with_remember(client, user.email))
    for name in ("session", "remember_token"):
        assert cookies[name]["httponly"] and cookies[name]["samesite"] == "Lax", name


def test_remember_cookie_dies_with_a_password_change(app, make_user):
    user = make_user()
    remembered = app.test_client()
    login_with_remember(remembered, user.email)
    remembered.delete_cookie("session")
    assert remembered.get("/dashboard").status_code == 200, "the remember cookie should work"
    other = signed_in_client(app, user.email)
    new = "a-new-long-passphrase-9"
    response = other.post(
        "/auth/password", data={"current": TEST_PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    remembered.delete_cookie("session")
    assert remembered.get("/dashboard").status_code == 302


def test_logout_ends_the_session_and_the_remember_cookie(app, make_user):
    user = make_user()
    client = app.test_client()
    login_with_remember(client, user.email)
    response = client.post("/auth/logout")
    assert response.status_code == 302
    cleared = set_cookies(response)
    assert "remember_token" in cleared
    assert client.get("/dashboard").status_code == 302


@pytest.mark.parametrize(
    ("path", "setup"),
    [
        ("/", None),
        ("/auth/login", None),
        ("/no/such/page", None),
        ("/api/nothing", None),
        ("/static/css/site.css", None),
        ("/dashboard", None),
        ("/dashboard", "student"),
        ("/admin/users", "student"),
    ],
)
def test_security_headers_on_every_kind_of_response(
    app: Flask, make_user: Callable[..., Any], path: str, setup: str | None
) -> None:
    client = signed_in_client(app, make_user().email if setup else None)
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert "script-src 'self'" in CSP and "style-src 'self'" in CSP
    assert "frame-ancestors 'none'" in CSP and "object-src 'none'" in CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    if response.mimetype in ("text/html", "application/json"):
        assert response.headers["Cache-Control"] == "no-store"
    response.close()


def test_reset_links_do_not_leak_through_referrer_or_cache(app, world):
    client = signed_in_client(app, None)
    response = client.get(f"/auth/reset/{world.reset_token}")
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


POSTS = sorted(e for e, r in TABLE.items() if r.post is not None and not r.csrf_exempt)


@pytest.mark.parametrize("endpoint", POSTS)
def test_post_without_csrf_token_is_refused(app, world, visitors, endpoint):
    if endpoint not in app.view_functions:
        pytest.fail(f"{endpoint} is in the inventory but not in the app")
    route = TABLE[endpoint]
    url = build_url(app, endpoint, route, world)
    before = row_counts()
    for visitor in ("anonymous", "admin"):
        client = visitors[visitor]
        if route.post_json:
            response = client.post(url, json={}, csrf=False)
        else:
            response = client.post(url, data={"csrf_token": "forged"}, csrf=False)
        assert response.status_code == 400, (visitor, response.status_code)
    assert row_counts() == before
