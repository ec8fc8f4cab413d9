"""Weekly practice totals per student, kept by a flush listener like a database trigger.

``criterion_trends`` sums these rows instead of scanning every attempt. Each flush that
inserts, rescores or deletes ``Attempt`` rows through the ORM adds its change to the
(student, week) row in the same transaction, with one upsert per touched row; bulk inserts
that bypass the ORM (seed-scale) end with ``rebuild_rollups``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, ForeignKey, Index, String, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.models.attempt import Attempt
from app.models.base import db, utcnow

CRITERIA = ("ethics", "accuracy", "relevance", "quality")


class PracticeWeekRollup(db.Model):
    """One student's practice in one week: attempts, and per criterion a score sum and count."""

    __tablename__ = "practice_week_rollups"
    __table_args__ = (Index("ix_practice_week_rollups_week", "week"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    week: Mapped[str] = mapped_column(String(10), primary_key=True)  # the Monday, YYYY-MM-DD
    attempts: Mapped[int] = mapped_column(default=0)
    ethics_sum: Mapped[float] = mapped_column(default=0.0)
    ethics_n: Mapped[int] = mapped_column(default=0)
    accuracy_sum: Mapped[float] = mapped_column(default=0.0)
    accuracy_n: Mapped[int] = mapped_column(default=0)
    relevance_sum: Mapped[float] = mapped_column(default=0.0)
    relevance_n: Mapped[int] = mapped_column(default=0)
    quality_sum: Mapped[float] = mapped_column(default=0.0)
    quality_n: Mapped[int] = mapped_column(default=0)


def monday(moment: datetime | None) -> str:
    """The week key of a timestamp: its Monday as YYYY-MM-DD (as SQL's week start)."""
    moment = moment or utcnow()
    return (moment.date() - timedelta(days=moment.weekday())).isoformat()


def _contribution(scores: dict[str, Any] | None, sign: int) -> dict[str, float]:
    """What one attempt's criterion scores add to (sign 1) or take from (-1) a row."""
    out: dict[str, float] = {}
    for name in CRITERIA:
        value = (scores or {}).get(name)
        if value is not None:
            out[f"{name}_sum"] = sign * float(value)
            out[f"{name}_n"] = sign
    return out


def _old(obj: Attempt, attr: str) -> tuple[bool, Any]:
    """(changed, value before the flush) of an attribute."""
    history = inspect(obj).attrs[attr].history
    if not history.has_changes():
        return False, None
    return True, history.deleted[0] if history.deleted else None


Deltas = dict[tuple[int, str], dict[str, float]]


def _no_deltas() -> Deltas:
    """An empty change: rows and figures appear at zero when first added to."""
    return defaultdict(lambda: defaultdict(float))


def _add(deltas: Deltas, attempt: Attempt, change: dict[str, float], count: int) -> None:
    """Add one attempt's change (and ``count`` attempts) to its (student, week) row."""
    row = deltas[(attempt.user_id, monday(attempt.created_at))]
    row["attempts"] += count
    for key, value in change.items():
        row[key] += value


def _deltas(session: Session) -> Deltas:
    """Per (student, week), the change this flush makes to the rollup."""
    deltas = _no_deltas()
    for obj in session.new:
        if isinstance(obj, Attempt):
            _add(deltas, obj, _contribution(obj.criterion_scores, 1), 1)
    for obj in session.deleted:
        if isinstance(obj, Attempt):
            _add(deltas, obj, _contribution(obj.criterion_scores, -1), -1)
    for obj in session.dirty:
        if isinstance(obj, Attempt) and obj not in session.new:
            changed, before = _old(obj, "criterion_scores")
            if changed:
                change = _contribution(before, -1)
                for key, value in _contribution(obj.criterion_scores, 1).items():
                    change[key] = change.get(key, 0.0) + value
                _add(deltas, obj, change, 0)
    return deltas


@lru_cache(maxsize=1)
def _totals() -> tuple[str, ...]:
    """The rollup's figures: every column but the (student, week) key."""
    key = ("user_id", "week")
    return tuple(c.name for c in PracticeWeekRollup.__table__.columns if c.name not in key)


@lru_cache(maxsize=2)
def _upsert_statement(dialect: str) -> Any:
    """The dialect's INSERT … ON CONFLICT adding to the stored figures, built once per process.

    Building it on every submit (one expression per figure) was a tenth of the submit's time.
    """
    table = PracticeWeekRollup.__table__
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table)
    return stmt.on_conflict_do_update(
        index_elements=["user_id", "week"],
        set_={name: table.c[name] + stmt.excluded[name] for name in _totals()},
    )


def upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Add each row's figures to the stored (student, week) row, creating it if missing."""
    upsert_on(session.connection(), rows)


def upsert_on(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """``upsert`` on a Core connection (the benchmark's floor app runs the site's statement)."""
    stmt = _upsert_statement(connection.dialect.name)
    zeros = dict.fromkeys(_totals(), 0)
    connection.execute(stmt, [{**zeros, **row} for row in rows])


def add_inserted_attempt(session: Session, attempt: Attempt) -> None:
    """Fold one attempt inserted without the unit of work (a practice submit) into its week.

    The flush listener below only sees attempts the ORM flushes; this is its insert case.
    """
    deltas = _no_deltas()
    _add(deltas, attempt, _contribution(attempt.criterion_scores, 1), 1)
    _store(session, deltas)


def _store(session: Session, deltas: Deltas) -> None:
    """Upsert every (student, week) row the deltas change."""
    rows = [
        {"user_id": user_id, "week": week, **{k: _typed(k, v) for k, v in change.items()}}
        for (user_id, week), change in deltas.items()
        if any(change.values())
    ]
    if rows:
        upsert(session, rows)


def _typed(key: str, value: float) -> float | int:
    """Counts are integers (PostgreSQL would otherwise add a float to an integer column)."""
    return value if key.endswith("_sum") else round(value)


@event.listens_for(Session, "after_flush")
def _keep_rollup(session: Session, _context: Any) -> None:
    """Fold the flushed attempts into the weekly rollup (same transaction)."""
    if not any(isinstance(o, Attempt) for o in (*session.new, *session.dirty, *session.deleted)):
        return
    _store(session, _deltas(session))
