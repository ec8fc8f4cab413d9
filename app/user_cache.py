"""The signed-in user without a query on most GETs: a short-lived per-process cache.

The session cookie carries the user's rotating session token (``User.get_id``): it names the
user and is also the session's epoch, because logout and a password change replace it. This
cache maps a token to the few columns a page needs, for at most ``USER_CACHE_SECONDS`` (5 s).
POSTs (and every other unsafe method) and the sensitive areas (``USER_CACHE_FRESH_BLUEPRINTS``:
admin, exams, certificates, account pages) always read the database, so logout, password change,
role change and disabling an account take effect there at once, and on other GETs in every
worker within the TTL. Writes to a user through the ORM in this process drop its entries at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cachetools import TTLCache
from flask import Flask, current_app, has_app_context, has_request_context, request
from sqlalchemy import Select, bindparam, event, select
from sqlalchemy.orm import Session, load_only, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_dict, manager_of_class
from sqlalchemy.orm.util import identity_key

from app.extensions import db
from app.models import User

DEFAULT_SECONDS = 5.0
MAX_ENTRIES = 10_000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FRESH_BLUEPRINTS = frozenset({"admin", "auth", "certify", "exams"})
EXTENSION = "user_cache"


@dataclass(frozen=True)
class UserSnapshot:
    """What a page needs to know about the signed-in user (never the password hash)."""

    id: int
    role: str
    display_name: str
    session_token: str
    is_enabled: bool
    locked_until: datetime | None
    directory_opt_in: bool
    headline: str | None
    exam_extra_minutes: int
    last_login_at: datetime | None
    locale: str | None


SNAPSHOT_COLUMNS = (
    User.id,
    User.role,
    User.display_name,
    User.session_token,
    User.is_enabled,
    User.locked_until,
    User.directory_opt_in,  # profile fields a few pages show
    User.headline,
    User.exam_extra_minutes,  # read when an exam starts
    User.last_login_at,  # the dashboard's greeting
    User.locale,  # the interface language
)
SNAPSHOT_NAMES = tuple(column.key for column in SNAPSHOT_COLUMNS)
USER_CLASS_MANAGER = manager_of_class(User)
BY_TOKEN: Select[tuple[User]] = (
    select(User)
    .options(load_only(*SNAPSHOT_COLUMNS))
    .where(User.session_token == bindparam("token"))
)


class UserCache:
    """Token → snapshot for ``seconds``; ``clock`` is replaceable so tests need not sleep."""

    def __init__(self, seconds: float, maxsize: int = MAX_ENTRIES) -> None:
        self.seconds = seconds
        self.clock: Callable[[], float] = time.monotonic
        self._lock = threading.Lock()
        self._entries: TTLCache[str, UserSnapshot] = TTLCache(
            maxsize, ttl=max(seconds, 0.001), timer=lambda: self.clock()
        )

    def get(self, token: str) -> UserSnapshot | None:
        """The snapshot for ``token`` if it is younger than the TTL."""
        with self._lock:
            return self._entries.get(token)

    def put(self, snapshot: UserSnapshot) -> None:
        """Remember a snapshot just read from the database."""
        with self._lock:
            self._entries[snapshot.session_token] = snapshot

    def clear(self) -> None:
        """Drop every entry (for a process whose rows were replaced wholesale, as tests do)."""
        with self._lock:
            self._entries.clear()

    def forget_user(self, user_id: int) -> None:
        """Drop every entry of one user (after a write to that user in this process)."""
        with self._lock:
            stale = [k for k, v in self._entries.items() if v.id == user_id]
            for key in stale:
                self._entries.pop(key, None)


def cache_of(app: Flask) -> UserCache | None:
    """This app's cache, or None when it is switched off (``USER_CACHE_SECONDS = 0``)."""
    return app.extensions.get(EXTENSION)


def needs_fresh_user() -> bool:
    """Unsafe methods and the sensitive areas read the user from the database every time."""
    if not has_request_context():
        return True
    if request.method not in SAFE_METHODS:
        return True
    fresh = current_app.config.get("USER_CACHE_FRESH_BLUEPRINTS", FRESH_BLUEPRINTS)
    return request.blueprint in fresh


def snapshot_of(user: User) -> UserSnapshot:
    """The cached columns of a user just loaded."""
    return UserSnapshot(**{c.key: getattr(user, c.key) for c in SNAPSHOT_COLUMNS})


def attached_user(snapshot: UserSnapshot) -> User:
    """A persistent ``User`` in this request's session built without a query.

    Columns the snapshot lacks are expired, so reading one (say ``email``) loads the row.
    """
    session = db.session
    existing = session.identity_map.get(identity_key(User, snapshot.id))
    if existing is not None:
        return existing  # type: ignore[return-value]
    # Built as the ORM builds a loaded row (no ``__init__``, whose attribute events were half
    # the cost), then marked as that persistent row; shallow, since ``asdict`` deep-copies.
    user = USER_CLASS_MANAGER.new_instance()
    instance_dict(user).update({name: getattr(snapshot, name) for name in SNAPSHOT_NAMES})
    make_transient_to_detached(user)
    session.add(user)
    return user


def load_user(token: str) -> User | None:
    """Flask-Login's user loader: the session token to a user, cached on safe requests."""
    if not isinstance(token, str) or not token:
        return None
    cache = cache_of(current_app)
    if cache is not None and not needs_fresh_user():
        snapshot = cache.get(token)
        if snapshot is not None:
            return attached_user(snapshot)
    user = db.session.scalars(BY_TOKEN, {"token": token}).first()
    if user is not None and cache is not None:
        cache.put(snapshot_of(user))
    return user


def _forget_written_users(session: Session, _context: Any) -> None:
    """After a flush that changed or deleted users, drop them from this app's cache."""
    if not has_app_context():
        return
    cache = cache_of(current_app)
    if cache is None:
        return
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, User) and obj.id is not None:
            cache.forget_user(obj.id)


def init_user_cache(app: Flask) -> None:
    """Give this app its own cache (one per process, like a gunicorn worker) and the loader."""
    from app.extensions import login_manager

    seconds = float(app.config.get("USER_CACHE_SECONDS", DEFAULT_SECONDS))
    if seconds > 0:
        app.extensions[EXTENSION] = UserCache(seconds)
    login_manager.user_loader(load_user)
    if not event.contains(Session, "after_flush", _forget_written_users):
        event.listen(Session, "after_flush", _forget_written_users)
