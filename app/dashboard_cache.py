"""A student's rendered dashboard, kept per process while nothing it shows has changed.

Rendering the dashboard (a chart, four cards, a dozen dates and percentages) and its eight
queries cost far more than any other student page, yet a student mostly re-opens it unchanged.
Each view now reads one row of counters (``dashboard_stamp``): the summary row and everything
else the page shows that can change. The body rendered for an equal stamp, the same reader
(user id and session token), language, day and mount point is served again; any difference
renders it afresh. Within ``DASHBOARD_RECHECK_SECONDS`` (5 s, the user cache's window) of the
last check, a re-view in the same browser session is served without even that row, unless the
session has posted anything since (each POST by a signed-in user bumps a *write epoch* in the
signed session cookie, as the progress cache's epoch works). What keeps a kept body honest:

- The student's own writes (every one is a POST) show on the next view in every worker.
- Writes by anyone else (a review, a revocation, an exam graded) change the stamp: they show
  on the next view checked against it, within 5 s.
- A certificate shown as valid is kept only until its expiry (the one input that changes
  with the clock alone); the day in the key covers the weekly chart's cut-off and dates.
- What is the same for everyone is not in the stamp: courses and lessons (titles, what is
  published) and superseded guidelines. As on the lesson page, a write in this process empties
  the cache at once; other workers follow within ``DASHBOARD_CACHE_SECONDS`` (60 s from
  rendering: a recheck does not extend it).
- Entries are bounded (``MAX_ENTRIES``): a few hundred bodies of 10–20 KB each.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from flask import Flask, Response, current_app, request, session
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
from app.observability import loaded_user_id
from app.process_cache import TimedCache, app_cache, clear_on_write

DEFAULT_SECONDS = 60.0
RECHECK_SECONDS = 5.0
EPOCH = "write_epoch"
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
    rendered_at: float  # the cache's clock at rendering (a recheck must not extend the TTL)
    checked_at: float  # the cache's clock when the stamp was last read and found equal
    epoch: int  # the session's write epoch then


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


def _epoch() -> int:
    value = session.get(EPOCH, 0)
    return value if isinstance(value, int) else 0


def _current(cache: TimedCache, user_id: int) -> KeptBody | None:
    """The entry if rendered for this reader within the TTL, with no certificate on it expired."""
    found: KeptBody | None = cache.get(str(user_id))
    if found is None or found.reader != _reader():
        return None
    ttl = float(current_app.config.get("DASHBOARD_CACHE_SECONDS", DEFAULT_SECONDS))
    if cache.clock() - found.rendered_at >= ttl:
        return None
    if found.valid_until is not None and utcnow() >= found.valid_until:
        return None
    return found


def recently_checked_body(user_id: int) -> str | None:
    """The body if its stamp was found equal moments ago and this session has not posted since.

    No query: what the session wrote itself bumped the epoch; others' writes wait for the next
    check, at most ``DASHBOARD_RECHECK_SECONDS`` away.
    """
    cache = dashboard_cache(current_app)
    found = _current(cache, user_id) if cache is not None else None
    if found is None or found.epoch != _epoch():
        return None
    window = float(current_app.config.get("DASHBOARD_RECHECK_SECONDS", RECHECK_SECONDS))
    return found.html if cache.clock() - found.checked_at < window else None


def kept_body(user_id: int, stamp: tuple[Any, ...] | None) -> str | None:
    """The body rendered for this stamp and reader, if this process kept it and it is current."""
    cache = dashboard_cache(current_app)
    if cache is None or stamp is None:
        return None
    found = _current(cache, user_id)
    if found is None or found.stamp != stamp:
        return None
    cache.put(str(user_id), replace(found, checked_at=cache.clock(), epoch=_epoch()))
    return found.html


def keep_body(
    user_id: int, stamp: tuple[Any, ...] | None, html: str, valid_until: datetime | None
) -> None:
    """Keep a body just rendered from data read after ``stamp`` was (never from older data)."""
    cache = dashboard_cache(current_app)
    if cache is None or stamp is None:
        return
    now = cache.clock()
    kept = KeptBody(_reader(), stamp, html, valid_until, now, now, _epoch())
    cache.put(str(user_id), kept)


def note_own_writes(response: Response) -> Response:
    """A signed-in user's POST may have changed their dashboard: the next view reads the stamp.

    Asked without a query: ``current_user`` after the view's commit reloaded the whole expired
    user row (a ninth statement on every submit).
    """
    if request.method == "POST" and loaded_user_id() is not None:
        session[EPOCH] = _epoch() + 1
    return response


def init_dashboard_cache(app: Flask) -> None:
    """Give this app its dashboard cache, emptied when this process writes courses or lessons."""
    seconds = float(app.config.get("DASHBOARD_CACHE_SECONDS", DEFAULT_SECONDS))
    if seconds > 0:
        app.extensions[EXTENSION] = TimedCache(seconds, maxsize=MAX_ENTRIES)
        app.after_request(note_own_writes)
    clear_on_write(EXTENSION, WATCHED)
