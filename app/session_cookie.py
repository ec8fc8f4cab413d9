"""The signed session cookie, verified once per process rather than on every request.

Opening the session was about 32 µs of every signed-in page: a serializer built, an HMAC
checked, base64 and tagged JSON decoded, all to read the same cookie the browser sent a moment
ago. A cookie's value is immutable (any change to its data or signature is a different string),
so once a value has passed the full check, its decoded data can be kept under that exact string
and reused while the cookie is within its lifetime. Nothing is trusted that was not verified
in this process, and a tampered cookie is a different key that goes through the full check.

Only flat sessions are kept (strings, numbers, booleans, None): each request gets its own shallow
copy, so one request's writes can never leak into another's. A session holding anything nested
(flashed messages, say) is simply verified in full, as before.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.process_cache import TimedCache

DEFAULT_SECONDS = 60.0
MAX_ENTRIES = 10_000
FLAT_TYPES = (str, int, float, bool, type(None))


def _is_flat(data: dict[str, Any]) -> bool:
    """Whether a shallow copy of ``data`` is a full copy."""
    return all(isinstance(value, FLAT_TYPES) for value in data.values())


class VerifiedCookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, remembering cookie values that already passed the check.

    ``seconds`` bounds how long a verified value is kept (memory, not trust: the cookie's own
    lifetime is checked on every hit against the time it was signed, and a changed secret key
    sends every cookie through the full check again).
    """

    def __init__(self, seconds: float = DEFAULT_SECONDS, maxsize: int = MAX_ENTRIES) -> None:
        self.verified = TimedCache(seconds, maxsize=maxsize)
        self.wall_clock = time.time
        self._serializer: tuple[tuple[Any, ...], URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, built once per secret key (and fallbacks) instead of per use.

        Building it ran a trial ``dumps`` and derived nothing it could keep: about 35 µs of
        every session write (a sign-in, each POST's dashboard epoch) and every full check. It
        holds only the keys and settings, so one instance serves every request.
        """
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        kept = self._serializer
        if kept is None or kept[0] != keys:
            kept = self._serializer = (keys, super().get_signing_serializer(app))
        return kept[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """The session from a kept verification of this exact cookie, else the full check."""
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        kept = self.verified.get(value)
        if kept is not None:
            data, signed_at, secret = kept
            if secret == app.secret_key and self.wall_clock() - signed_at <= max_age:
                return self.session_class(data)
            self.verified.forget(value)
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        try:
            data, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(data, dict) and _is_flat(data):
            self.verified.put(value, (dict(data), signed.timestamp(), app.secret_key))
        return self.session_class(data)


def init_session_cookie(app: Flask) -> None:
    """Use the remembering interface unless ``SESSION_VERIFIED_SECONDS`` is 0."""
    seconds = float(app.config.get("SESSION_VERIFIED_SECONDS", DEFAULT_SECONDS))
    if seconds > 0:
        app.session_interface = VerifiedCookieSessionInterface(seconds)
