"""Loading the exercise bank files into the database, and importing drafts from public data.

Files are the source of truth for items whose source is "file": a new file creates an item, an
edited file a new version (old attempts keep theirs), a removed file archives the item. Attempts
are never deleted. The caller commits once; on any problem nothing has been written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from app.content.exercises import LoadedItem, check_loaded, display_path, load_bank
from app.models import Exercise, db
from app.services.practice.exercise_bank import BankError, save_item


class SyncError(ValueError):
    """The bank has problems; nothing was saved. ``problems`` are ``file:line: reason``."""

    def __init__(self, problems: list[str]) -> None:
        """Keep every problem for the CLI to print."""
        super().__init__(f"{len(problems)} problem(s) in the exercise bank")
        self.problems = problems


@dataclass
class SyncReport:
    """Ids of the items each sync step touched."""

    created: list[str] = field(default_factory=list)
    versioned: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)

    @property
    def is_unchanged(self) -> bool:
        """True when the database already matched the files."""
        return not (self.created or self.versioned or self.archived)

    def summary(self) -> str:
        """One line for the CLI and the content sync report."""
        return (
            f"exercise bank: {len(self.created)} created, {len(self.versioned)} new versions, "
            f"{len(self.unchanged)} unchanged, {len(self.archived)} archived"
        )


def bank_dirs() -> tuple[Path, Path]:
    """The configured practice and exam folders (EXAM_POOL_DIR may point somewhere private)."""
    root = Path(current_app.config["EXERCISES_DIR"])
    exam = current_app.config.get("EXAM_POOL_DIR") or root / "exam"
    return root / "practice", Path(exam)


def _save_pool(pool: str, items: Iterable[LoadedItem], report: SyncReport) -> set[str]:
    """Save every item of one pool as published file content; return the ids seen."""
    seen = set()
    for item in items:
        try:
            outcome = save_item(item.data, pool, source="file", status="published")
        except BankError as error:
            raise SyncError([f"{display_path(item.path)}:1: {error}"]) from error
        getattr(report, outcome.change).append(outcome.exercise.uid)
        seen.add(outcome.exercise.uid)
    return seen


def _archive_missing(pool: str, present: set[str], report: SyncReport) -> None:
    """Archive file items of a pool whose file is gone (their attempts stay)."""
    stale = db.session.scalars(
        select(Exercise).where(
            Exercise.pool == pool,
            Exercise.source == "file",
            Exercise.status != "archived",
            Exercise.uid.not_in(present),
        )
    )
    for exercise in stale:
        exercise.status = "archived"
        report.archived.append(exercise.uid)


def sync_bank(practice_dir: Path | str, exam_dir: Path | str) -> SyncReport:
    """Check both pools, then store them; raises SyncError (before any write) on a problem."""
    folders = {"practice": Path(practice_dir), "exam": Path(exam_dir)}
    pools = load_bank(practice_dir, exam_dir)
    problems = check_loaded(pools, folders)
    if problems:
        raise SyncError(problems)
    report = SyncReport()
    for pool, items in pools.items():
        present = _save_pool(pool, items, report)
        _archive_missing(pool, present, report)
    db.session.flush()
    return report


@dataclass
class DraftReport:
    """What importing drafts into the database did."""

    saved: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def save_drafts(items: Iterable[Mapping[str, Any]]) -> DraftReport:
    """Store imported items as practice drafts; ids already in the bank are left alone.

    Re-importing must never overwrite what an instructor has since reviewed or published.
    """
    report = DraftReport()
    for data in items:
        if db.session.scalar(select(Exercise.id).where(Exercise.uid == data["id"])) is not None:
            report.existing.append(data["id"])
            continue
        save_item(data, "practice", source="import", status="draft")
        report.saved.append(data["id"])
    return report
