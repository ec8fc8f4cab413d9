"""Cohorts: instructors create them and follow their students; students join with a code."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from app.access import role_required
from app.extensions import db, limiter
from app.models import Cohort, Role
from app.services.studio import cohorts
from app.studio import bp
from app.studio.forms import CohortForm, JoinForm


def _managed_cohort(cohort_id: int) -> Cohort:
    """A cohort the current instructor runs (404 for anyone else's)."""
    cohort = db.get_or_404(Cohort, cohort_id)
    if not cohorts.can_manage(current_user, cohort):
        abort(404)
    return cohort


@bp.route("/cohorts", methods=["GET", "POST"], endpoint="cohorts")
@role_required(Role.INSTRUCTOR)
def cohort_list() -> str | BaseResponse:
    """My cohorts, and a form to create one with a fresh invite code."""
    form = CohortForm()
    if form.validate_on_submit():
        cohort = cohorts.create_cohort(current_user, form.name.data)
        db.session.commit()
        flash(
            _(
                "Cohort created. Share the invite code %(code)s with your students.",
                code=cohort.invite_code,
            ),
            "success",
        )
        return redirect(url_for("studio.cohort", cohort_id=cohort.id))
    return render_template(
        "studio/cohorts.html", form=form, cohorts=cohorts.cohorts_for(current_user)
    )


@bp.route("/cohorts/<int:cohort_id>")
@role_required(Role.INSTRUCTOR)
def cohort(cohort_id: int) -> str:
    """Each student's course progress, practice mastery and exam results."""
    group = _managed_cohort(cohort_id)
    return render_template("studio/cohort.html", cohort=group, reports=cohorts.cohort_report(group))


@bp.route("/cohorts/<int:cohort_id>/export.csv")
@role_required(Role.INSTRUCTOR)
def cohort_csv(cohort_id: int) -> Response:
    """The cohort report as CSV (cells that a spreadsheet would run as formulas are quoted)."""
    group = _managed_cohort(cohort_id)
    response = Response(cohorts.report_csv(cohorts.cohort_report(group)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="cohort-{group.id}.csv"'
    return response


@bp.route("/join", methods=["GET", "POST"])
@role_required(Role.STUDENT)
@limiter.limit("30 per hour", methods=["POST"], key_func=lambda: str(current_user.id))
def join() -> str | BaseResponse:
    """A student joins a cohort with the invite code their instructor gave them (rate-limited)."""
    form = JoinForm()
    if form.validate_on_submit():
        try:
            group = cohorts.join_cohort(current_user, form.code.data)
        except cohorts.CohortError as error:
            form.code.errors = [*form.code.errors, str(error)]
        else:
            db.session.commit()
            flash(_("You joined %(name)s.", name=group.name), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("studio/join.html", form=form)
