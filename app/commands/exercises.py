"""``school exercises …``: check, sync and import the exercise bank."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.content.bank_report import bank_report, lesson_names, read_lessons
from app.content.exercises import LoadedItem, check_loaded, load_bank
from app.content.importers import CONVERTERS, ImportResult, import_file, item_to_yaml
from app.extensions import db
from app.services.certification.blueprints import blueprint_problems, load_blueprints
from app.services.practice.bank_sync import SyncError, bank_dirs, save_drafts, sync_bank

FOLDER = click.Path(file_okay=False, path_type=Path)


@click.group("exercises")
def exercises() -> None:
    """Check, sync and import exercise bank items."""


def _folders(practice: Path | None, exam: Path | None) -> tuple[Path, Path]:
    """The folders given on the command line, else the configured ones."""
    default_practice, default_exam = bank_dirs()
    return practice or default_practice, exam or default_exam


def _counts(pools: Mapping[str, list[LoadedItem]]) -> list[str]:
    """Lines counting items per pool, kind, topic and criterion focus."""
    tallies: dict[str, Counter[str]] = {
        "pool": Counter(),
        "kind": Counter(),
        "topic": Counter(),
        "criterion": Counter(),
    }
    for pool, items in pools.items():
        for item in items:
            data = item.data if item.error is None and isinstance(item.data, Mapping) else {}
            criteria = data.get("criteria")
            tallies["pool"][pool] += 1
            tallies["kind"][f"{pool}/{data.get('kind', '?')}"] += 1
            tallies["topic"][str(data.get("topic", "?"))] += 1
            tallies["criterion"].update(map(str, criteria if isinstance(criteria, list) else []))
    return [
        f"{name}: " + ", ".join(f"{key} {count}" for key, count in sorted(tally.items()))
        for name, tally in tallies.items()
    ]


@exercises.command("check")
@click.option("--practice", type=FOLDER, default=None, help="Practice folder (default: config).")
@click.option("--exam", type=FOLDER, default=None, help="Exam folder (default: EXAM_POOL_DIR).")
@click.option("--courses", type=FOLDER, default=None, help="Courses folder (default: config).")
@with_appcontext
def check(practice: Path | None, exam: Path | None, courses: Path | None) -> None:
    """Validate items and blueprints, measure shortcut cues and lesson overlap; 1 on failure."""
    practice_dir, exam_dir = _folders(practice, exam)
    pools = load_bank(practice_dir, exam_dir)
    lessons = read_lessons(courses or Path(current_app.config["COURSES_DIR"]))
    folders = {"practice": practice_dir, "exam": exam_dir}
    problems = check_loaded(pools, folders, lesson_names(lessons))
    problems += blueprint_problems(pools["exam"])
    report = bank_report(pools, lessons, load_blueprints().values())
    _section("Problems", problems)
    _section("Warnings (Markdown that renders wrongly; not failures)", report.warnings)
    for line in _counts(pools) + report.lines:
        click.echo(line)
    _section("Shortcut and overlap failures", report.failures)
    failed = len(problems) + len(report.failures)
    if failed:
        click.echo(f"{failed} problem(s) found.", err=True)
        raise SystemExit(1)
    click.echo("The exercise bank is valid.")


def _section(title: str, lines: list[str]) -> None:
    """Print a titled block of lines, nothing when empty."""
    if lines:
        click.echo(f"{title} ({len(lines)}):")
        for line in lines:
            click.echo(f"  {line}")


@exercises.command("sync")
@click.option("--practice", type=FOLDER, default=None, help="Practice folder (default: config).")
@click.option("--exam", type=FOLDER, default=None, help="Exam folder (default: EXAM_POOL_DIR).")
@with_appcontext
def sync(practice: Path | None, exam: Path | None) -> None:
    """Check the bank, then create, version or archive items to match the files."""
    try:
        report = sync_bank(*_folders(practice, exam))
    except SyncError as error:
        db.session.rollback()
        for problem in error.problems:
            click.echo(problem)
        raise click.ClickException(f"{error}; the database was not changed.") from error
    db.session.commit()
    click.echo(report.summary())
    if report.is_unchanged:
        click.echo("Everything was already up to date.")


def _write_files(result: ImportResult, out: Path) -> None:
    """Write each draft as ``<id>.yaml`` for review, refusing the live bank folders."""
    if out.resolve() in {folder.resolve() for folder in bank_dirs()}:
        raise click.UsageError("--out must be a review folder, not the live bank.")
    out.mkdir(parents=True, exist_ok=True)
    for data in result.items:
        (out / f"{data['id']}.yaml").write_text(item_to_yaml(data), encoding="utf-8")
    click.echo(f"Wrote {len(result.items)} draft file(s) to {out}.")


@exercises.command("import")
@click.option("--source", type=click.Choice(sorted(CONVERTERS)), required=True)
@click.option(
    "--path",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="The source's JSON Lines file.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N items.")
@click.option(
    "--out",
    type=FOLDER,
    default=None,
    help="Write YAML files here instead of saving drafts to the database.",
)
@with_appcontext
def import_(source: str, path: Path, limit: int | None, out: Path | None) -> None:
    """Turn public preference data into draft practice items for instructors to review."""
    try:
        result = import_file(source, path, limit)
    except (OSError, ValueError) as error:
        raise click.ClickException(f"cannot read {path}: {error}") from error
    for reason, count in sorted(result.skipped.items()):
        click.echo(f"skipped {count}: {reason}")
    if out is not None:
        _write_files(result, out)
        return
    report = save_drafts(result.items)
    db.session.commit()
    click.echo(
        f"Saved {len(report.saved)} draft(s); {len(report.existing)} already in the bank were "
        "left alone. Review them in the studio before publishing."
    )


commands = [exercises]
