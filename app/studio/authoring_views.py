"""Authoring views: create and edit items of every kind, preview, publish."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import role_required
from app.extensions import db
from app.i18n import current_language
from app.models import Exercise, Role
from app.services.practice.exercise_bank import (
    current_version,
    student_item,
    version_languages,
    version_to_dict,
)
from app.services.studio import authoring, calibration, publish_gate
from app.studio import bp
from app.studio.forms import ActionForm, CalibrationForm, ItemForm, ResolveForm
from app.studio.item_form import (
    build_form,
    form_to_item,
    markdown_warnings,
    place_problems,
    row_action,
)
from graders import KINDS, Problem


def _render_form(
    form: ItemForm, kind: str, problems: list[Problem], exercise: Exercise | None = None
) -> str:
    """The authoring page, each validator problem next to its field (or its group's legend)."""
    groups = place_problems(form, problems)
    return render_template(
        "studio/item_form.html",
        form=form,
        kind=kind,
        groups=groups,
        failed=bool(problems or form.errors),
        exercise=exercise,
        warnings=markdown_warnings(form, kind),
    )


@bp.route("/exercises/new/<kind>", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def new_exercise(kind: str) -> str | Response:
    """Write a new item; it is stored as a draft only when the shared validator accepts it."""
    if kind not in KINDS:
        abort(404)
    form, problems = build_form(kind), []
    if request.method == "POST" and not row_action(form, kind, request.form) and form.validate():
        data = form_to_item(form, kind, (form.uid.data or "").strip())
        problems = authoring.new_item_problems(data, form.pool.data)
        try:
            exercise = (
                None if problems else authoring.create_exercise(data, form.pool.data, current_user)
            )
        except authoring.AuthoringError as error:  # the id was taken a moment ago
            exercise, problems = None, [Problem(("id",), str(error))]
        if exercise is not None:
            db.session.commit()
            flash(_("Draft %(id)s saved.", id=exercise.uid), "success")
            return redirect(url_for("studio.exercise", exercise_id=exercise.id))
    return _render_form(form, kind, problems)


@bp.route("/exercises/<int:exercise_id>/edit", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def edit_exercise(exercise_id: int) -> str | Response:
    """Edit an item; any change is saved as a new version, and old attempts keep theirs."""
    exercise = db.get_or_404(Exercise, exercise_id)
    kind = exercise.kind
    form, problems = build_form(kind, version_to_dict(current_version(exercise))), []
    if request.method == "POST" and not row_action(form, kind, request.form) and form.validate():
        data = authoring.keep_translations(exercise, form_to_item(form, kind, exercise.uid))
        problems = authoring.item_problems(data, exercise.pool)
        if not problems:
            outcome = authoring.edit_exercise(exercise, data, current_user)
            db.session.commit()
            if outcome.change == "unchanged":
                flash(_("Nothing changed."), "info")
            else:
                flash(_("Saved as version %(n)s.", n=outcome.version.number), "success")
            return redirect(url_for("studio.exercise", exercise_id=exercise.id))
    return _render_form(form, kind, problems, exercise)


@bp.route("/exercises/<int:exercise_id>")
@role_required(Role.INSTRUCTOR)
def exercise(exercise_id: int) -> str:
    """An item's overview: versions, publishing, calibration and links to everything else."""
    item = db.get_or_404(Exercise, exercise_id)
    version = current_version(item)
    judgements = calibration.judgements_for(version)
    mine = next((j for j in judgements if j.instructor_id == current_user.id), None)
    return render_template(
        "studio/exercise.html",
        exercise=item,
        version=version,
        gold=version_to_dict(version),
        versions=authoring.versions_of(item),
        judgements=judgements,
        agreement=calibration.agreement_for(version),
        mine=mine,
        calibrate_form=CalibrationForm(formdata=None),
        resolve_form=ResolveForm(),
        publish_form=ActionForm(),
        readiness=publish_gate.readiness(item) if item.status == "draft" else None,
        can_review=current_user.id not in publish_gate.authors_of(item),
        calibrated_kinds=calibration.CALIBRATED_KINDS,
    )


@bp.route("/exercises/<int:exercise_id>/preview")
@role_required(Role.INSTRUCTOR)
def preview(exercise_id: int) -> str:
    """The current version exactly as a student sees it (student data only: no gold)."""
    item = db.get_or_404(Exercise, exercise_id)
    version = current_version(item)
    wanted = request.args.get("lang") or current_language()
    return render_template(
        "studio/preview.html",
        exercise=item,
        item=student_item(version, wanted),
        languages=version_languages(version),
    )


@bp.route("/exercises/<int:exercise_id>/publish", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def publish(exercise_id: int) -> Response:
    """Publish a draft (a calibration-flagged exam item is refused)."""
    item = db.get_or_404(Exercise, exercise_id)
    if not ActionForm().validate_on_submit():
        abort(400, _("The form was incomplete."))
    try:
        authoring.publish_exercise(item, current_user)
    except authoring.AuthoringError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(id)s is published.", id=item.uid), "success")
    return redirect(url_for("studio.exercise", exercise_id=item.id))
