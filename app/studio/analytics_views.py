"""Analytics pages: the item table (filter, sort, page, CSV), one item's statistics, trends."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user

from app.access import role_required
from app.extensions import db
from app.models import Cohort, Role
from app.request_guards import fits_database_int
from app.services.analytics import analytics, analytics_table, exam_analytics, exam_consistency
from app.services.studio import cohorts
from app.studio import bp


def _chosen_cohort() -> Cohort | None:
    """The cohort in ``?cohort=`` if the current instructor runs it (404 otherwise)."""
    cohort_id = request.args.get("cohort", type=int)
    if cohort_id is None:
        return None
    if not fits_database_int(cohort_id):
        abort(404)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not cohorts.can_manage(current_user, cohort):
        abort(404)
    return cohort


def _table() -> tuple[list[analytics_table.TableRow], analytics_table.Query, dict[str, list[str]]]:
    """The filtered, sorted rows with the options the request chose."""
    rows = analytics_table.all_rows()
    options = analytics_table.choices(rows)
    query = analytics_table.parse(request.args, options)
    return analytics_table.arrange(rows, query), query, options


@bp.route("/analytics", endpoint="analytics")
@role_required(Role.INSTRUCTOR)
def analytics_page() -> str:
    """Exam item statistics beside practice ones; trends; exam reliability and consistency."""
    cohort = _chosen_cohort()
    rows, query, options = _table()
    return render_template(
        "studio/analytics.html",
        page=analytics_table.page_of(rows, query.page),
        query=query,
        options=options,
        sorts=analytics_table.SORTS,
        cohort=cohort,
        cohorts=cohorts.cohorts_for(current_user),
        trends=analytics.criterion_trends(cohort.id if cohort else None),
        exams=analytics.exam_stats(cohort.id if cohort else None),
        min_form=exam_analytics.MIN_FORM_SITTINGS,
        window_days=exam_consistency.WINDOW_DAYS,
    )


@bp.route("/analytics/items.csv")
@role_required(Role.INSTRUCTOR)
def analytics_csv() -> Response:
    """The item table as CSV, with the same filters and order as the page (every page)."""
    rows, _query, _options = _table()
    response = Response(analytics_table.to_csv(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=item-statistics.csv"
    return response


@bp.route("/analytics/items/<int:exercise_id>")
@role_required(Role.INSTRUCTOR)
def item_analytics(exercise_id: int) -> str:
    """One item's exam and practice statistics, common wrong orders and weekly scores."""
    detail = analytics.item_detail(exercise_id)
    if detail is None:
        abort(404)
    return render_template("studio/item_analytics.html", detail=detail)
