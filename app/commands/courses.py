"""``school courses …``: check the course files and load them into the database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.content import ContentError, load_courses
from app.content.course_report import course_lines, stale_facts
from app.extensions import db
from app.services.learning.course_sync import sync_courses


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


@courses.command("check")
@click.option(
    "--path",
    "path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Courses folder (default: the COURSES_DIR setting).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge staleness as of this date (default: today).",
)
@click.option("--strict", is_flag=True, help="Exit 1 when a fact is more than a year old.")
@with_appcontext
def check(path: Path | None, today: datetime | None, strict: bool) -> None:
    """Check the course files; print lessons and words per course and facts checked > 1 year ago."""
    root = path if path is not None else Path(current_app.config["COURSES_DIR"])
    try:
        loaded = load_courses(root)
    except ContentError as error:
        raise click.ClickException(str(error)) from error
    for line in course_lines(loaded):
        click.echo(line)
    day = today.date() if today is not None else date.today()
    stale = stale_facts(loaded, day)
    click.echo(f"Facts checked more than a year before {day.isoformat()}: {len(stale)}")
    for fact in stale:
        click.echo(f"  {fact.path}: checked {fact.checked_on.isoformat()}: {fact.claim} "
                   f"({fact.source})")
    if stale and strict:
        raise SystemExit(1)


commands = [courses]
