"""A student's rendered dashboard, kept per process while nothing it shows has changed.

Rendering the dashboard (a chart, four cards, a dozen dates and percentages) and its eight
queries cost far more than any other student page, yet a student mostly re-opens it unchanged.
Each view now reads one row of counters (``dashboard_stamp``): the summary row and everything
else the page shows that can change. The body rendered for an equal stamp, the same reader
(user id and session token), language, day and mount point is served again; any difference
renders it afresh. What keeps a kept body honest:

- Writes by anyone, in any worker, change the stamp: the next view renders.
- A certificate shown as valid is kept only until its expiry (the one input that changes
  with the clock alone); the day in the key covers the weekly chart's cut-off and dates.
- Courses and lessons (titles, what is published) are not in the stamp. As on the lesson page,
  a write in this process empties the cache at once; other workers follow within
  ``DASHBOARD_CACHE_SECONDS`` (60 s).
- Entries are bounded (``MAX_ENTRIES``): a few hundred bodies of 10–20 KB each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, current_app, request
from flask_babel import get_timezone, to_user_timezone
from flask_login import current_user

from app.models import (
    Cohort,
    Course,
    CourseTranslation,
    GuidelinesVersion,
    Lesson,
    LessonTranslation,
    Module,
    utcnow,
)
from app.process_cache import TimedCache, app_cache, clear_on_write

DEFAULT_SECONDS = 60.0
MAX_ENTRIES = 500
EXTENSION = "dashboard_cache"
WATCHED = (Course, CourseTranslation, Lesson, LessonTranslation, Module, Cohort, GuidelinesVersion)


@dataclass(frozen=True)
class KeptBody:
    """A rendered body, the stamp and reader it was rendered for, and when it goes stale."""

    reader: tuple[Any, ...]
    stamp: tuple[Any, ...]
    html: str
    valid_until: datetime | None


def dashboard_cache(app: Flask) -> TimedCache | None:
    """This app's dashboard cache (None when ``DASHBOARD_CACHE_SECONDS`` is 0)."""
    return app_cache(app, EXTENSION)


def _reader() -> tuple[Any, ...]:
    """What besides the stamp shapes the body: who reads it, in which language, day and site."""
    from app.i18n import current_language

    now = utcnow()
    return (
        current_user.get_id(),
        current_user.display_name,
        current_user.last_login_at is not None,
        current_language(),
        str(get_timezone()),
        now.date(),
        to_user_timezone(now).date(),
        request.script_root,
    )


def kept_body(user_id: int, stamp: tuple[Any, ...] | None) -> str | None:
    """The body rendered for this stamp and reader, if this process kept it and it is current."""
    cache = dashboard_cache(current_app)
    if cache is None or stamp is None:
        return None
    found: KeptBody | None = cache.get(str(user_id))
    if found is None or found.stamp != stamp or found.reader != _reader():
        return None
    if found.valid_until is not None and utcnow() >= found.valid_until:
        return None
    return found.html


def keep_body(
    user_id: int, stamp: tuple[Any, ...] | None, html: str, valid_until: datetime | None
) -> None:
    """Keep a body just rendered from data read after ``stamp`` was (never from older data)."""
    cache = dashboard_cache(current_app)
    if cache is None or stamp is None:
        return
    cache.put(str(user_id), KeptBody(_reader(), stamp, html, valid_until))


def init_dashboard_cache(app: Flask) -> None:
    """Give this app its dashboard cache, emptied when this process writes courses or lessons."""
    seconds = float(app.config.get("DASHBOARD_CACHE_SECONDS", DEFAULT_SECONDS))
    if seconds > 0:
        app.extensions[EXTENSION] = TimedCache(seconds, maxsize=MAX_ENTRIES)
    clear_on_write(EXTENSION, WATCHED)
