"""The instructor's studio home: reviews, calibration, weak items and cohort activity."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.access import role_required
from app.models import Role
from app.services.studio import studio_home
from app.studio import bp


@bp.route("/home", endpoint="home")
@role_required(Role.INSTRUCTOR)
def home() -> str:
    """What waits for this instructor, most urgent first."""
    user = current_user._get_current_object()
    waiting, total = studio_home.reviews(user)
    return render_template(
        "studio/home.html",
        waiting=waiting,
        waiting_total=total,
        calibration=studio_home.awaiting_calibration(user),
        poor=studio_home.poor_statistics(),
        activity=studio_home.cohort_activity(user),
        shown=studio_home.SHOWN,
    )
