"""``school summaries rebuild``: backfill the dashboard's per-student summary rows."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from app.services.student_summary import rebuild_all


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


commands = [summaries]
