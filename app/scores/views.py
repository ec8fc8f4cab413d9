"""Thin views: find the student's own record (404 for anyone else's), render its breakdown."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from app.access import role_required
from app.models import Role
from app.scores import bp
from app.services.certification.exam_text import template_labels
from app.services.learning import score_explain
from app.services.practice.practice import attempt_for_viewer
from graders.criteria import CRITERION_TITLES


@bp.get("/practice/<int:attempt_id>")
@role_required(Role.STUDENT)
def practice(attempt_id: int) -> str:
    """A practice attempt's score, pair by pair or part by part."""
    attempt = attempt_for_viewer(attempt_id, current_user)
    if attempt is None:
        abort(404)
    return render_template(
        "scores/practice.html",
        attempt=attempt,
        parts=score_explain.practice_breakdown(attempt),
        titles=CRITERION_TITLES,
    )


@bp.get("/mastery")
@role_required(Role.STUDENT)
def mastery() -> str:
    """The signed-in student's mastery per criterion: the attempts counted and their weights."""
    return render_template(
        "scores/mastery.html",
        criteria=score_explain.mastery_breakdown(current_user),
        rule=score_explain.MASTERY_RULE,
        titles=CRITERION_TITLES,
    )


@bp.get("/exams/<int:session_id>")
@role_required(Role.STUDENT)
def exam(session_id: int) -> str:
    """A graded exam's verdict: judgements per criterion, floors and must-catch."""
    found = score_explain.own_exam_breakdown(current_user, session_id)
    if found is None:
        abort(404)
    return render_template("scores/exam.html", exam=found, titles=CRITERION_TITLES)


@bp.context_processor
def labels() -> dict[str, object]:
    """Criterion, section and status names shared with the exam pages."""
    return template_labels()
