"""What every visitor sees the same, kept per process for a short time.

A certificate's public verification record (the facts, its status now, the JSON body) is read
by recruiters far more often than it changes. Each app keeps it for ``VERIFY_CACHE_SECONDS``
(30 s, like the status list's own ``max-age``); a revocation flushed in this process drops it
at once, other workers show it within the TTL. Unknown identifiers are not cached. The page an
anonymous visitor sees is kept the same way, rendered once with a placeholder for the visitor's
own CSRF token.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from cachetools import TTLCache
from flask import Flask, current_app, has_app_context, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.models import Certificate
from app.services.certification.certificates import (
    CertificateState,
    certificate_state,
    find_by_code,
    normalise_code,
)
from app.services.certification.directory import public_record

DEFAULT_SECONDS = 30.0
MAX_ENTRIES = 5_000
EXTENSION = "verify_cache"
DIRTY = "verify_cache_dirty"
CSRF_PLACEHOLDER = "\x00csrf-token\x00"


@dataclass(frozen=True)
class Verification:
    """A certificate's columns (a plain copy, never a shared ORM object), state and record."""

    cert: Any
    state: CertificateState
    record: dict[str, Any]


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
        """Drop one entry."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._entries.clear()


def verify_cache(app: Flask) -> TimedCache | None:
    """This app's verification cache (None when ``VERIFY_CACHE_SECONDS`` is 0)."""
    return app.extensions.get(EXTENSION)


def verification(text: str) -> Verification | None:
    """The public record a typed identifier names, from the cache when it is fresh."""
    code = normalise_code(text)
    if code is None:
        return None
    cache = verify_cache(current_app)
    found = cache.get(code) if cache is not None else None
    if found is not None:
        return found
    cert = find_by_code(code)
    if cert is None:
        return None
    state = certificate_state(cert)
    found = Verification(columns_of(cert), state, public_record(cert, state))
    if cache is not None:
        cache.put(code, found)
    return found


def columns_of(cert: Certificate) -> SimpleNamespace:
    """A read-only copy of the certificate's columns for templates (no session attached)."""
    keys = [attr.key for attr in inspect(Certificate).column_attrs]
    return SimpleNamespace(**{key: getattr(cert, key) for key in keys})


def anonymous_page(key: str, render: Callable[[], str]) -> str:
    """A public page as an anonymous visitor sees it, rendered once per ``key`` and TTL.

    Only for visitors with no account, no pending messages and no query string: their pages
    differ only by the CSRF token, which is stored as a placeholder and filled in per request
    (the token belongs to the visitor's own session). Keyed by page, path as typed (the language
    links return to it), language and host (links follow the host when ``SITE_URL`` is unset).
    Dropped with the record on a revocation.
    """
    cache = verify_cache(current_app)
    if (
        cache is None
        or current_user.is_authenticated
        or session.get("_flashes")
        or request.query_string
    ):
        return render()
    token = generate_csrf()
    full_key = f"page:{key}:{request.path}:{get_locale()}:{request.host_url}"
    found = cache.get(full_key)
    if found is not None:
        return found.replace(CSRF_PLACEHOLDER, token)
    html = render()
    cache.put(full_key, html.replace(token, CSRF_PLACEHOLDER))
    return html


def _clear_cache() -> None:
    cache = verify_cache(current_app) if has_app_context() else None
    if cache is not None:
        cache.clear()


def _forget_written_certificates(db_session: Session, _context: Any) -> None:
    """After a flush that changed a certificate (a revocation), drop records and pages at once.

    Revocations are rare: the whole cache goes (records and rendered pages in every language).
    """
    if any(isinstance(obj, Certificate) for obj in (*db_session.dirty, *db_session.deleted)):
        db_session.info[DIRTY] = True
        _clear_cache()


def _forget_at_end(db_session: Session, *_args: Any) -> None:
    """Drop them again when that transaction ends (a read in between may have kept the old)."""
    if db_session.info.pop(DIRTY, False):
        _clear_cache()


def init_public_cache(app: Flask) -> None:
    """Give this app its own verification cache."""
    seconds = float(app.config.get("VERIFY_CACHE_SECONDS", DEFAULT_SECONDS))
    if seconds > 0:
        app.extensions[EXTENSION] = TimedCache(seconds)
    for name, listener in (
        ("after_flush", _forget_written_certificates),
        ("after_commit", _forget_at_end),
        ("after_rollback", _forget_at_end),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
