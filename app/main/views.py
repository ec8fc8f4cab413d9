"""Home and dashboard."""

from __future__ import annotations

from flask import Response, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _

from app.access import public, role_required
from app.dashboard_cache import keep_body, kept_body, recently_checked_body
from app.i18n import COOKIE, COOKIE_MAX_AGE, normalise
from app.main import bp
from app.models import Role, User
from app.page_shell import layout_page
from app.services.learning.dashboard import dashboard_for, dashboard_stamp


@bp.route("/")
@public
def home() -> str:
    """What the school is, for a first-time visitor."""
    return render_template("main/home.html")


@bp.route("/dashboard")
@role_required(Role.STUDENT)
def dashboard() -> str:
    """The student's progress, mastery and next steps."""
    from flask_login import current_user

    return layout_page("main/dashboard.html", dashboard_body(current_user))


def dashboard_body(user: User) -> str:
    """The dashboard's content: kept from an earlier view while its stamp holds, else built."""
    html = recently_checked_body(user.id)
    if html is not None:
        return html
    stamp = dashboard_stamp(user.id)
    html = kept_body(user.id, stamp)
    if html is not None:
        return html
    dash = dashboard_for(user)
    html = render_template("main/_dashboard_body.html", dash=dash)
    if dash.rebuilt is not None:
        _store_quietly(dash.rebuilt)  # the stamp read before it is stale: keep nothing
    else:
        keep_body(user.id, stamp, html, dash.sections["exams"]["valid_until"])
    return html


def _store_quietly(row: object) -> None:
    """Commit a summary rebuilt by this GET; if the write loses a race, the next view retries."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from app.extensions import db

    try:
        db.session.merge(row)
        db.session.commit()
    except (OperationalError, IntegrityError):
        db.session.rollback()


@bp.get("/language/<code>")
@public
def switch_language(code: str) -> Response:
    """Remember the visitor's interface language in a cookie and go back to the page.

    A preference cookie, not account data: it works without an account, and a cross-site link
    to it can do no more than change the language. Signed-in users save it in their account too.
    """
    from app.auth.views import safe_next_url

    language = normalise(code)
    if language is None or language != code:
        abort(404, _("This language is not offered."))
    response = redirect(safe_next_url(url_for("main.home")))
    response.set_cookie(
        COOKIE, language, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response

