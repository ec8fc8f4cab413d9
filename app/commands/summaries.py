"""``school summaries rebuild`` and ``rollup``: backfill the dashboard and trend summaries."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.services.analytics.practice_rollup import rebuild_rollups
from app.services.learning.student_summary import rebuild_all


@click.group("summaries")
def summaries() -> None:
    """The per-student dashboard summaries (kept on every write; rebuilt here in bulk)."""


@summaries.command("rebuild")
@click.option("--batch", default=200, show_default=True, type=click.IntRange(1))
@with_appcontext
def rebuild_command(batch: int) -> None:
    """Rebuild every student's summary, committing every BATCH students (after seed-scale)."""
    start = time.perf_counter()
    count = rebuild_all(batch)
    click.echo(f"summaries: {count} rebuilt in {time.perf_counter() - start:.1f} s")


@summaries.command("rollup")
@with_appcontext
def rollup_command() -> None:
    """Recompute the weekly practice rollup behind criterion trends from the attempts."""
    start = time.perf_counter()
    rows = rebuild_rollups()
    db.session.commit()
    click.echo(f"practice week rollups: {rows} rows in {time.perf_counter() - start:.1f} s")


commands = [summaries]
