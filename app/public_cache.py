"""What every visitor sees the same, kept per process for a short time.

A certificate's public verification record (the facts, its status now, the JSON body) is read
by recruiters far more often than it changes. Each app keeps it for ``VERIFY_CACHE_SECONDS``
(30 s, like the status list's own ``max-age``); a revocation flushed in this process drops it
at once, other workers show it within the TTL. Unknown identifiers are not cached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from cachetools import TTLCache
from flask import Flask, current_app, has_app_context
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


def _forget_written_certificates(session: Session, _context: Any) -> None:
    """After a flush that changed a certificate (a revocation), drop its record here at once."""
    if not has_app_context():
        return
    cache = verify_cache(current_app)
    if cache is None:
        return
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, Certificate):
            cache.forget(obj.code)


def init_public_cache(app: Flask) -> None:
    """Give this app its own verification cache."""
    seconds = float(app.config.get("VERIFY_CACHE_SECONDS", DEFAULT_SECONDS))
    if seconds > 0:
        app.extensions[EXTENSION] = TimedCache(seconds)
    if not event.contains(Session, "after_flush", _forget_written_certificates):
        event.listen(Session, "after_flush", _forget_written_certificates)
