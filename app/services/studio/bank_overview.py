"""The studio's view of the bank: filtered listings and the counts that need attention."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Select, func, select

from app.models import Attempt, Exercise, db
from graders import KINDS

FILTERS: Mapping[str, tuple[str, ...]] = {
    "pool": ("practice", "exam"),
    "status": ("draft", "published", "archived"),
    "kind": tuple(KINDS),
}


def chosen_filters(args: Mapping[str, str]) -> dict[str, str]:
    """Only the filter values the bank knows; anything else is ignored."""
    return {name: args[name] for name in FILTERS if args.get(name, "") in FILTERS[name]}


def exercises_matching(chosen: Mapping[str, str], query: str) -> Select[tuple[Exercise]]:
    """Bank items, newest edit first, narrowed by filters and an id/title search."""
    stmt = select(Exercise).order_by(Exercise.updated_at.desc(), Exercise.id.desc())
    for name, value in chosen.items():
        stmt = stmt.where(getattr(Exercise, name) == value)
    if query:
        stmt = stmt.where(Exercise.uid.contains(query) | Exercise.title.ilike(f"%{query}%"))
    return stmt


def attention_counts() -> dict[str, int]:
    """Drafts, calibration flags and pending reviews: what instructors should look at next."""
    count = select(func.count())
    return {
        "drafts": db.session.scalar(count.where(Exercise.status == "draft")) or 0,
        "flagged": db.session.scalar(count.where(Exercise.calibration_flagged.is_(True))) or 0,
        "pending": db.session.scalar(count.where(Attempt.review_status == "pending")) or 0,
    }


def whole_bank() -> list[Exercise]:
    """Every item, by pool and id, for exporting the bank."""
    return list(db.session.scalars(select(Exercise).order_by(Exercise.pool, Exercise.uid)))
