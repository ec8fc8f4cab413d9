"""This session's signed CSRF token, signed once a minute per process instead of per request.

Flask-WTF signs the session's raw token (HMAC, JSON, zlib, base64: about 23 µs) the first time
each request needs it, and every signed-in page needs it (the header's sign-out form). The
signature only proves the raw token came from us; with ``WTF_CSRF_TIME_LIMIT`` at None a token
never expires by age, so a signature made a minute ago proves exactly what a fresh one would.
Entries are keyed by the session's raw token, so one session's token never reaches another.
"""

from __future__ import annotations

from flask import Flask, current_app, g, session
from flask_wtf.csrf import generate_csrf

from app.process_cache import TimedCache, app_cache

DEFAULT_SECONDS = 60.0
EXTENSION = "csrf_token_cache"


def signed_csrf_token() -> str:
    """The token for this request's forms: Flask-WTF's, reusing this session's recent one."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if field in g:
        return g.get(field)
    cache = app_cache(current_app, EXTENSION)
    raw = session.get(field)
    if cache is not None and isinstance(raw, str):
        token = cache.get(raw)
        if token is not None:
            setattr(g, field, token)  # Flask-WTF's own forms reuse it from here
            return token
    token = generate_csrf()
    raw = session.get(field)
    if cache is not None and isinstance(raw, str):
        cache.put(raw, token)
    return token


def init_csrf_tokens(app: Flask) -> None:
    """Templates and fragments get the reused token (no reuse when the tokens can expire)."""
    seconds = float(app.config.get("CSRF_TOKEN_REUSE_SECONDS", DEFAULT_SECONDS))
    if seconds > 0 and app.config.get("WTF_CSRF_TIME_LIMIT") is None:
        app.extensions[EXTENSION] = TimedCache(seconds)
    app.jinja_env.globals["csrf_token"] = signed_csrf_token
