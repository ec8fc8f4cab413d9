"""Probe finding 7: behind ``TRUSTED_PROXIES`` proxies, rate limits key on the real client.

Without the setting, ``X-Forwarded-For`` is ignored (a client could forge it to dodge limits);
with it, the address the trusted proxy appended decides the bucket.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db, limiter
from tests.conftest import CSRFClient, make_test_app

FORGOT_LIMIT = 5  # POSTs a minute to /auth/forgot
PROXY = "10.0.0.2"


@pytest.fixture
def limited(app: Flask, tmp_path: Path) -> Iterator[Callable[[int], Flask]]:
    """Apps with rate limiting on, in memory; the shared limiter is reset afterwards."""
    built: list[Flask] = []

    def build(trusted_proxies: int) -> Flask:
        application = make_test_app(
            app.config["SQLALCHEMY_DATABASE_URI"],
            tmp_path,
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI="memory://",
            TRUSTED_PROXIES=trusted_proxies,
        )
        application.test_client_class = CSRFClient
        built.append(application)
        limiter.reset()
        return application

    yield build
    limiter.reset()
    limiter.init_app(app)
    for application in built:
        with application.app_context():
            db.engine.dispose()


def forgot(application: Flask, client_address: str, times: int) -> list[int]:
    """POST the reset form ``times`` times through the proxy, for one client address."""
    client = application.test_client()
    token = client.csrf_token()
    headers = {"X-Forwarded-For": client_address}
    environ = {"REMOTE_ADDR": PROXY}
    return [
        client.post(
            "/auth/forgot",
            data={"email": "someone@example.org", "csrf_token": token},
            headers=headers,
            environ_base=environ,
            csrf=False,
        ).status_code
        for _ in range(times)
    ]


def test_with_a_trusted_proxy_each_client_has_its_own_bucket(limited) -> None:
    application = limited(1)
    first = forgot(application, "203.0.113.7", FORGOT_LIMIT + 1)
    assert first[-1] == 429 and 429 not in first[:-1]
    second = forgot(application, "198.51.100.9", FORGOT_LIMIT)
    assert 429 not in second, "another visitor behind the same proxy is not throttled"


def test_without_the_setting_forwarded_for_is_ignored(limited) -> None:
    application = limited(0)
    first = forgot(application, "203.0.113.7", FORGOT_LIMIT)
    assert 429 not in first
    assert forgot(application, "198.51.100.9", 1) == [429], "a forged header changes nothing"


def test_the_client_address_is_the_one_the_proxy_saw(limited) -> None:
    application = limited(1)

    @application.get("/_test/address")
    def address() -> str:
        from flask import request

        return request.remote_addr or ""

    client = application.test_client()
    headers = {"X-Forwarded-For": "1.2.3.4, 203.0.113.7"}  # the client forged the first one
    response = client.get("/_test/address", headers=headers, environ_base={"REMOTE_ADDR": PROXY})
    assert response.get_data(as_text=True) == "203.0.113.7"
