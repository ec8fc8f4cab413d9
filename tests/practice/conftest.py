"""Fixtures for the practice area: the real bank, synced, and one real item of each kind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.content.exercises import load_pool
from app.extensions import db
from app.models import Attempt, Exercise
from tests.conftest import PRACTICE_DIR

REPO = Path(__file__).resolve().parents[2]
EXTERNAL = REPO / ".." / "shared" / "data" / "external"


@pytest.fixture(scope="session")
def real_practice_items() -> list[dict[str, Any]]:
    """Every item mapping of the real practice pool."""
    return [item.data for item in load_pool(PRACTICE_DIR)]


@pytest.fixture(scope="session")
def first_of_kind(real_practice_items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The first real practice item of each kind."""
    found: dict[str, dict[str, Any]] = {}
    for data in real_practice_items:
        found.setdefault(data["kind"], data)
    return found


@pytest.fixture
def item_of_kind(
    make_exercise: Callable[..., Any], first_of_kind: dict[str, dict[str, Any]]
) -> Callable[[str], Any]:
    """Store the first real practice item of a kind; returns the SaveOutcome."""

    def factory(kind: str, pool: str = "practice", status: str = "published") -> Any:
        data = dict(first_of_kind[kind])
        if pool == "exam":
            data["id"] = "ex-" + data["id"].removeprefix("pr-")
        return make_exercise(data, pool=pool, status=status)

    return factory


def attempt_count() -> int:
    """How many attempts exist (to prove a refused submission recorded nothing)."""
    return db.session.query(Attempt).count()


def exercise_by_uid(uid: str) -> Exercise:
    """Look up an exercise row."""
    return db.session.query(Exercise).filter_by(uid=uid).one()
