"""The verification record is cached per process briefly; a revocation clears it.

In the worker that revokes, the page and the JSON show the revocation at once; another worker
(a second app on the same database) shows it once its entry is older than the TTL (a fake
clock). Anonymous visitors' JSON may be kept by shared caches for as long.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.models import Certificate, Role, User
from app.public_cache import TimedCache, verify_cache
from app.services.certification.certificates import revoke_certificate
from tests.conftest import FakeClock, second_worker


@pytest.fixture
def other_worker(app: Flask, tmp_path: Path) -> Iterator[tuple[Flask, FakeClock]]:
    """A second app on the same database, its verification cache on a fake clock."""
    with second_worker(app, tmp_path) as (application, clock):
        cache = verify_cache(application)
        assert isinstance(cache, TimedCache)
        cache.clock = clock
        yield application, clock


def revoke(cert: Certificate, make_user: Callable[..., User]) -> None:
    """An admin revokes ``cert`` through this worker (the ``app`` fixture)."""
    admin = make_user(Role.ADMIN)
    revoke_certificate(admin, db.session.get(Certificate, cert.id), "Copied answers")
    db.session.commit()


def status_in(application: Flask, path: str) -> str:
    """The JSON status the other worker answers."""
    db.session.commit()
    with application.app_context():
        return application.test_client().get(path).json["status"]


def test_revoking_clears_this_workers_record_at_once(client, make_user, make_certificate):
    cert = make_certificate(make_user(display_name="Vera Verified"))
    assert client.get(f"/verify/api/{cert.code}").json["status"] == "valid"
    assert "Valid" in client.get(f"/verify/{cert.code}").get_data(as_text=True)
    revoke(cert, make_user)
    assert client.get(f"/verify/api/{cert.code}").json["status"] == "revoked"
    assert "Copied answers" in client.get(f"/verify/{cert.code}").get_data(as_text=True)


def test_other_worker_shows_the_revocation_within_the_ttl(
    other_worker, make_user, make_certificate
):
    other, clock = other_worker
    cert = make_certificate(make_user(display_name="Vera Verified"))
    path = f"/verify/api/{cert.code}"
    assert status_in(other, path) == "valid"
    revoke(cert, make_user)
    assert status_in(other, path) == "valid"  # the documented window
    clock.now += 30.01
    assert status_in(other, path) == "revoked"


def test_cached_record_is_read_without_queries(other_worker, make_user, make_certificate):
    from sqlalchemy import event

    other, _clock = other_worker
    code = make_certificate(make_user()).code
    db.session.commit()
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    with other.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert status_in(other, f"/verify/api/{code}") == "valid"
        first = len(statements)
        assert status_in(other, f"/verify/api/{code}") == "valid"
        db.session.commit()
        with other.app_context():
            assert other.test_client().get(f"/verify/{code}").status_code == 200
    finally:
        with other.app_context():
            event.remove(db.engine, "before_cursor_execute", count)
    assert first > 0 and len(statements) == first


def test_anonymous_json_may_be_kept_by_shared_caches(client, make_user, make_certificate, login):
    holder = make_user()
    cert = make_certificate(holder)
    response = client.get(f"/verify/api/{cert.code}")
    assert response.headers["Cache-Control"] == "public, max-age=30"
    login(holder)
    signed_in = client.get(f"/verify/api/{cert.code}")
    assert "public" not in signed_in.headers.get("Cache-Control", "")


def test_unknown_identifiers_are_not_cached(client):
    assert client.get("/verify/api/ATS-0000-0000-0000").status_code == 404
    assert client.get("/verify/ATS-0000-0000-0000").status_code == 404
