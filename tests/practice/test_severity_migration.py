"""Migration 0005 turns the boolean labels into severities (true → major, false → none) and back."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app.extensions import db
from tests.conftest import make_test_app

NOW = datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)


def _insert_first_edition_rows() -> None:
    """One exercise whose answers carry the first edition's booleans."""
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO exercises (id, uid, kind, pool, status, source, title, topic, "
                "criteria, difficulty, current_version, calibration_flagged, created_at, "
                "updated_at) VALUES (1, 'pr-pair-001', 'pairwise', 'practice', 'published', "
                "'file', 't', 'science', '[\"accuracy\"]', 1, 1, false, :now, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO exercise_versions (id, exercise_id, number, title, prompt, "
                "rationale, gold, content_hash, created_at) VALUES (1, 1, 1, 't', 'p', 'r', "
                "'{}', 'h', :now)"
            ),
            {"now": NOW},
        )
        for key, position, harmful, inaccurate in (("A", 0, True, True), ("B", 1, False, False)):
            conn.execute(
                text(
                    "INSERT INTO candidate_answers (version_id, key, position, text, is_harmful, "
                    "is_inaccurate, is_irrelevant, note) VALUES (1, :key, :pos, 'x', :h, :i, "
                    "false, 'n')"
                ),
                {"key": key, "pos": position, "h": harmful, "i": inaccurate},
            )


def test_booleans_become_severities_and_come_back(scratch_url, tmp_path):  # noqa: F811
    scratch = make_test_app(scratch_url, tmp_path)
    with scratch.app_context():
        upgrade(revision="0004")
        _insert_first_edition_rows()
        upgrade(revision="0005")
        with db.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT key, harmful, inaccurate, irrelevant, text_html FROM "
                     "candidate_answers ORDER BY key")
            ).all()
        assert [tuple(r) for r in rows] == [("A", 2, 2, 0, None), ("B", 0, 0, 0, None)]
        downgrade(revision="0004")
        with db.engine.connect() as conn:
            back = conn.execute(
                text("SELECT key, is_harmful, is_inaccurate FROM candidate_answers ORDER BY key")
            ).all()
        expected = [("A", True, True), ("B", False, False)]
        assert [(k, bool(h), bool(i)) for k, h, i in back] == expected
        db.engine.dispose()
