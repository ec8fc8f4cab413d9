"""The review queue: score free-text practice attempts and blind-mark exam reference answers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.access import role_required
from app.extensions import db
from app.models import Attempt, ExamItem, Role, User
from app.services.practice.exercise_bank import version_to_dict
from app.services.studio import double_marking, reviews
from app.services.studio.marker_agreement import agreement_table
from app.studio import bp
from app.studio.forms import LikertForm, ReviewForm


@bp.route("/reviews", endpoint="reviews")
@role_required(Role.INSTRUCTOR)
def reviews_queue() -> str:
    """Work waiting for this instructor, oldest first, with counts and markers' agreement."""
    entries, counts = reviews.review_queue(current_user)
    markers, overall = agreement_table()
    return render_template(
        "studio/reviews.html", entries=entries, counts=counts, markers=markers, overall=overall
    )


def _review_form(attempt: Attempt) -> ReviewForm:
    """The review form with one checkbox per rubric point, none ticked: the instructor judges."""
    points = reviews.rubric_points(attempt.version)
    form = ReviewForm()
    form.met.choices = [SelectChoice(i, p["point"]) for i, p in enumerate(points)]  # type: ignore[arg-type]
    return form


def _attempt_page(attempt: Attempt, form: ReviewForm) -> str:
    """The attempt's text, gold, any earlier review and the form."""
    return render_template(
        "studio/review_attempt.html",
        attempt=attempt,
        form=form,
        gold=version_to_dict(attempt.version, attempt.language),  # the language the student saw
        review=reviews.review_of(attempt),
        details=(attempt.result or {}).get("details", {}),
        student=db.session.get(User, attempt.user_id),
    )


@bp.route("/reviews/attempts/<int:attempt_id>", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def review_attempt(attempt_id: int) -> str | Response | tuple[str, int]:
    """Read a correction or reference attempt and score it by the rubric points it meets."""
    attempt = db.get_or_404(Attempt, attempt_id)
    form = _review_form(attempt)
    if not form.is_submitted():
        return _attempt_page(attempt, form)
    if not form.validate_on_submit():
        return _attempt_page(attempt, form), 400
    try:
        reviews.review_attempt(attempt, current_user, form.met.data or [], form.comment.data or "")
    except reviews.ReviewError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _attempt_page(attempt, form), 400
    db.session.commit()
    flash(_("Review saved."), "success")
    return redirect(url_for("studio.reviews"))


def _marking_page(item: ExamItem, form: LikertForm, role: str) -> str:
    """The anonymous marking page: script code, prompt, answer, rubric and anchors only."""
    return render_template(
        "studio/review_exam_item.html",
        item=item,
        form=form,
        role=role,
        code=double_marking.script_code(item.id),
        anchors=double_marking.anchors_for(item),
        gold=version_to_dict(item.version, item.session.language),
    )


@bp.route("/reviews/exam-items/<int:item_id>", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def review_exam_item(item_id: int) -> str | Response | tuple[str, int]:
    """Mark an exam reference answer 1–7, blind to the candidate and to the other markers."""
    item = db.get_or_404(ExamItem, item_id)
    try:
        role = double_marking.check_can_mark(item, current_user)
    except double_marking.MarkingError as error:
        abort(error.status, str(error))
    form = LikertForm()
    if not form.is_submitted():
        return _marking_page(item, form, role)
    if not form.validate_on_submit():
        return _marking_page(item, form, role), 400
    try:
        double_marking.submit_mark(item, current_user, form.likert.data, form.comment.data or "")
    except double_marking.MarkingError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _marking_page(item, form, role), error.status
    db.session.commit()
    flash(_("Mark saved. The exam result updates once the marks agree."), "success")
    return redirect(url_for("studio.reviews"))
