"""An operator who runs a command before the schema exists is told what to do, not shown a
traceback."""

from __future__ import annotations

from click.testing import CliRunner

from app.cli import main


def test_a_command_on_a_database_without_tables_says_to_upgrade_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/empty.db")
    monkeypatch.setenv("SCHOOL_ENV", "development")
    result = CliRunner().invoke(main, ["exams", "simulate"], prog_name="school")
    assert result.exit_code == 1
    assert "no school tables yet: run `school db upgrade` first" in result.output
    assert "Traceback" not in result.output
