"""Error pages in the site's style; JSON for API clients."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Page not found",
    405: "Method not allowed",
    413: "Request too large",
    429: "Too many requests",
    500: "Something went wrong",
}


def wants_json() -> bool:
    """API paths, JSON requests and clients that ask for JSON get JSON errors."""
    return (
        "/api/" in request.path
        or request.is_json
        or request.accept_mimetypes.best == "application/json"
    )


def render_error(code: int, reason: str | None) -> tuple[object, int]:
    """Render one error as JSON or as the styled page."""
    title = _(TITLES.get(code, "Error"))
    if wants_json():
        return jsonify(error=title, reason=reason or title, status=code), code
    return render_template("errors/error.html", code=code, title=title, reason=reason), code


def register_error_handlers(app: Flask) -> None:
    """Every HTTP error, CSRF failure and unexpected exception gets a clear page."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[object, int]:
        reason = _(
            "The form expired or was not sent from this site: %(why)s", why=error.description
        )
        return render_error(400, reason)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[object, int]:
        code = error.code or 500
        default = type(error).description
        reason = error.description if error.description != default else None
        return render_error(code, reason)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[object, int]:
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return render_error(500, None)
