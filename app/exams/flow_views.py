"""The exam's path around the questions: the rules before starting, flags and the summary."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import role_required
from app.exams import bp
from app.exams.views import POSITION, SESSION, _own_session
from app.extensions import db
from app.i18n import current_language
from app.models import Role
from app.services.certification import exam_flow, exams
from app.services.certification.blueprints import get_blueprint
from app.sqlite_locks import retry_holding_write_lock

FLAG_VALUES = {"1": True, "0": False}


def exam_language_for(languages: list[str]) -> str:
    """The exam language to offer first: the reader's, when the exam exists in it."""
    language = current_language()
    return language if language in languages else (languages[0] if languages else "en")


@bp.get("/<slug>/rules")
@role_required(Role.STUDENT)
def rules(slug: str) -> str:
    """What the exam holds and how it is passed, with the explicit Start button."""
    blueprint = get_blueprint(slug)
    if blueprint is None:
        abort(404)

    def status_grading_overdue() -> exams.ExamStatus:
        found = exams.exam_status(current_user, blueprint)
        db.session.commit()  # an overdue session was graded on the way
        return found

    status = retry_holding_write_lock(status_grading_overdue)
    languages = exams.exam_languages(blueprint, blueprint.languages)
    return render_template(
        "exams/rules.html",
        languages=languages,
        chosen_language=exam_language_for(languages),
        status=status,
        bp=blueprint,
        sections=exam_flow.section_facts(blueprint),
        extra_minutes=exam_flow.extra_minutes(current_user),
        time_limit=exam_flow.time_limit_for(current_user, blueprint),
    )


@bp.post(f"{SESSION}/{POSITION}/flag")
@role_required(Role.STUDENT)
def flag(session_id: int, position: int) -> Response | tuple[Response, int]:
    """Flag or unflag a question for later; JSON for exam.js, a redirect without script."""
    session = _own_session(session_id)
    wanted = FLAG_VALUES.get(request.form.get("flagged", ""))
    wants_json = request.accept_mimetypes.best == "application/json"
    if wanted is None:
        abort(400, _("Say whether to flag the question (flagged=1) or not (flagged=0)."))
    try:
        exam_flow.set_flag(session, position, wanted)
    except exam_flow.FlagError as error:
        db.session.rollback()
        if wants_json:
            return jsonify(error=_(str(error))), 409 if session.status != "active" else 404
        if session.status != "active":
            flash(_(str(error)), "error")
            return redirect(url_for(".result", session_id=session_id))
        abort(404)
    db.session.commit()
    if wants_json:
        return jsonify(position=position, flagged=wanted), 200
    message = _("Question %(n)s flagged for later.", n=position) if wanted else _(
        "Flag removed from question %(n)s.", n=position
    )
    flash(message, "success")
    return redirect(url_for(".question", session_id=session_id, position=position))


@bp.get(f"{SESSION}/summary")
@role_required(Role.STUDENT)
def summary(session_id: int) -> str | Response:
    """Unanswered and flagged questions, each linked, above the confirmed submit."""
    session = _own_session(session_id)
    if session.status != "active":
        return redirect(url_for(".result", session_id=session_id))
    return render_template("exams/summary.html", session=session,
                           items=exams.session_items(session))
