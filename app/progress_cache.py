"""A student's progress on a lesson they opened moments ago, kept per process and browser session.

Every lesson view read the student's progress row (and wrote it when the last recorded view was
older than ``VIEW_RESOLUTION``). Re-opening the lesson within ``PROGRESS_CACHE_SECONDS`` (5 s,
the user cache's window) serves a plain copy of that row from memory: no query, and no write
either, since the view was recorded moments ago. What keeps the copy honest:

- A copy serves only the user's current session token (random, never reused: a row id reused
  after a deletion inherits nothing) and the browser session's *progress epoch*, kept in the
  signed session cookie. The student's own quiz and completion POSTs bump it
  (``note_progress_written``), so the page after them reads the database in whichever worker
  serves it.
- A flush in this process that writes the student's row for the lesson drops the copy at once.
- A change made elsewhere (the student's other device, an administrator) shows within the TTL.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import Flask, current_app, has_app_context, session
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.models import LessonProgress, User
from app.process_cache import TimedCache, app_cache, plain_copy

DEFAULT_SECONDS = 5.0
EXTENSION = "progress_cache"
EPOCH = "progress_epoch"


def progress_cache(app: Flask) -> TimedCache | None:
    """This app's progress cache (None when ``PROGRESS_CACHE_SECONDS`` is 0)."""
    return app_cache(app, EXTENSION)


def _key(user_id: int, lesson_id: int) -> str:
    return f"{user_id}:{lesson_id}"


def _epoch() -> int:
    value = session.get(EPOCH, 0)
    return value if isinstance(value, int) else 0


def recent_view(user: User, lesson_id: int) -> SimpleNamespace | None:
    """The copy kept when this session last opened the lesson, if recent and still current."""
    cache = progress_cache(current_app)
    found = cache.get(_key(user.id, lesson_id)) if cache is not None else None
    if found is None:
        return None
    token, epoch, copy = found
    return copy if (token, epoch) == (user.get_id(), _epoch()) else None


def remember_view(user: User, row: LessonProgress) -> None:
    """Keep a plain copy of the row the lesson page just read or wrote (never the ORM object)."""
    cache = progress_cache(current_app)
    if cache is None:
        return
    cache.put(_key(row.user_id, row.lesson_id), (user.get_id(), _epoch(), plain_copy(row)))


def note_progress_written() -> None:
    """This session changed its progress: every worker must read it from the database next."""
    session[EPOCH] = _epoch() + 1


def _forget_written_rows(session_: Session, _context: Any) -> None:
    """After a flush that wrote progress rows, drop their copies from this app's cache."""
    cache = progress_cache(current_app) if has_app_context() else None
    if cache is None:
        return
    for obj in (*session_.new, *session_.dirty, *session_.deleted):
        if isinstance(obj, LessonProgress) and obj.user_id is not None:
            cache.forget(_key(obj.user_id, obj.lesson_id))


def init_progress_cache(app: Flask) -> None:
    """Give this app its own progress cache, and drop copies of rows this process writes."""
    seconds = float(app.config.get("PROGRESS_CACHE_SECONDS", DEFAULT_SECONDS))
    if seconds > 0:
        app.extensions[EXTENSION] = TimedCache(seconds)
    if not event.contains(Session, "after_flush", _forget_written_rows):
        event.listen(Session, "after_flush", _forget_written_rows)
