"""SQL helpers for the analytics service: portable week and month buckets, a short result cache.

Global analytics scan every recent attempt (about three seconds on PostgreSQL at a million
attempts), so their results are kept per process for ``ANALYTICS_CACHE_SECONDS`` (default five
minutes; off under testing). Nothing in them is personal or needs to be live.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from datetime import date, datetime
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement

from app.models import db

T = TypeVar("T")
DEFAULT_TTL = 300
_CACHE: dict[tuple[Hashable, ...], tuple[float, Any]] = {}


def week_start(column: Any) -> ColumnElement[Any]:
    """The Monday starting a timestamp's week (format it with ``week_label``)."""
    if db.engine.dialect.name == "postgresql":
        return func.date_trunc("week", column)  # grouping by the timestamp beats a string
    return func.date(column, "weekday 0", "-6 days")


def week_label(value: Any) -> str:
    """'YYYY-MM-DD' for a week start from either database."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def cached(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, reused for a few minutes per database and key."""
    default = 0 if current_app.testing else DEFAULT_TTL
    ttl = float(current_app.config.get("ANALYTICS_CACHE_SECONDS", default))
    if ttl <= 0:
        return compute()
    full_key = (str(db.engine.url), *key)
    now = time.monotonic()
    hit = _CACHE.get(full_key)
    if hit is not None and now - hit[0] < ttl:
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    _CACHE[full_key] = (now, value)
    return value


def month_start(column: Any) -> ColumnElement[Any]:
    """The first day of a timestamp's month (format it with ``month_label``)."""
    if db.engine.dialect.name == "postgresql":
        return func.date_trunc("month", column)
    return func.date(column, "start of month")


def month_label(value: Any) -> str:
    """'YYYY-MM' for a month start from either database."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m")
    return str(value)[:7]
