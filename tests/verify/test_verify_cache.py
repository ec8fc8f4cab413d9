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
from app.public_cache import verify_cache
from app.services.certification.certificates import revoke_certificate, supersede_guidelines
from app.services.certification.credentials import is_revoked_in
from app.services.learning.learning import FOUNDATIONS_SLUG
from tests.conftest import (
    FakeClock,
    csrf_token_in,
    recorded_statements,
    second_worker,
    templates_rendered,
)


@pytest.fixture
def other_worker(app: Flask, tmp_path: Path) -> Iterator[tuple[Flask, FakeClock]]:
    """A second app on the same database, its verification cache on a fake clock."""
    with second_worker(app, tmp_path, clocked=verify_cache) as worker:
        yield worker


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


def test_a_visitor_without_account_cookies_is_answered_without_loading_a_user(
    app, make_user, make_certificate, monkeypatch
):
    cert = make_certificate(make_user(display_name="Vera Verified"))
    manager = app.login_manager
    original, loads = manager._load_user, []
    monkeypatch.setattr(manager, "_load_user", lambda: loads.append(1) or original())
    app.test_client().get(f"/verify/{cert.code}")  # rendering the shared page once may load
    loads.clear()
    visitor = app.test_client()
    json_answer = visitor.get(f"/verify/api/{cert.code}")
    page = visitor.get(f"/verify/{cert.code}")
    assert loads == []
    assert json_answer.headers["Cache-Control"] == page.headers["Cache-Control"]
    assert json_answer.headers["Cache-Control"] == "public, max-age=30"
    # A remember-me cookie could sign its holder in, so the user is loaded to find out.
    visitor.set_cookie("remember_token", "not-a-real-token")
    assert visitor.get(f"/verify/api/{cert.code}").headers["Cache-Control"].startswith("public")
    assert loads == [1]


def test_unknown_identifiers_are_not_cached(client):
    assert client.get("/verify/api/ATS-0000-0000-0000").status_code == 404
    assert client.get("/verify/ATS-0000-0000-0000").status_code == 404


def test_anonymous_visitors_share_one_rendered_page_without_a_session(
    app, make_user, make_certificate
):
    cert = make_certificate(make_user(display_name="Vera Verified"))
    first, second = app.test_client(), app.test_client()
    page = f"/verify/{cert.code}"
    first_page = first.get(page).get_data(as_text=True)
    with templates_rendered(app) as rendered:
        response = second.get(page)
    assert response.status_code == 200 and rendered == []
    assert response.get_data(as_text=True) == first_page and "Vera Verified" in first_page
    assert "Set-Cookie" not in response.headers and 'name="csrf_token"' not in first_page
    # Nothing in it is the visitor's own: shared caches may keep it, once per language.
    assert response.headers["Cache-Control"] == "public, max-age=30"
    assert {"Accept-Language", "Cookie"} <= set(response.vary)
    assert f'href="/verify/{cert.code}/email"' in first_page


def test_the_email_check_page_gives_each_visitor_their_own_token(
    app, make_user, make_certificate
):
    cert = make_certificate(make_user(display_name="Vera Verified"))
    first, second = app.test_client(), app.test_client()
    first_form = first.get(f"/verify/{cert.code}/email")
    second_form = second.get(f"/verify/{cert.code}/email")
    assert first_form.status_code == 200 and "Vera Verified" in first_form.text
    assert "no-store" in first_form.headers["Cache-Control"]
    assert csrf_token_in(first_form.text) != csrf_token_in(second_form.text)
    checked = second.post(
        f"/verify/{cert.code}/email",
        data={"email": "someone@example.org", "csrf_token": csrf_token_in(second_form.text)},
        csrf=False,
    )
    assert checked.status_code == 200 and "Does not match" in checked.text
    borrowed = first.post(
        f"/verify/{cert.code}/email",
        data={"email": "someone@example.org", "csrf_token": csrf_token_in(second_form.text)},
        csrf=False,
    )
    assert borrowed.status_code == 400  # another visitor's token is refused


def test_pages_with_a_query_string_or_a_signed_in_reader_are_not_shared(
    client, make_user, make_certificate, login
):
    cert = make_certificate(make_user(display_name="Vera Verified"))
    with_query = client.get(f"/verify/{cert.code}?lang=ru")
    assert with_query.status_code == 200 and "public" not in with_query.headers["Cache-Control"]
    login(make_user(Role.STUDENT, display_name="Stella Student"))
    signed_in = client.get(f"/verify/{cert.code}")
    assert "public" not in signed_in.headers["Cache-Control"]


def test_a_revocation_drops_the_rendered_page_at_once(client, make_user, make_certificate):
    cert = make_certificate(make_user(display_name="Vera Verified"))
    assert "Copied answers" not in client.get(f"/verify/{cert.code}").get_data(as_text=True)
    revoke(cert, make_user)
    assert "Copied answers" in client.get(f"/verify/{cert.code}").get_data(as_text=True)


def test_the_rendered_page_is_kept_per_language(client, make_user, make_certificate):
    cert = make_certificate(make_user(display_name="Vera Verified"))
    english = client.get(f"/verify/{cert.code}").get_data(as_text=True)
    client.get("/language/ru")
    russian = client.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert '<html lang="en">' in english and '<html lang="ru">' in russian


def test_signed_in_visitors_get_their_own_page(client, make_user, make_certificate, login):
    cert = make_certificate(make_user(display_name="Vera Verified"))
    client.get(f"/verify/{cert.code}")  # cached for anonymous visitors
    login(make_user(Role.STUDENT, display_name="Stella Student"))
    assert "Stella Student" in client.get(f"/verify/{cert.code}").get_data(as_text=True)


def test_the_status_list_is_signed_once_and_a_revocation_shows_at_once(
    client, make_user, make_certificate
):
    cert = make_certificate(make_user(display_name="Vera Verified"))
    index = cert.status_index
    first = client.get("/verify/status-list").json
    with recorded_statements() as statements:
        again = client.get("/verify/status-list").json
    assert again == first and statements == []  # the same signature: no query, no signing
    assert not is_revoked_in(first["credentialSubject"]["encodedList"], index)
    revoke(cert, make_user)
    after = client.get("/verify/status-list").json
    assert is_revoked_in(after["credentialSubject"]["encodedList"], index)


def test_superseding_the_guidelines_shows_on_a_cached_record_at_once(
    client, make_user, make_certificate
):
    cert = make_certificate(make_user(display_name="Vera Verified"))
    assert "recertification is due" not in client.get(f"/verify/{cert.code}").text
    supersede_guidelines(FOUNDATIONS_SLUG, cert.guidelines_version, 30)
    db.session.commit()
    assert "recertification is due" in client.get(f"/verify/{cert.code}").text


def test_an_uncached_record_costs_one_statement_once_the_guidelines_are_known(
    other_worker, make_user, make_certificate
):
    from sqlalchemy import event

    other, _clock = other_worker
    first_code = make_certificate(make_user()).code
    second_code = make_certificate(make_user()).code
    db.session.commit()
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_rest) -> None:
        if statement.lstrip().upper().startswith("SELECT"):  # not SQLite's BEGIN
            statements.append(statement)

    with other.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert status_in(other, f"/verify/api/{first_code}") == "valid"
        first = len(statements)
        assert status_in(other, f"/verify/api/{second_code}") == "valid"
    finally:
        with other.app_context():
            event.remove(db.engine, "before_cursor_execute", count)
    assert first == 2 and len(statements) - first == 1, statements
