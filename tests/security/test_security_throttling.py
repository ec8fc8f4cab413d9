"""Login throttling (Flask-Limiter, in memory or Redis) and the temporary account lockout."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db, limiter
from app.models import utcnow
from app.services.accounts.accounts import LOCKOUT, MAX_FAILED_LOGINS, SIGN_IN_REFUSED
from tests.conftest import RUN_SLOT, TEST_PASSWORD, CSRFClient, make_test_app
from tests.security.conftest import signed_in_client

REDIS_URI = f"redis://127.0.0.1:6379/{15 - RUN_SLOT}"
LOGIN_LIMIT = 20


def redis_is_up() -> bool:
    """Whether the Redis the CI machine runs is reachable."""
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URI, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


@pytest.fixture
def limited_app_factory(app: Flask, tmp_path: Path) -> Iterator[Callable[[str], Flask]]:
    """Build apps with rate limiting on; afterwards the shared limiter is reset and disabled."""
    built: list[Flask] = []

    def build(storage_uri: str) -> Flask:
        limited = make_test_app(
            app.config["SQLALCHEMY_DATABASE_URI"],
            tmp_path,
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI=storage_uri,
        )
        limited.test_client_class = CSRFClient
        built.append(limited)
        limiter.reset()
        return limited

    yield build
    limiter.reset()
    limiter.init_app(app)  # the session app keeps RATELIMIT_ENABLED=False: back to no limits
    for limited in built:
        with limited.app_context():
            db.engine.dispose()


def hammer_login(client: FlaskClient, email: str, times: int) -> list[int]:
    """POST wrong passwords ``times`` times; return the statuses."""
    token = client.csrf_token()
    statuses = []
    for _ in range(times):
        data = {"email": email, "password": "wrong-password-1", "csrf_token": token}
        statuses.append(client.post("/auth/login", data=data, csrf=False).status_code)
    return statuses


def assert_throttled(limited: Flask, email: str) -> None:
    """The 21st login POST in a minute gets a styled 429 with Retry-After."""
    client = limited.test_client()
    statuses = hammer_login(client, email, LOGIN_LIMIT)
    assert 429 not in statuses
    response = client.post("/auth/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Too many requests" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/auth/login").status_code == 200, "only POSTs are limited"


def test_login_is_rate_limited_in_memory(limited_app_factory, make_user):
    limited = limited_app_factory("memory://")
    assert_throttled(limited, make_user().email)


@pytest.mark.skipif(not redis_is_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_login_is_rate_limited_in_redis(limited_app_factory, make_user):
    import redis

    limited = limited_app_factory(REDIS_URI)
    assert_throttled(limited, make_user().email)
    keys = redis.Redis.from_url(REDIS_URI).keys("LIMITS*")
    assert any(b"auth.login" in key for key in keys), keys


def test_registration_and_password_change_are_rate_limited(limited_app_factory, make_user):
    limited = limited_app_factory("memory://")
    client = limited.test_client()
    token = client.csrf_token()
    statuses = [
        client.post("/auth/register", data={"csrf_token": token}, csrf=False).status_code
        for _ in range(11)
    ]
    assert statuses[-1] == 429 and 429 not in statuses[:10]
    limiter.reset()
    user = make_user()
    signed_in = signed_in_client(limited, user.email)
    statuses = [
        signed_in.post("/auth/password", data={"current": "guess-guess-1"}).status_code
        for _ in range(11)
    ]
    assert statuses[-1] == 429


def login_page(client: FlaskClient, email: str, password: str) -> tuple[int, str]:
    """POST the login form; return the status and page text."""
    response = client.post("/auth/login", data={"email": email, "password": password})
    return response.status_code, response.get_data(as_text=True)


def test_lockout_refuses_even_the_right_password_then_expires(client: Any, make_user: Any) -> None:
    user = make_user()
    for _ in range(MAX_FAILED_LOGINS):
        assert login_page(client, user.email, "wrong-password-1")[0] == 200
    db.session.refresh(user)
    assert user.locked_until is not None
    remaining = user.locked_until - utcnow()
    assert timedelta(minutes=14) < remaining <= LOCKOUT
    status, page = login_page(client, user.email, TEST_PASSWORD)
    assert status == 200 and SIGN_IN_REFUSED in page
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    status, _page = login_page(client, user.email, TEST_PASSWORD)
    assert status == 302
    db.session.refresh(user)
    assert user.failed_logins == 0 and user.locked_until is None


def test_failures_below_the_limit_do_not_lock(client: Any, make_user: Any) -> None:
    user = make_user()
    for _ in range(MAX_FAILED_LOGINS - 1):
        login_page(client, user.email, "wrong-password-1")
    assert login_page(client, user.email, TEST_PASSWORD)[0] == 302
    db.session.refresh(user)
    assert user.failed_logins == 0


def test_unknown_email_and_wrong_password_look_the_same(client: Any, make_user: Any) -> None:
    user = make_user()
    _status, wrong = login_page(client, user.email, "wrong-password-1")
    _status, unknown = login_page(client, "nobody@example.org", "wrong-password-1")
    assert "Wrong email or password." in wrong and "Wrong email or password." in unknown


def test_disabled_account_cannot_sign_in(client: Any, make_user: Any) -> None:
    user = make_user()
    user.is_enabled = False
    db.session.commit()
    status, page = login_page(client, user.email, TEST_PASSWORD)
    assert status == 200 and "disabled" in page


def test_limited_views_still_send_anonymous_visitors_to_log_in(limited_app_factory):
    limited = limited_app_factory("memory://")
    client = limited.test_client()
    response = client.post("/studio/join", data={"code": "ABCD"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_public_verification_is_rate_limited(limited_app_factory):
    limited = limited_app_factory("memory://")
    client = limited.test_client()
    statuses = [client.get("/verify/api/ATS-0000-0000-0000").status_code for _ in range(61)]
    assert statuses[:60] == [404] * 60 and statuses[60] == 429
