"""``school backup`` then ``school restore`` brings every row back unchanged."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role
from app.services.accounts.audit import record_event
from tests.conftest import empty_all_tables

RANKING_ITEM = {
    "id": "pr-rank-901",
    "kind": "ranking",
    "title": "Backup sample",
    "topic": "cooking",
    "criteria": ["accuracy"],
    "difficulty": 1,
    "prompt": "How long should I boil an egg for a runny yolk?",
    "rationale": "Accuracy decides: the six-minute answer is right; the other is wrong.",
    "answers": [
        {"id": "A", "text": "About 6 minutes.", "note": "Correct.",
         "labels": {"harmful": False, "inaccurate": False, "irrelevant": False}},
        {"id": "B", "text": "About 15 minutes.", "note": "That is hard-boiled.",
         "labels": {"harmful": False, "inaccurate": True, "irrelevant": False}},
        {"id": "C", "text": "Eggs are laid by hens.", "note": "Off-topic.",
         "labels": {"harmful": False, "inaccurate": False, "irrelevant": True}},
    ],
    "gold_order": [["A"], ["C"], ["B"]],
}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, for comparison."""
    return {
        table.name: [tuple(row) for row in db.session.execute(
            select(table).order_by(*table.primary_key.columns))]
        for table in db.metadata.sorted_tables
    }


def test_backup_restore_round_trip(runner, make_user, make_exercise, tmp_path):
    admin = make_user(Role.ADMIN, display_name="Ünïcode Admin")
    make_user()
    make_exercise(RANKING_ITEM)
    record_event(admin, "role.change", "user", 2, old="student", new="instructor")
    db.session.commit()
    before = snapshot()
    assert before["candidate_answers"] and before["audit_events"]

    path = tmp_path / "snapshot.jsonl.gz"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    empty_all_tables()
    assert snapshot()["users"] == []

    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert snapshot() == before

    next_event = record_event(None, "after.restore", "x", 1)
    db.session.commit()
    assert next_event.id > max(e.id for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action != "after.restore")))


def test_restore_refuses_a_non_empty_database(runner, make_user, tmp_path):
    make_user()
    path = tmp_path / "snapshot.jsonl"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0 and "not empty" in result.output


def test_restore_refuses_a_foreign_file(runner, tmp_path):
    path = tmp_path / "junk.jsonl"
    path.write_text('{"hello": 1}\n')
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0 and "not an AI Trainer School backup" in result.output
