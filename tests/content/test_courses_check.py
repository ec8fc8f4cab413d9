"""`school courses check`: lesson counts and words per course, and facts older than a year."""

from __future__ import annotations

import shutil

from app.config import REPO_ROOT

FACTS = """facts:
  - claim: "An old hotline number."
    source: "https://example.org/old"
    checked_on: 2024-01-15
  - claim: "A fresh limit."
    source: "https://example.org/new"
    checked_on: 2026-06-01
"""


def _courses_with_facts(tmp_path, facts: str):
    """A copy of the medicine course whose first lesson carries `facts`."""
    root = tmp_path / "courses"
    shutil.copytree(REPO_ROOT / "courses" / "medicine-and-health", root / "medicine-and-health")
    lesson = sorted((root / "medicine-and-health").glob("01-*.md"))[0]
    text = lesson.read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    lesson.write_text(f"{head}\n{facts}{rest}", encoding="utf-8")
    return root


def test_lists_facts_older_than_a_year(runner, tmp_path):
    root = _courses_with_facts(tmp_path, FACTS)
    args = ["courses", "check", "--path", str(root), "--today", "2026-12-04"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    shipped = sum(
        f.read_text(encoding="utf-8").count("checked_on:")
        for f in (REPO_ROOT / "courses" / "medicine-and-health").glob("*.md")
    )
    assert "medicine-and-health [en]: 6 lessons," in result.output
    assert f"{shipped + 2} dated facts" in result.output
    assert "Facts checked more than a year before 2026-12-04: 1" in result.output
    assert "checked 2024-01-15: An old hotline number." in result.output
    assert "A fresh limit" not in result.output
    assert runner.invoke(args=[*args, "--strict"]).exit_code == 1


def test_a_malformed_fact_is_a_located_error(runner, tmp_path):
    bad = "facts:\n  - claim: x\n    source: y\n    checked_on: soon\n"
    root = _courses_with_facts(tmp_path, bad)
    result = runner.invoke(args=["courses", "check", "--path", str(root)])
    assert result.exit_code == 1
    assert "checked_on must be a date written YYYY-MM-DD" in result.output


def test_the_real_courses_are_counted(runner):
    result = runner.invoke(args=["courses", "check"])
    assert result.exit_code == 0, result.output
    assert "ai-trainer-foundations [en]:" in result.output and " words," in result.output
    assert "ai-trainer-foundations [ru]:" in result.output
