"""``school courses …``: load the course files into the database."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.content import ContentError
from app.extensions import db
from app.services.course_sync import sync_courses


@click.group("courses")
def courses() -> None:
    """Manage courses and lessons."""


@courses.command("sync")
@click.option(
    "--path",
    "path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Courses folder (default: the COURSES_DIR setting).",
)
@with_appcontext
def sync(path: Path | None) -> None:
    """Create, update or unpublish courses and lessons to match the files."""
    root = path if path is not None else Path(current_app.config["COURSES_DIR"])
    try:
        report = sync_courses(root)
    except ContentError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(report.summary())
    if not report.has_changes:
        click.echo("Everything was already up to date.")


commands = [courses]
