"""Reading exam blueprints (``exercises/blueprints/<slug>.yaml``) into graders' Blueprints."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from flask import current_app

from graders.blueprint import Blueprint, BlueprintError, blueprint_from_dict

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


def blueprint_problems() -> list[str]:
    """What is wrong with each invalid blueprint file (for a content check)."""
    return list(_snapshot()[1])


def get_blueprint(slug: str) -> Blueprint | None:
    """One blueprint by slug, or None."""
    return load_blueprints().get(slug)
