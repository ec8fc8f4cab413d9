"""Figures measured inside one process: grading speed, analytics, the bank sync."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import graders_bench
from bench_server import REPO

from app.extensions import db


@dataclass(frozen=True)
class Figure:
    """One in-process measurement, with its target when the brief sets one."""

    name: str
    value: str
    target: str = ""
    holds: bool | None = None


def grading_rate(seconds: float) -> Figure:
    """Five-answer rankings graded per second by graders/ (benchmarks/graders_bench.py)."""
    rate = graders_bench.measure(seconds)
    return Figure(
        "graders/: rankings graded per second", f"{rate:,.0f}", "≥ 50,000", rate >= 50_000
    )


def _timed(label: str, call: Callable[[], object], limit_s: float, repeats: int) -> Figure:
    """Wall time of ``call()`` over all attempts: the first (cold) run and the best of the rest."""
    from sqlalchemy import func, select

    from app.models import Attempt

    attempts = db.session.scalar(select(func.count()).select_from(Attempt)) or 0
    times = []
    for _ in range(repeats):
        db.session.rollback()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    best, cold = min(times), times[0]
    return Figure(
        f"{label} over {attempts:,} attempts",
        f"{best:.3f} s (first run {cold:.3f} s)",
        f"< {limit_s:g} s",
        best < limit_s,
    )


def analytics_time(exercise_id: int, limit_s: float, repeats: int = 3) -> Figure:
    """Wall time of ``item_detail`` on the busiest item."""
    from app.services.analytics.analytics import item_detail

    return _timed(
        f"item analytics (item {exercise_id})", lambda: item_detail(exercise_id), limit_s, repeats
    )


@contextmanager
def analytics_cache_off() -> Iterator[None]:
    """Bypass the per-process analytics cache, then put the app's setting back."""
    from flask import current_app

    config = current_app.config
    saved = config.get("ANALYTICS_CACHE_SECONDS")
    config["ANALYTICS_CACHE_SECONDS"] = 0
    try:
        yield
    finally:
        if saved is None:
            config.pop("ANALYTICS_CACHE_SECONDS")
        else:
            config["ANALYTICS_CACHE_SECONDS"] = saved


def trends_time(limit_s: float, repeats: int = 3) -> Figure:
    """Wall time of ``criterion_trends`` for all students with the analytics cache bypassed:
    the target is the query over the weekly rollup, not a dictionary lookup."""
    from app.services.analytics.analytics import criterion_trends

    label = "criterion trends, all students, uncached,"
    with analytics_cache_off():
        return _timed(label, criterion_trends, limit_s, repeats)


def _school(args: list[str], url: str) -> float:
    """Run a ``school`` command against ``url`` and return its wall time."""
    env = {**os.environ, "DATABASE_URL": url, "SCHOOL_ENV": "development"}
    start = time.perf_counter()
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "school"), *args], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - start


def bank_sync_times() -> list[Figure]:
    """``school exercises sync`` of the whole bank into an empty database, then a no-op resync."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'sync.db'}"
        _school(["db", "upgrade"], url)
        _school(["--help"], url)  # warm the interpreter's file cache before timing
        first = _school(["exercises", "sync"], url)
        again = _school(["exercises", "sync"], url)
    return [
        Figure("`school exercises sync`, whole bank, empty SQLite database", f"{first:.2f} s"),
        Figure("`school exercises sync`, nothing changed", f"{again:.2f} s"),
    ]
