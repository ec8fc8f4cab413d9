"""``school seed-scale``: fill a database with realistic synthetic data for benchmarks."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from app.extensions import db
from app.seed_scale.run import ScaleError, ScaleSpec
from app.seed_scale.seed import seed_scale


@click.command("seed-scale")
@click.option("--students", default=20_000, show_default=True, type=click.IntRange(1))
@click.option("--attempts", default=1_000_000, show_default=True, type=click.IntRange(0))
@click.option("--exam-sessions", default=30_000, show_default=True, type=click.IntRange(0))
@click.option("--certificates", default=5_000, show_default=True, type=click.IntRange(0))
@click.option("--instructors", default=10, show_default=True, type=click.IntRange(1))
@click.option("--seed", default=2026, show_default=True, help="Same seed, same data.")
@with_appcontext
def seed_scale_command(
    students: int, attempts: int, exam_sessions: int, certificates: int, instructors: int, seed: int
) -> None:
    """Sync the real content, then generate students, progress, attempts, exams, certificates.

    Use a fresh database: synthetic accounts share one password, printed with the users step.
    """
    if current_app.config["PRODUCTION"]:
        raise click.UsageError("seed-scale never runs in production.")
    spec = ScaleSpec(
        students=students,
        attempts=attempts,
        exam_sessions=exam_sessions,
        certificates=certificates,
        instructors=instructors,
        seed=seed,
    )
    start = time.perf_counter()
    try:
        for line in seed_scale(spec):
            db.session.commit()
            click.echo(f"[{time.perf_counter() - start:7.1f} s] {line}")
    except ScaleError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Done in {time.perf_counter() - start:.1f} s.")


commands = [seed_scale_command]
