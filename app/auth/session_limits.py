"""Signed-in sessions end after an idle spell and after an absolute lifetime.

The session cookie records when the user signed in (``auth_at``) and when they were last seen
(``seen_at``); both are signed with the session. A remember-me cookie starts a new session when
the old one ended, until it expires itself or the account's session token rotates (logout,
password change or reset).
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g, request, session
from flask_login import user_loaded_from_cookie, user_logged_in

IDLE_SECONDS = 60 * 60  # one hour without a request
ABSOLUTE_SECONDS = 12 * 60 * 60  # twelve hours after signing in, whatever the activity
SEEN_RESOLUTION = 60  # refresh ``seen_at`` at most once a minute (fewer cookie rewrites)
SESSION_KEYS = ("_user_id", "_fresh", "_id", "auth_at", "seen_at")


def now_seconds() -> int:
    """Wall-clock seconds (one place, so tests can reason about it)."""
    return int(time.time())


def session_expired(now: int) -> bool:
    """Whether the signed-in session is past its idle or absolute limit."""
    config = current_app.config
    started = session.get("auth_at")
    seen = session.get("seen_at", started)
    if not isinstance(started, int) or not isinstance(seen, int):
        return True
    idle = config.get("SESSION_IDLE_SECONDS", IDLE_SECONDS)
    absolute = config.get("SESSION_ABSOLUTE_SECONDS", ABSOLUTE_SECONDS)
    return now - started > absolute or now - seen > idle


def enforce_session_lifetime() -> None:
    """Forget the signed-in user when the session has lasted too long or sat idle too long."""
    cookie = current_app.config.get("SESSION_COOKIE_NAME", "session")
    if request.endpoint == "static" or cookie not in request.cookies:
        return  # nothing to check, and touching the session would add "Vary: Cookie"
    if "_user_id" not in session:
        return
    now = now_seconds()
    if session_expired(now):
        for key in SESSION_KEYS:
            session.pop(key, None)
        g.pop("_login_user", None)
        return
    if now - session.get("seen_at", 0) >= SEEN_RESOLUTION:
        session["seen_at"] = now


def stamp_sign_in(sender: Flask, user: object, **extra: object) -> None:
    """A sign-in (form or remember-me cookie) starts a new session lifetime."""
    now = now_seconds()
    session["auth_at"] = now
    session["seen_at"] = now


def register_session_limits(app: Flask) -> None:
    """Check every request before anything loads the user."""
    app.before_request_funcs.setdefault(None, []).insert(0, enforce_session_lifetime)
    user_logged_in.connect(stamp_sign_in, app)
    user_loaded_from_cookie.connect(stamp_sign_in, app)
