"""Syncing every kind of repository content in one call (used by ``school demo``)."""

from __future__ import annotations

from collections.abc import Iterator


def sync_everything() -> Iterator[str]:
    """Load courses, then the exercise bank; yields one report line per step."""
    yield "content sync: nothing to load yet"
