"""Gold calibration views: record my own judgement of a draft, resolve a flag, approve a draft."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import role_required
from app.extensions import db
from app.models import Exercise, ExerciseVersion, Role
from app.services.practice.exercise_bank import current_version
from app.services.studio import calibration, publish_gate
from app.studio import bp
from app.studio.forms import RATING_FIELDS, ActionForm, CalibrationForm, ResolveForm
from app.studio.item_form import parse_order
from graders.criteria import LABEL_NAMES, SEVERITY_NAMES


def judgement_from(form: CalibrationForm, version: ExerciseVersion) -> dict[str, Any]:
    """The judgement a calibration form describes, in the stored shape."""
    ids = [answer.key for answer in version.answers]
    chosen = dict(value.rsplit(":", 1) for value in form.labels.data or [])
    judgement: dict[str, Any] = {
        "labels": {
            a: {name: chosen.get(f"{a}:{name}", "none") for name in LABEL_NAMES} for a in ids
        }
    }
    kind = version.exercise.kind
    if kind == "ranking":
        judgement["order"] = parse_order(form.order.data or "")
    elif kind == "pairwise":
        other = "B" if form.better.data == "A" else "A"
        judgement.update(
            better=form.better.data,
            criterion=form.criterion.data,
            order=[[form.better.data], [other]],
        )
    elif kind == "rating":
        judgement["ratings"] = {c: form[field].data for c, field in RATING_FIELDS.items()}
    return judgement


@bp.route("/exercises/<int:exercise_id>/calibrate", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def calibrate(exercise_id: int) -> Response:
    """Record (or replace) my judgement of the current draft version and re-measure agreement."""
    exercise = db.get_or_404(Exercise, exercise_id)
    version = current_version(exercise)
    form = CalibrationForm()
    form.labels.choices = [
        f"{a.key}:{n}:{s}" for a in version.answers for n in LABEL_NAMES for s in SEVERITY_NAMES
    ]
    if not form.validate_on_submit():
        abort(400, _("The calibration form was incomplete."))
    judgement = judgement_from(form, version)
    problems = calibration.judgement_problems(version, judgement)
    try:
        if problems:
            raise calibration.CalibrationError("; ".join(str(p) for p in problems))
        calibration.record_judgement(version, current_user, judgement)
    except calibration.CalibrationError as error:
        flash(_("Your judgement was not recorded: %(why)s", why=str(error)), "error")
    else:
        db.session.commit()
        flash(_("Your judgement is recorded."), "success")
    return redirect(url_for("studio.exercise", exercise_id=exercise.id, _anchor="calibration"))


@bp.route("/exercises/<int:exercise_id>/resolve", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def resolve(exercise_id: int) -> Response:
    """Accept the gold despite the disagreement; recorded in the audit log."""
    exercise = db.get_or_404(Exercise, exercise_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        flash(_("Say why the gold stands before marking the flag resolved."), "error")
        return redirect(url_for("studio.exercise", exercise_id=exercise.id, _anchor="calibration"))
    try:
        calibration.resolve_flag(exercise, current_user, form.note.data.strip())
    except calibration.CalibrationError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The calibration flag is resolved."), "success")
    return redirect(url_for("studio.exercise", exercise_id=exercise.id, _anchor="calibration"))


@bp.route("/exercises/<int:exercise_id>/approve", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def approve(exercise_id: int) -> Response:
    """Record my review of another instructor's draft (the publish gate counts it)."""
    exercise = db.get_or_404(Exercise, exercise_id)
    if not ActionForm().validate_on_submit():
        abort(400, _("The form was incomplete."))
    try:
        publish_gate.approve(exercise, current_user)
    except publish_gate.ReviewError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        message = _("Your approval of version %(n)s is recorded.", n=exercise.current_version)
        flash(message, "success")
    return redirect(url_for("studio.exercise", exercise_id=exercise.id, _anchor="publish-heading"))
