"""Synthetic data at scale (``school seed-scale``): students, progress, practice, exams.

The real courses and exercise bank are synced first; everything else is generated with one
seeded random generator, so the same ``--seed`` gives the same people, answers and scores.
Rows go in through ``bulk_insert`` with ids chosen here; the password is hashed once and
shared by every synthetic student. Each step is a generator step: the caller commits after
each yielded progress line, so the work spans a few transactions, not one per row.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import text

from app.models import db
from app.seed_scale.attempts import seed_attempts
from app.seed_scale.exams import seed_exams
from app.seed_scale.people import seed_progress, seed_users
from app.seed_scale.run import ScaleSpec, ensure_unseeded, load_practice, new_run
from app.services.analytics.practice_rollup import rebuild_rollups
from app.services.common.content import sync_everything


def seed_scale(spec: ScaleSpec) -> Iterator[str]:
    """Sync content, then generate every table; yields a progress line after each step.

    The caller commits after each line (a few large transactions in all).
    """

    ensure_unseeded()
    yield from sync_everything()
    run = new_run(spec)
    load_practice(run)
    yield f"response pools: {sum(len(p.pool.graded) for p in run.practice)} graded responses"
    yield seed_users(run)
    yield seed_progress(run)
    yield from seed_attempts(run)
    yield from seed_exams(run)
    yield rollup_attempts()
    yield refresh_statistics()


def rollup_attempts() -> str:
    """The attempts were inserted around the ORM: sum them into the weekly trend rollup."""
    return f"practice week rollups: {rebuild_rollups()} rows"


def refresh_statistics() -> str:
    """Give the query planner statistics for the new rows.

    Without them PostgreSQL plans the fresh tables as if they were tiny (a dashboard query took
    4.6 s instead of 0.4 ms); autovacuum would catch up later, a benchmark run would not wait.
    """
    db.session.execute(text("ANALYZE"))
    return "planner statistics refreshed (ANALYZE)"
