"""``school exercises sync``: idempotent, versions edits, archives removals, refuses bad banks."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.models import Attempt, Exercise, ExerciseVersion
from tests.conftest import PRACTICE_DIR, copy_bank
from tests.practice.conftest import exercise_by_uid

# The files the tests that edit a bank touch, and a few of each kind beside them: syncing the
# whole bank (700 items checked and rendered) took seven seconds a test, and has its own test.
SMALL_BANK = (
    "pr-rank-00[1-6]", "pr-pair-01[1-5]", "pr-corr-00[1-3]", "pr-rate-00[1-3]", "ex-*-00[1-3]"
)


def sync(runner, practice: Path, exam: Path):
    """Run the sync command on the given folders."""
    return runner.invoke(
        args=["exercises", "sync", "--practice", str(practice), "--exam", str(exam)]
    )


def counts() -> tuple[int, int]:
    """(exercises, versions) in the database."""
    return (
        db.session.scalar(select(func.count()).select_from(Exercise)),
        db.session.scalar(select(func.count()).select_from(ExerciseVersion)),
    )


def test_sync_loads_both_pools_then_changes_nothing(runner, tmp_path):
    practice, exam = copy_bank(tmp_path)
    first = sync(runner, practice, exam)
    assert first.exit_code == 0, first.output
    files = len(list(practice.glob("*.yaml"))) + len(list(exam.glob("*.yaml")))
    assert counts() == (files, files)
    assert f"exercise bank: {files} created" in first.output
    rows = db.session.scalars(select(Exercise)).all()
    assert {(e.source, e.status) for e in rows} == {("file", "published")}
    assert {e.pool for e in rows if e.uid.startswith("ex-")} == {"exam"}
    second = sync(runner, practice, exam)
    assert second.exit_code == 0
    assert f"0 created, 0 new versions, {files} unchanged, 0 archived" in second.output
    assert "Everything was already up to date." in second.output
    assert counts() == (files, files)


def test_edit_creates_a_new_version_and_old_attempts_keep_theirs(runner, tmp_path, make_user):
    practice, exam = copy_bank(tmp_path, SMALL_BANK)
    assert sync(runner, practice, exam).exit_code == 0
    exercise = exercise_by_uid("pr-rank-001")
    old_version = exercise.versions[0]
    user = make_user()
    db.session.add(
        Attempt(
            user_id=user.id,
            exercise_id=exercise.id,
            version_id=old_version.id,
            kind="ranking",
            answer={},
            score=0.5,
        )
    )
    db.session.commit()
    path = practice / "pr-rank-001.yaml"
    path.write_text(
        path.read_text().replace(
            "title: Bee sting while gardening", "title: A bee sting in the garden"
        )
    )
    result = sync(runner, practice, exam)
    assert result.exit_code == 0, result.output
    assert "1 new versions" in result.output
    db.session.expire_all()
    exercise = exercise_by_uid("pr-rank-001")
    assert exercise.current_version == 2 and exercise.title == "A bee sting in the garden"
    assert db.session.scalars(select(Attempt)).one().version_id == old_version.id


def test_removed_file_archives_the_item_and_keeps_attempts(runner, tmp_path, make_user):
    practice, exam = copy_bank(tmp_path, SMALL_BANK)
    assert sync(runner, practice, exam).exit_code == 0
    exercise = exercise_by_uid("pr-pair-013")
    user = make_user()
    db.session.add(
        Attempt(
            user_id=user.id,
            exercise_id=exercise.id,
            version_id=exercise.versions[0].id,
            kind="pairwise",
            answer={},
            score=1.0,
        )
    )
    db.session.commit()
    (practice / "pr-pair-013.yaml").unlink()
    result = sync(runner, practice, exam)
    assert result.exit_code == 0 and "1 archived" in result.output
    db.session.expire_all()
    assert exercise_by_uid("pr-pair-013").status == "archived"
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1
    shutil.copy(PRACTICE_DIR / "pr-pair-013.yaml", practice / "pr-pair-013.yaml")
    assert sync(runner, practice, exam).exit_code == 0
    db.session.expire_all()
    assert exercise_by_uid("pr-pair-013").status == "published"


def test_a_bad_file_stops_the_sync_and_leaves_the_database_unchanged(runner, tmp_path):
    practice, exam = copy_bank(tmp_path, SMALL_BANK)
    assert sync(runner, practice, exam).exit_code == 0
    before = counts()
    edited = practice / "pr-rank-002.yaml"
    edited.write_text(edited.read_text().replace("title:", "title: Changed\nold_title:", 1))
    (practice / "pr-rank-003.yaml").write_text("id: pr-rank-003\nkind: ranking\n")
    result = sync(runner, practice, exam)
    assert result.exit_code != 0
    assert f"{practice / 'pr-rank-003.yaml'}:1: topic: missing required field" in result.output
    assert f"{edited}:" in result.output and "unknown field 'old_title'" in result.output
    assert "the database was not changed" in result.output
    assert counts() == before


def test_moving_an_item_between_pools_is_refused_and_rolled_back(runner, tmp_path):
    practice, exam = copy_bank(tmp_path, SMALL_BANK)
    assert sync(runner, practice, exam).exit_code == 0
    before = counts()
    # Give an exam file a practice item's id and prefix is wrong → refused by the checker.
    source = practice / "pr-rank-004.yaml"
    shutil.move(source, exam / "pr-rank-004.yaml")
    result = sync(runner, practice, exam)
    assert result.exit_code != 0 and "start with 'ex-'" in result.output
    db.session.expire_all()
    assert counts() == before
    assert exercise_by_uid("pr-rank-004").status == "published"


def test_the_content_sync_runs_the_bank_step(app, tmp_path, monkeypatch):
    from app.services.common.content import sync_everything

    copy_bank(tmp_path, SMALL_BANK)
    monkeypatch.setitem(app.config, "EXERCISES_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "EXAM_POOL_DIR", "")
    lines = list(sync_everything())
    db.session.commit()
    assert any(line.startswith("exercise bank: ") and "created" in line for line in lines)
    assert counts()[0] == len(list(tmp_path.glob("*/*.yaml")))


def test_exam_pool_dir_setting_points_the_exam_pool_elsewhere(app, runner, tmp_path, monkeypatch):
    practice, exam = copy_bank(tmp_path, SMALL_BANK)
    private = tmp_path / "private-exam"
    exam.rename(private)
    monkeypatch.setitem(app.config, "EXERCISES_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "EXAM_POOL_DIR", str(private))
    found = runner.invoke(args=["exercises", "check"]).output
    assert "Problems (" not in found and "exam folder does not exist" not in found
    monkeypatch.setitem(app.config, "EXAM_POOL_DIR", "")
    result = runner.invoke(args=["exercises", "check"])
    assert result.exit_code == 1 and "the exam folder does not exist" in result.output


def test_changing_an_items_kind_is_refused_and_rolled_back(runner, tmp_path):
    practice, exam = copy_bank(tmp_path, SMALL_BANK)
    assert sync(runner, practice, exam).exit_code == 0
    before = counts()
    (practice / "pr-rank-001.yaml").write_text(
        (practice / "pr-pair-013.yaml").read_text().replace("id: pr-pair-013", "id: pr-rank-001")
    )
    renamed = practice / "pr-corr-001.yaml"  # synced (then rolled back) before pr-rank-001
    renamed.write_text(
        renamed.read_text()
        .replace("title:", "title: Renamed\nx_title:", 1)
        .replace("x_title:", "#", 1)
    )
    result = sync(runner, practice, exam)
    assert result.exit_code != 0
    assert "pr-rank-001.yaml:1: pr-rank-001 is a ranking item; its kind cannot change" in (
        result.output
    )
    db.session.expire_all()
    assert counts() == before
    assert exercise_by_uid("pr-corr-001").current_version == 1
