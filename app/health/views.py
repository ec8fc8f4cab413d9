"""``/healthz``: the process answers. ``/readyz``: it can serve real requests."""

from __future__ import annotations

from flask import jsonify
from werkzeug.wrappers import Response

from app.access import public
from app.extensions import limiter
from app.health import bp
from app.health.checks import readiness_problems


@bp.get("/healthz")
@limiter.exempt
@public
def healthz() -> Response:
    """Liveness: no database, no files; a 200 means the worker runs."""
    response = jsonify(status="ok")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/readyz")
@limiter.exempt
@public
def readyz() -> tuple[Response, int]:
    """Readiness: 200 with every check passed, else 503 naming what is wrong."""
    problems = readiness_problems()
    response = jsonify(status="not ready" if problems else "ready", problems=problems)
    response.headers["Cache-Control"] = "no-store"
    return response, 503 if problems else 200
