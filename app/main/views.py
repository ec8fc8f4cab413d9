"""Home and dashboard."""

from __future__ import annotations

from flask import render_template

from app.access import public, role_required
from app.main import bp
from app.models import Role
from app.services.dashboard import dashboard_for


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

    return render_template("main/dashboard.html", dash=dashboard_for(current_user))
