"""The review queue: score free-text practice attempts and exam reference answers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.access import role_required
from app.extensions import db
from app.models import Attempt, ExamItem, Role, User
from app.services import reviews
from app.services.exercise_bank import version_to_dict
from app.studio import bp
from app.studio.forms import LikertForm, ReviewForm


@bp.route("/reviews", endpoint="reviews")
@role_required(Role.INSTRUCTOR)
def reviews_queue() -> str:
    """Work waiting for an instructor, oldest first, with counts."""
    entries, counts = reviews.review_queue()
    return render_template("studio/reviews.html", entries=entries, counts=counts)


def _review_form(attempt: Attempt) -> ReviewForm:
    """The review form with one checkbox per rubric point, pre-ticked as the auto-score found."""
    points = reviews.rubric_points(attempt.version)
    form = ReviewForm()
    form.met.choices = [SelectChoice(i, p["point"]) for i, p in enumerate(points)]  # type: ignore[arg-type]
    if not form.is_submitted():
        form.met.data = [i for i, met in enumerate(reviews.auto_points(attempt)) if met]
    return form


@bp.route("/reviews/attempts/<int:attempt_id>", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def review_attempt(attempt_id: int) -> str | Response:
    """Read a correction or reference attempt and confirm or override its score."""
    attempt = db.get_or_404(Attempt, attempt_id)
    form = _review_form(attempt)
    if form.validate_on_submit():
        try:
            reviews.review_attempt(
                attempt,
                current_user,
                form.decision.data,
                form.met.data or [],
                form.comment.data or "",
            )
        except reviews.ReviewError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Review saved."), "success")
            return redirect(url_for("studio.reviews"))
    return render_template(
        "studio/review_attempt.html",
        attempt=attempt,
        form=form,
        gold=version_to_dict(attempt.version),
        review=reviews.review_of(attempt),
        details=(attempt.result or {}).get("details", {}),
        student=db.session.get(User, attempt.user_id),
    )


@bp.route("/reviews/exam-items/<int:item_id>", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def review_exam_item(item_id: int) -> str | Response:
    """Score an exam reference answer from 1 to 7."""
    item = db.get_or_404(ExamItem, item_id)
    if item.version.exercise.kind != "reference":
        abort(404)
    form = LikertForm()
    if form.validate_on_submit():
        try:
            reviews.review_exam_item(item, current_user, form.likert.data, form.comment.data or "")
        except reviews.ReviewError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Score saved; the exam result is updated."), "success")
            return redirect(url_for("studio.reviews"))
    return render_template(
        "studio/review_exam_item.html", item=item, form=form, gold=version_to_dict(item.version)
    )
