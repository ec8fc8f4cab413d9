"""``school backup`` and ``school restore``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.services.common.backup import BackupError, read_backup, write_backup


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Write a consistent snapshot of every table to PATH (JSON Lines; .gz to compress)."""
    counts = write_backup(path)
    click.echo(f"Wrote {sum(counts.values())} rows from {len(counts)} tables to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore(path: Path) -> None:
    """Load a snapshot into an empty database migrated to the snapshot's schema."""
    try:
        counts = read_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {sum(counts.values())} rows into {len(counts)} tables.")


commands = [backup, restore]
