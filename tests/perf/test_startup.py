"""A web worker's start-up imports no migration machinery (alembic is ≈100 ms of CPU), none of
the libraries only a few pages use (QR codes, JSON Schema: ≈50 ms each; python-markdown and
cryptography, used to save text and to sign or check credentials: ≈20 ms together) and none of the
command-line code (importers, reports, seeding, simulation: ≈20 ms); and it leaves the garbage
collector as it found it, though it pauses it while building and moves what it built to the
oldest generation unscanned (app/collector.py).

Migrations still run through ``app.extensions["migrate"]``: every test run's database is built
by ``flask_migrate.upgrade()`` through that stand-in (``tests/conftest.py``).
"""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref

import pytest
from click.testing import CliRunner

from app import create_app
from app.cli import main
from app.collector import collector_paused
from app.config import REPO_ROOT

PROBE = """
import sys
from app import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})
print(sorted(m for m in LATER if m in sys.modules))
"""
LATER = (
    "alembic", "flask_migrate", "segno", "jsonschema",
    "app.commands.exercises", "app.seed_scale.run", "graders.simulation_run",
    "markdown", "cryptography",  # imported on first use (and by gunicorn's master: test_warmup)
)


def test_create_app_imports_no_migration_or_rarely_used_library() -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", f"LATER = {LATER!r}\n{PROBE}"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_school_command_still_has_every_command(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("SCHOOL_ENV", "development")
    listed = CliRunner().invoke(main, ["--help"], prog_name="school")
    assert listed.exit_code == 0, listed.output
    for name in ("courses", "exercises", "users", "seed-scale", "certificates", "db"):
        assert f"  {name} " in listed.output
    simulate = CliRunner().invoke(main, ["exams", "simulate", "--help"], prog_name="school")
    assert simulate.exit_code == 0, simulate.output


def test_building_the_app_restores_the_collector_as_it_found_it(monkeypatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True}
    assert gc.isenabled()
    create_app(config)
    assert gc.isenabled()
    gc.disable()  # a caller that paused it itself (the gunicorn master) keeps it paused
    try:
        create_app(config)
        assert not gc.isenabled()
    finally:
        gc.enable()


def _fail_while_paused() -> None:
    with collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("start-up failed")


def test_the_collector_pause_ends_when_the_block_fails() -> None:
    with pytest.raises(RuntimeError, match="start-up failed"):
        _fail_while_paused()
    assert gc.isenabled()


class _Node:
    """Something the collector tracks and a weak reference can watch."""

    def __init__(self) -> None:
        self.itself = self  # a cycle: only the collector can free it


def test_what_a_paused_block_builds_skips_the_young_passes() -> None:
    with collector_paused():
        built = [_Node() for _ in range(20_000)]
    # Without the move, the first allocation after the block started a young pass over all of it
    # (34-37 ms after the app's import chain).
    assert gc.get_count()[0] < 100
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert id(built) in oldest and id(built[-1]) in oldest


def test_garbage_made_while_paused_is_still_collected() -> None:
    with collector_paused():
        watched = weakref.ref(_Node())
    assert watched() is not None  # a cycle outlives its last name until a collection
    gc.collect()
    assert watched() is None


def test_objects_frozen_before_the_pause_stay_frozen() -> None:
    watched = _Node()
    gc.freeze()  # as the gunicorn master does before forking a worker
    try:
        assert not _tracked(watched)  # frozen: in no generation the collector scans
        with collector_paused():
            _Node()
        # Not a count comparison: any frozen object freed meanwhile (by its refcount) lowers the
        # freeze count, which made an equality check fail now and then.
        assert not _tracked(watched)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert _tracked(watched)


def _tracked(obj: object) -> bool:
    """Whether ``obj`` is in one of the collector's three generations (not frozen)."""
    return any(found is obj for found in gc.get_objects())
