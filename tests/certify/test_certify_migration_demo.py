"""Migration 0006 labels certificates issued before it from their exam session's demo flag."""

from __future__ import annotations

from datetime import datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app.extensions import db
from tests.conftest import make_test_app

USER = text(
    "INSERT INTO users (id, email, display_name, password_hash, role, session_token, is_enabled, "
    "failed_logins, directory_opt_in, created_at) VALUES (1, 'a@example.org', 'A', 'x', "
    "'student', 'tok', :yes, 0, :no, :now)"
)
SESSION = text(
    "INSERT INTO exam_sessions (id, user_id, blueprint_slug, attempt_number, seed, status, "
    "started_at, deadline_at, is_demo) VALUES (:id, 1, 'core', :id, 1, 'passed', :now, :later, "
    ":demo)"
)
CERTIFICATE = text(
    "INSERT INTO certificates (id, code, user_id, exam_session_id, certificate_slug, title, "
    "level, holder_name, overall_score, criterion_scores, guidelines_version, status_index, "
    "issued_at, expires_at) VALUES (:id, :code, 1, :session, 'core', 'T', 'core', 'A', 0.9, "
    "'{}', 'v1', :id, :now, :later)"
)


def _insert_rows() -> None:
    """A user with a demo session, a real session, a certificate for each, and an award."""
    now, later = datetime(2026, 1, 5, 10), datetime(2028, 1, 5, 10)
    with db.engine.begin() as conn:
        conn.execute(USER, {"yes": True, "no": False, "now": now})
        for sid, demo in ((1, True), (2, False)):
            conn.execute(SESSION, {"id": sid, "now": now, "later": later, "demo": demo})
        for cid, session in ((1, 1), (2, 2), (3, None)):
            params = {"id": cid, "code": f"ATS-{cid}", "session": session}
            conn.execute(CERTIFICATE, {**params, "now": now, "later": later})


def test_0006_copies_the_sessions_demo_flag_and_downgrades(scratch_url, tmp_path):
    scratch = make_test_app(scratch_url, tmp_path)
    with scratch.app_context():
        upgrade(revision="0005")
        _insert_rows()
        upgrade(revision="0006")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, is_demo FROM certificates ORDER BY id")).all()
        flags = {row[0]: row[1] for row in rows}
        assert {k: bool(v) for k, v in flags.items()} == {1: True, 2: False, 3: False}
        downgrade(revision="0005")
        upgrade()
        db.engine.dispose()
