"""Running the exam simulation on the live pool: the published exam items in the database.

The simulation reads the same pool the exam service draws from (``school exercises sync`` puts
the files there, studio-authored exam items join them), so its figures describe the exam
students actually sit. ``source="files"`` reads the exam pool folder instead (every valid file),
for a check while authors are still editing. Exposure history is ignored: every form is an
independent draw.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from app.models import Exercise, db
from app.services.certification.blueprints import exam_items, get_blueprint, load_blueprints
from app.services.certification.exam_pool import current_versions
from app.services.practice.exercise_bank import item_for_version
from graders.blueprint import Blueprint
from graders.exam import DrawError
from graders.item import Item
from graders.simulation_run import SimulationConfig, SimulationReport, simulate


class SimulationError(ValueError):
    """The simulation cannot run (unknown blueprint, a pool too small for the draw)."""


def live_pool() -> dict[str, Item]:
    """Published exam items by id, as graded today (their current versions)."""
    exercises = list(
        db.session.scalars(
            select(Exercise).where(Exercise.pool == "exam", Exercise.status == "published")
        )
    )
    versions = current_versions(exercises)
    return {e.uid: item_for_version(versions[e.id]) for e in exercises if e.id in versions}


def chosen_blueprints(slug: str | None) -> list[Blueprint]:
    """One blueprint by slug, or every blueprint."""
    if slug is None:
        return list(load_blueprints().values())
    blueprint = get_blueprint(slug)
    if blueprint is None:
        raise SimulationError(f"there is no blueprint {slug!r}")
    return [blueprint]


def run_simulation(
    blueprint: Blueprint, config: SimulationConfig, source: str = "db", language: str = "en"
) -> SimulationReport:
    """Simulate one blueprint in one language on the live pool (or the pool's files).

    Forms are drawn in one language, so each language is its own instrument and is measured
    on its own items; the report names the language unless it is English.
    """
    every = live_pool() if source == "db" else exam_items()
    items = {uid: item for uid, item in every.items() if item.language == language}
    if not items:
        raise SimulationError(
            f"the exam pool has no items in '{language}': run `school exercises sync` first"
        )
    try:
        report = simulate(items, blueprint, config)
    except DrawError as error:
        raise SimulationError(f"{blueprint.slug} ({language}): {error}") from None
    if language == "en":
        return report
    return replace(report, blueprint=f"{report.blueprint} (language: {language})")
