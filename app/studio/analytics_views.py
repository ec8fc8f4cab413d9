"""Analytics pages: the item table, one item's statistics, criterion trends and exam reliability."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from app.access import role_required
from app.extensions import db
from app.models import Cohort, Role
from app.request_guards import fits_database_int
from app.services import analytics, cohorts
from app.studio import bp


@bp.route("/analytics", endpoint="analytics")
@role_required(Role.INSTRUCTOR)
def analytics_page() -> str:
    """Per-item difficulty and critical errors; weekly criterion trends and exam pass rates."""
    cohort_id = request.args.get("cohort", type=int)
    if cohort_id is not None and not fits_database_int(cohort_id):
        abort(404)
    cohort = db.session.get(Cohort, cohort_id) if cohort_id else None
    if cohort_id and (cohort is None or not cohorts.can_manage(current_user, cohort)):
        abort(404)
    return render_template(
        "studio/analytics.html",
        items=analytics.item_table(),
        cohort=cohort,
        cohorts=cohorts.cohorts_for(current_user),
        trends=analytics.criterion_trends(cohort.id if cohort else None),
        exams=analytics.exam_stats(cohort.id if cohort else None),
    )


@bp.route("/analytics/items/<int:exercise_id>")
@role_required(Role.INSTRUCTOR)
def item_analytics(exercise_id: int) -> str:
    """One item's attempts, difficulty, discrimination, common wrong orders and weekly scores."""
    detail = analytics.item_detail(exercise_id)
    if detail is None:
        abort(404)
    return render_template("studio/item_analytics.html", detail=detail)
