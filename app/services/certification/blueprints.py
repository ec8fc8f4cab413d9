"""Reading exam blueprints (``exercises/blueprints/<slug>.yaml``) into graders' Blueprints."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import yaml
from flask import current_app

from app.content.exercises import LoadedItem, item_problems, load_pool
from graders.blueprint import Blueprint, BlueprintError, blueprint_from_dict
from graders.exam_draw import disjoint_fills, draw_supply, entries_from_items, form_minimums
from graders.item import Item, item_from_dict

# Forms a blueprint must be able to fill from distinct items: two candidates then share few
# items and a retake sees new ones.
DISTINCT_FILLS = 3

LEVEL_ORDER = {"core": 0, "specialisation": 1}


def blueprints_dir() -> Path:
    """The blueprint folder: ``EXAM_BLUEPRINTS_DIR`` if set, else ``<EXERCISES_DIR>/blueprints``."""
    override = current_app.config.get("EXAM_BLUEPRINTS_DIR")
    return Path(override) if override else Path(current_app.config["EXERCISES_DIR"]) / "blueprints"


def _read(path: Path) -> Blueprint:
    """Parse one file; the slug must match the file name."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise BlueprintError([f"invalid YAML: {error}"]) from error
    blueprint = blueprint_from_dict(data)
    if blueprint.slug != path.stem:
        raise BlueprintError([f"slug {blueprint.slug!r} must equal the file name {path.stem!r}"])
    return blueprint


@lru_cache(maxsize=8)
def _load(
    folder: str, stamp: tuple[tuple[str, int], ...]
) -> tuple[dict[str, Blueprint], tuple[str, ...]]:
    """Parse a folder once per set of file modification times."""
    found: dict[str, Blueprint] = {}
    problems: list[str] = []
    for name, _mtime in stamp:
        try:
            blueprint = _read(Path(folder) / name)
        except BlueprintError as error:
            problems += [f"{name}: {p}" for p in error.problems]
            continue
        found[blueprint.slug] = blueprint
    ordered = sorted(found.values(), key=lambda b: (LEVEL_ORDER.get(b.level, 9), b.title))
    return {b.slug: b for b in ordered}, tuple(problems)


def _snapshot() -> tuple[dict[str, Blueprint], tuple[str, ...]]:
    """The parsed folder, re-read whenever a file changes."""
    folder = blueprints_dir()
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return _load(str(folder), tuple((f.name, f.stat().st_mtime_ns) for f in files))


def load_blueprints() -> dict[str, Blueprint]:
    """Every valid blueprint by slug, core first; invalid files are reported in the log."""
    blueprints, problems = _snapshot()
    for problem in problems:
        current_app.logger.warning("exam blueprint skipped: %s", problem)
    return blueprints


def exam_items(loaded: Sequence[LoadedItem] | None = None) -> dict[str, Item]:
    """The valid items of the exam pool files (EXAM_POOL_DIR, else exercises/exam)."""
    if loaded is None:
        from app.services.practice.bank_sync import bank_dirs

        loaded = load_pool(bank_dirs()[1])
    valid = [i for i in loaded if isinstance(i.data, dict) and not item_problems(i)]
    items = (item_from_dict(i.data) for i in valid)
    return {item.id: item for item in items}


def fill_problems(blueprint: Blueprint, items: dict[str, Item]) -> list[str]:
    """Why the pool cannot fill this blueprint's draw DISTINCT_FILLS times in each language.

    A form is drawn in one language only, so each language the blueprint offers needs its own
    items for three distinct forms.
    """
    found = []
    for language in blueprint.languages:
        in_language = {uid: i for uid, i in items.items() if i.language == language}
        found += _fill_problems_in(blueprint, in_language, language)
    return found


def _fill_problems_in(blueprint: Blueprint, items: dict[str, Item], language: str) -> list[str]:
    """Why ``items`` (one language's) cannot fill the draw DISTINCT_FILLS times."""
    entries = entries_from_items(items.values())
    fills = disjoint_fills(entries, blueprint, form_minimums(blueprint), DISTINCT_FILLS)
    if fills >= DISTINCT_FILLS:
        return []
    counts = "; ".join(
        f"{d.kind}{' on ' + ', '.join(d.topics) if d.topics and not d.fallback else ''}: "
        f"{have} in the pool, {DISTINCT_FILLS * d.count} needed"
        for d, have in draw_supply(entries, blueprint)
    )
    return [
        f"{blueprint.slug}.yaml: the exam pool fills this draw only {fills} time(s) from "
        f"distinct items in language '{language}'; it must fill it {DISTINCT_FILLS} times "
        f"({counts})"
    ]


def blueprint_problems(loaded_exam: Sequence[LoadedItem] | None = None) -> list[str]:
    """What is wrong with each blueprint file, and each draw the exam pool cannot fill 3 times."""
    blueprints, problems = _snapshot()
    items = exam_items(loaded_exam)
    found = list(problems)
    for blueprint in blueprints.values():
        found += fill_problems(blueprint, items)
    return found


def get_blueprint(slug: str) -> Blueprint | None:
    """One blueprint by slug, or None."""
    return load_blueprints().get(slug)
