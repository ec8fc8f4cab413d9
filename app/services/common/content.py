"""Syncing every kind of repository content in one call (used by ``school demo``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from flask import current_app


def sync_everything() -> Iterator[str]:
    """Load courses, then the exercise bank; yields one report line per step."""
    from app.services.learning.course_sync import sync_courses

    yield sync_courses(Path(current_app.config["COURSES_DIR"])).summary()

    from app.services.practice.bank_sync import bank_dirs, sync_bank

    yield sync_bank(*bank_dirs()).summary()
