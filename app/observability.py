"""One JSON log line per request, and a request id that ties logs, errors and clients together.

The id comes from a sane incoming ``X-Request-ID`` (a proxy's) or is made here; it is sent back
in ``X-Request-ID`` and appears in every request line and error log.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from functools import lru_cache

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import inspect as sa_inspect

log = logging.getLogger("school.requests")
INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def request_id() -> str | None:
    """This request's id (None outside a request)."""
    return g.get("request_id") if has_request_context() else None


def user_id_hash() -> str | None:
    """A keyed hash of the signed-in user's id, if this request already loaded the user.

    Never loads the user itself (that would add a query to every static file).
    """
    user_id = loaded_user_id()
    if user_id is None:
        return None
    return _keyed_hash(current_app.config["SECRET_KEY"], str(user_id))


@lru_cache(maxsize=4096)
def _keyed_hash(secret: str, user_id: str) -> str:
    """Once per user and key per process: every request of a signed-in user logs it."""
    return hmac.new(secret.encode(), f"user:{user_id}".encode(), hashlib.sha256).hexdigest()[:16]


def loaded_user_id() -> object:
    """The signed-in user's id if this request loaded one, without a query (None if anonymous).

    After a commit an ORM user is expired, and reading ``user.id`` (or asking
    ``current_user.is_authenticated``) would reload the whole row.
    """
    user = g.get("_login_user")
    state = sa_inspect(user, raiseerr=False) if user is not None else None
    if state is not None and getattr(state, "identity", None):
        return state.identity[0]
    return getattr(user, "id", None)


def start_request() -> None:
    """Pick the request id and start the clock."""
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def finish_request(response: Response) -> Response:
    """Send the id back and write the request's log line."""
    response.headers["X-Request-ID"] = g.get("request_id", "")
    started = g.get("request_started", time.perf_counter())
    rule = request.url_rule.rule if request.url_rule is not None else None
    record = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "method": request.method,
        "path": rule or "(unmatched)",
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "user": user_id_hash(),
        "request_id": g.get("request_id"),
    }
    log.info(json.dumps(record, separators=(",", ":")))
    return response


def attach_stream_handler() -> None:
    """Outside tests, the site's own loggers (``school.*``: requests, mail) write to stderr."""
    parent = logging.getLogger("school")
    if parent.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    parent.addHandler(handler)
    parent.setLevel(logging.INFO)
    parent.propagate = False


def register_observability(app: Flask) -> None:
    """Run first on every request and last on every response."""
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request(finish_request)
    if not app.testing:
        attach_stream_handler()
    else:
        logging.getLogger("school").setLevel(logging.INFO)
