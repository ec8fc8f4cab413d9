"""How well each instructor's blind reference marks agree with the other markers' marks."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.models import ReferenceMark, User, db
from graders.agreement import krippendorff_alpha_interval, marker_agreement


@dataclass(frozen=True)
class MarkerRow:
    """One marker's line in the studio's agreement table."""

    name: str
    scripts: int
    pairs: int
    exact: float | None
    adjacent: float | None
    alpha: float | None


def _units() -> list[dict[int, int]]:
    """Each script's marks by marker id (scripts with one mark show no agreement yet)."""
    units: dict[int, dict[int, int]] = {}
    rows = db.session.execute(
        select(ReferenceMark.exam_item_id, ReferenceMark.marker_id, ReferenceMark.likert)
    )
    for item_id, marker_id, likert in rows:
        units.setdefault(item_id, {})[marker_id] = likert
    return [unit for unit in units.values() if len(unit) >= 2]


def agreement_table() -> tuple[list[MarkerRow], float | None]:
    """Per-marker agreement with the others, and interval alpha over first and second marks."""
    units = _units()
    found = marker_agreement([{str(k): v for k, v in unit.items()} for unit in units])
    ids = [int(k) for k in found]
    named = select(User.id, User.display_name).where(User.id.in_(ids))
    names = {user_id: name for user_id, name in db.session.execute(named)}
    scripts = {i: sum(i in unit for unit in units) for i in ids}
    rows = [
        MarkerRow(names.get(int(k), "?"), scripts[int(k)], a.pairs, a.exact, a.adjacent, a.alpha)
        for k, a in found.items()
    ]
    rows.sort(key=lambda r: (r.name.lower(), r.pairs))
    return rows, _first_second_alpha()


def _first_second_alpha() -> float | None:
    """Interval alpha of the two blind marks over every double-marked script."""
    rows = db.session.execute(
        select(ReferenceMark.exam_item_id, ReferenceMark.role, ReferenceMark.likert).where(
            ReferenceMark.role.in_(("first", "second"))
        )
    )
    pairs: dict[int, dict[str, int]] = {}
    for item_id, role, likert in rows:
        pairs.setdefault(item_id, {})[role] = likert
    both = [p for p in pairs.values() if len(p) == 2]
    if not both:
        return None
    return krippendorff_alpha_interval([[p["first"] for p in both], [p["second"] for p in both]])
