"""Error pages in the site's style; JSON for API clients."""

from __future__ import annotations

import html

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.observability import request_id

RETRY_AFTER_SECONDS = 30

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Page not found",
    405: "Method not allowed",
    413: "Request too large",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Service unavailable",
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
    # is_error_page: the language switcher does not echo the URL (a 404 must not differ by id).
    page = render_template(
        "errors/error.html", code=code, title=title, reason=reason, is_error_page=True
    )
    return page, code


def outage_response() -> tuple[object, int, dict[str, str]]:
    """A 503 that touches neither the database nor the site template (which loads the user)."""
    title = _("Service unavailable")
    reason = _("The site cannot reach its database just now. Please try again in a minute.")
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if wants_json():
        return jsonify(error=title, reason=reason, status=503), 503, headers
    page = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title></head><body><h1>{html.escape(title)}</h1><p>{html.escape(reason)}</p>"
        "</body></html>"
    )
    return page, 503, {**headers, "Content-Type": "text/html; charset=utf-8"}


def forget_broken_session() -> None:
    """Roll back what can be rolled back; a dead connection may refuse even that."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the outage we are already reporting
        db.session.remove()


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

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(DisconnectionError)
    def database_outage(error: Exception) -> tuple[object, int, dict[str, str]]:
        forget_broken_session()
        app.logger.error(
            "database unavailable: %s (request %s)", type(error).__name__, request_id()
        )
        return outage_response()

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[object, int]:
        forget_broken_session()
        app.logger.exception("Unhandled error (request %s)", request_id(), exc_info=error)
        return render_error(500, None)
