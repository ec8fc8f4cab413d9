"""The machinery of the per-process caches: a TTL cache, and emptying one when its rows change.

Each cache (lessons, practice items, verification records) keeps copies of rows that are the
same for every reader. ``clear_on_write`` empties it as soon as a flush in this process writes
one of the models it copies, and once more when that transaction ends: after a commit, a read
between the flush and the commit may have cached the old rows; after a rollback, a read in the
writing session may have cached rows that never existed. Other processes rely on the TTL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from cachetools import TTLCache
from flask import Flask, current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

MAX_ENTRIES = 5_000
WRITTEN = "process_caches_written"

# cache name -> the models whose rows it copies
_WATCHERS: dict[str, tuple[type, ...]] = {}


class TimedCache:
    """A locked TTL cache whose ``clock`` tests may replace (no sleeping)."""

    def __init__(self, seconds: float, maxsize: int = MAX_ENTRIES) -> None:
        self.clock: Callable[[], float] = time.monotonic
        self._lock = threading.Lock()
        self._entries: TTLCache[str, Any] = TTLCache(maxsize, ttl=seconds, timer=self._now)

    def _now(self) -> float:
        return self.clock()

    def get(self, key: str) -> Any:
        """The entry if younger than the TTL, else None."""
        with self._lock:
            return self._entries.get(key)

    def put(self, key: str, value: Any) -> None:
        """Remember a value."""
        with self._lock:
            self._entries[key] = value

    def forget(self, key: str) -> None:
        """Drop one entry, if present."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._entries.clear()


def kept(cache: TimedCache | None, key: str, load: Callable[[], Any]) -> Any:
    """``load()``'s value, kept under ``key`` for the TTL; loaded every time when the cache is
    off. None (nothing found) is never kept, so a row created later shows at once."""
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = load()
        if found is not None and cache is not None:
            cache.put(key, found)
    return found


def plain_copy(row: Any) -> SimpleNamespace:
    """A copy of a row's columns to keep across requests (never the ORM object, which belongs
    to one request's session and expires on its commit)."""
    return SimpleNamespace(**{a.key: getattr(row, a.key) for a in inspect(type(row)).column_attrs})


def install_cache(app: Flask, name: str, seconds: float, watched: tuple[type, ...]) -> None:
    """Give ``app`` its cache ``name`` (none when ``seconds`` is 0), emptied on watched writes."""
    if seconds > 0:
        app.extensions[name] = TimedCache(seconds)
    clear_on_write(name, watched)


def app_cache(app: Flask, name: str) -> TimedCache | None:
    """The app's cache ``name`` (None when it is switched off)."""
    return app.extensions.get(name)


def clear_on_write(name: str, watched: tuple[type, ...]) -> None:
    """Empty cache ``name`` when a flush writes a ``watched`` row, and when that transaction ends.

    The writer's app is emptied (a script without an app context has no cache to empty).
    """
    _WATCHERS[name] = watched
    for hook, listener in (
        ("after_flush", _after_flush),
        ("after_commit", _at_end),
        ("after_rollback", _at_end),
    ):
        if not event.contains(Session, hook, listener):
            event.listen(Session, hook, listener)


def _clear(name: str) -> None:
    cache = app_cache(current_app, name) if has_app_context() else None
    if cache is not None:
        cache.clear()


def _after_flush(session: Session, _context: Any) -> None:
    written = (*session.new, *session.dirty, *session.deleted)
    for name, watched in _WATCHERS.items():
        if any(isinstance(obj, watched) for obj in written):
            session.info.setdefault(WRITTEN, set()).add(name)
            _clear(name)


def _at_end(session: Session, *_args: Any) -> None:
    for name in session.info.pop(WRITTEN, ()):
        _clear(name)
