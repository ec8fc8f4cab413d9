"""``school exams simulate``: reliability, decision consistency and the pass curve by simulation.

The ``exams`` group lives with the certificate commands; this module adds to it.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.commands.certificates import exams
from app.services.certification.exam_simulation import (
    SimulationError,
    chosen_blueprints,
    run_simulation,
)
from graders.simulation_report import render_svg, render_text
from graders.simulation_run import SimulationConfig


@exams.command("simulate")
@click.option("--blueprint", "slug", default=None, help="One blueprint slug (default: all).")
@click.option("--candidates", type=click.IntRange(10, 100_000), default=2000, show_default=True)
@click.option("--forms", type=click.IntRange(2, 1000), default=20, show_default=True)
@click.option("--group-size", type=click.IntRange(10, 100_000), default=400, show_default=True,
              help="Candidates per point of the pass curve.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--source", type=click.Choice(["db", "files"]), default="db", show_default=True,
              help="The synced database pool, or the exam pool folder's valid files.")
@click.option("--language", "languages", multiple=True,
              help="Simulate forms in this language (repeatable; default: every language the "
              "blueprint offers).")
@click.option("--svg", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the pass curve as SVG to this file.")
@with_appcontext
def simulate(
    slug: str | None,
    candidates: int,
    forms: int,
    group_size: int,
    seed: int,
    source: str,
    svg: Path | None,
    languages: tuple[str, ...] = (),
) -> None:
    """Simulate candidates of known skill on forms drawn from the live pool; print the figures."""
    config = SimulationConfig(candidates=candidates, forms=forms, group_size=group_size, seed=seed)
    reports, failures = [], []
    try:
        blueprints = chosen_blueprints(slug)
    except SimulationError as error:
        raise click.UsageError(str(error)) from None
    for blueprint in blueprints:
        for language in languages or blueprint.languages:
            try:
                reports.append(run_simulation(blueprint, config, source, language))
            except SimulationError as error:
                failures.append(str(error))
                click.echo(f"Blueprint {blueprint.slug}: cannot simulate: {error}\n")
                continue
            click.echo(render_text(reports[-1]) + "\n")
    if svg is not None and reports:
        svg.write_text(render_svg(reports), encoding="utf-8")
        click.echo(f"Wrote the pass curve to {svg}.")
    if failures:
        raise SystemExit(1)


commands: list[click.Command] = []
