"""Exam item statistics and reliability from graded sittings (never from practice attempts).

An exam item's score is the share of its judgements the candidate agreed with (stored on the
exam item when it was graded), falling back to the item's stored score for sittings graded
before judgements existed. Discrimination uses one sitting per student per item (their first);
reliability goes by item identity: per group of sittings that hold the same items when such
groups are large enough, otherwise estimated from pairwise item covariances (random forms).
The numbers are computed by ``graders.item_stats``; this module only gathers the rows.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import g, has_request_context
from sqlalchemy import select

from app.models import ExamItem, ExamSession, db
from app.services.analytics.analytics_sql import cached
from graders.item_stats import (
    FormReliability,
    ItemStat,
    item_statistics,
    pooled_reliability,
    random_form_alpha,
    reliability_by_form,
    share_agreed,
)

FINISHED = ("passed", "failed")
MAX_SESSIONS = 2_000
MIN_FORM_SITTINGS = 5  # fewer sittings of one form give no usable alpha
STREAM_ROWS = 500  # rows per fetch: 2,000 left 8 MB more resident in a worker at scale


@dataclass
class Sitting:
    """One graded exam session's item scores and judgement-level agreement."""

    user_id: int
    blueprint: str
    finished_at: datetime | None
    passed: bool
    items: dict[int, float] = field(default_factory=dict)
    judgements: dict[tuple[int, str], float] = field(default_factory=dict)


@dataclass(frozen=True)
class Reliability:
    """A blueprint's reliability and how it was computed."""

    method: str  # "forms" | "pairwise" | "none"
    alpha: float | None
    kr20: float | None
    forms: list[FormReliability]
    sittings: int
    form_length: int


def _judgement_cells(exercise_id: int, judgements: Any) -> dict[tuple[int, str], float]:
    """Judgement-level 0/1 cells keyed by (item, judgement key)."""
    cells: dict[tuple[int, str], float] = {}
    for row in judgements if isinstance(judgements, list) else ():
        if isinstance(row, dict) and "key" in row:
            # Keys repeat across sittings: one shared string each, not one per cell.
            cells[(exercise_id, sys.intern(str(row["key"])))] = float(bool(row.get("agreed")))
    return cells


def _load_sittings(with_judgements: bool) -> dict[int, Sitting]:
    """The most recent graded sittings with their item scores: one query, read in batches.

    Only reliability needs the judgement-level cells (hundreds of thousands at scale): the item
    pages and tables read item scores alone. Rows are streamed, so each item's judgements are
    parsed and dropped in turn rather than all held at once (that held ~270 MB per worker at
    2,000 sittings).
    """
    recent = (
        select(ExamSession.id)
        .where(ExamSession.status.in_(FINISHED))
        .order_by(ExamSession.finished_at.desc(), ExamSession.id.desc())
        .limit(MAX_SESSIONS)
    )
    stmt = (
        select(
            ExamSession.id,
            ExamSession.user_id,
            ExamSession.blueprint_slug,
            ExamSession.finished_at,
            ExamSession.status,
            ExamItem.exercise_id,
            ExamItem.score,
            ExamItem.result["judgements"],
        )
        .join(ExamItem, ExamItem.session_id == ExamSession.id)
        .where(ExamSession.id.in_(recent))
        .order_by(ExamSession.finished_at, ExamSession.id)
        .execution_options(yield_per=STREAM_ROWS)
    )
    sittings: dict[int, Sitting] = {}
    for sid, user, slug, finished, status, exercise_id, stored, judgements in db.session.execute(
        stmt
    ):
        sitting = sittings.setdefault(sid, Sitting(user, slug, finished, status == "passed"))
        score = share_agreed(judgements if isinstance(judgements, list) else None, stored)
        if score is not None:
            sitting.items[exercise_id] = score
            if with_judgements:
                sitting.judgements.update(_judgement_cells(exercise_id, judgements))
    return sittings


def sittings(with_judgements: bool = False) -> dict[int, Sitting]:
    """Recent graded sittings by session id: loaded once per request, cached like analytics."""
    attribute = "exam_sittings_judged" if with_judgements else "exam_sittings"
    if has_request_context() and hasattr(g, attribute):
        return getattr(g, attribute)  # type: ignore[no-any-return]
    rows = cached(("exam-sittings", with_judgements), lambda: _load_sittings(with_judgements))
    if has_request_context():
        setattr(g, attribute, rows)
    return rows


def first_per_student(rows: dict[int, Sitting]) -> dict[int, Mapping[int, float]]:
    """Sittings reduced to each student's first response to each item (sessions in time order).

    A sitting that repeats none of its student's items is returned as it is, not copied (read
    it, never change it): a set of (student, item) pairs and a copy of every sitting held
    ~8 MB at 2,000 sittings, kept as the worker's resident memory after the page.
    """
    seen: dict[int, set[int]] = defaultdict(set)
    kept: dict[int, Mapping[int, float]] = {}
    ordered = sorted(rows.items(), key=lambda kv: (kv[1].finished_at is None, kv[1].finished_at))
    for sid, sitting in ordered:
        earlier = seen[sitting.user_id]
        own: Mapping[int, float] = sitting.items
        if not earlier.isdisjoint(own):
            own = {item: score for item, score in own.items() if item not in earlier}
        earlier.update(sitting.items)
        if own:
            kept[sid] = own
    return kept


def item_stats() -> dict[Hashable, ItemStat]:
    """p, corrected r and review flags of every exam item that was sat (cached like analytics:
    one item's page needs one entry, and computing them all took 0.2 s)."""
    return cached(("exam-item-stats",), lambda: item_statistics(first_per_student(sittings())))


def _cells(rows: list[Sitting], judgements: bool) -> list[tuple[int, Hashable, float]]:
    """(sitting, column, score) rows: item scores, or judgement-level 0/1 cells."""
    return [
        (n, column, score)
        for n, sitting in enumerate(rows)
        for column, score in (sitting.judgements if judgements else sitting.items).items()
    ]


def reliability(blueprint: str) -> Reliability:
    """Alpha on item scores and KR-20 on judgements, by item identity, for one blueprint."""
    rows = [s for s in sittings(True).values() if s.blueprint == blueprint and s.items]
    length = round(sum(len(s.items) for s in rows) / len(rows)) if rows else 0
    forms = reliability_by_form(_cells(rows, False), MIN_FORM_SITTINGS)
    if forms:
        kr = reliability_by_form(_cells(rows, True), MIN_FORM_SITTINGS)
        return Reliability(
            "forms", pooled_reliability(forms), pooled_reliability(kr), forms, len(rows), length
        )
    alpha = random_form_alpha([s.items for s in rows], length) if len(rows) > 1 else None
    return Reliability(
        "pairwise" if alpha is not None else "none", alpha, None, [], len(rows), length
    )


def blueprints() -> list[str]:
    """Blueprints with graded sittings, sorted."""
    return sorted({s.blueprint for s in sittings().values()})


def verdicts(blueprint: str) -> list[tuple[int, float, bool]]:
    """(student, finish time in days, passed) of every recent sitting of a blueprint."""
    return [
        (s.user_id, s.finished_at.timestamp() / 86_400, s.passed)
        for s in sittings().values()
        if s.blueprint == blueprint and s.finished_at is not None
    ]
