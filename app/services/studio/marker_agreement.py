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


def _marks() -> dict[int, dict[str, tuple[int, int]]]:
    """Every script's marks: item id → role → (marker id, mark), in one query."""
    marks: dict[int, dict[str, tuple[int, int]]] = {}
    rows = db.session.execute(
        select(
            ReferenceMark.exam_item_id,
            ReferenceMark.role,
            ReferenceMark.marker_id,
            ReferenceMark.likert,
        )
    )
    for item_id, role, marker_id, likert in rows:
        marks.setdefault(item_id, {})[role] = (marker_id, likert)
    return marks


def agreement_table() -> tuple[list[MarkerRow], float | None]:
    """Per-marker agreement with the others, and interval alpha over first and second marks."""
    marks = _marks()
    units = [
        {marker_id: likert for marker_id, likert in roles.values()}
        for roles in marks.values()
        if len(roles) >= 2  # a script with one mark shows no agreement yet
    ]
    found = marker_agreement([{str(k): v for k, v in unit.items()} for unit in units])
    ids = [int(k) for k in found]
    names = {}
    if ids:
        named = select(User.id, User.display_name).where(User.id.in_(ids))
        names = {user_id: name for user_id, name in db.session.execute(named)}
    scripts = {i: sum(i in unit for unit in units) for i in ids}
    rows = [
        MarkerRow(names.get(int(k), "?"), scripts[int(k)], a.pairs, a.exact, a.adjacent, a.alpha)
        for k, a in found.items()
    ]
    rows.sort(key=lambda r: (r.name.lower(), r.pairs))
    return rows, _first_second_alpha(marks)


def _first_second_alpha(marks: dict[int, dict[str, tuple[int, int]]]) -> float | None:
    """Interval alpha of the two blind marks over every double-marked script."""
    both = [roles for roles in marks.values() if "first" in roles and "second" in roles]
    if not both:
        return None
    return krippendorff_alpha_interval(
        [[r["first"][1] for r in both], [r["second"][1] for r in both]]
    )
