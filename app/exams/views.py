"""Views of the exams area: overview, start, one question per page, autosave, finish, result."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from app.access import role_required
from app.exams import bp
from app.extensions import db
from app.models import ExamSession, Role, utcnow
from app.practice.parsing import parse_response
from app.services.certification import exams
from app.services.certification.blueprints import get_blueprint
from app.services.certification.exam_grading import (
    outcome_of,
    reviewed_sections,
    snapshot_blueprint,
)
from app.services.certification.exam_text import template_labels
from app.sqlite_locks import retry_holding_write_lock

# Ids fit the database's integer columns; larger numbers are simply not found.
SESSION = "/sessions/<int(max=2147483647):session_id>"
POSITION = "<int(max=2147483647):position>"


@bp.context_processor
def labels() -> dict[str, object]:
    """Criterion, section and status names, the timer and the exam's title for exam templates."""
    return {
        **template_labels(),
        "seconds_left": exams.seconds_left,
        "exam_blueprint": snapshot_blueprint,
    }


def _own_session(session_id: int) -> ExamSession:
    """The current student's session, graded if overdue; anyone else's is a 404."""

    def find_and_grade_if_overdue() -> ExamSession | None:
        found = exams.session_for(current_user, session_id)
        db.session.commit()
        return found

    session = retry_holding_write_lock(find_and_grade_if_overdue)
    if session is None:
        abort(404)
    return session


@bp.get("/")
@role_required(Role.STUDENT)
def index() -> str:
    """Every certificate's exam: what is missing, attempts, cooldown, resume links."""

    def overview_grading_overdue() -> object:
        found = exams.exam_overview(current_user)
        db.session.commit()  # overdue sessions were graded on the way
        return found

    overview = retry_holding_write_lock(overview_grading_overdue)
    return render_template("exams/index.html", overview=overview)


@bp.post("/<slug>/start")
@role_required(Role.STUDENT)
def start(slug: str) -> Response:
    """Draw a session and start its server-side timer."""
    language = request.form.get("language", "en")
    blueprint = get_blueprint(slug)
    if blueprint is not None and language not in blueprint.languages:
        abort(400, _("This exam is not offered in that language."))
    try:
        session = exams.start_session(current_user, slug, language=language)
    except exams.ExamError as error:
        db.session.rollback()
        flash(_(str(error)), "error")
        return redirect(url_for(".index"))
    db.session.commit()
    flash(_("Your exam has started. The timer runs on the server."), "success")
    return redirect(url_for(".question", session_id=session.id, position=1))


@bp.get(SESSION)
@role_required(Role.STUDENT)
def session_page(session_id: int) -> str | Response:
    """All questions with their saved state, the time left and the finish button."""
    session = _own_session(session_id)
    if session.status != "active":
        return redirect(url_for(".result", session_id=session.id))
    return render_template(
        "exams/session.html", session=session, items=exams.session_items(session), now=utcnow()
    )


@bp.get(f"{SESSION}/{POSITION}")
@role_required(Role.STUDENT)
def question(session_id: int, position: int) -> str | Response:
    """One question with the practice widget, refilled with the saved answer."""
    session = _own_session(session_id)
    if session.status != "active":
        return redirect(url_for(".result", session_id=session.id))
    items = exams.session_items(session)
    current = next((v for v in items if v.item.position == position), None)
    if current is None:
        abort(404)
    return render_template(
        "exams/question.html", session=session, items=items, current=current, now=utcnow()
    )


def _save(session: ExamSession, position: int, answer: Any, revision: Any) -> tuple[Any, int]:
    """Save and describe the outcome as (payload, HTTP status)."""
    if not isinstance(revision, int) or isinstance(revision, bool) or not 0 <= revision < 2**31:
        return {"error": _("The revision must be a whole number.")}, 400
    if not 0 < position < 2**31:
        return {"error": _("There is no such question in this exam.")}, 400
    try:
        item = exams.save_answer(session, position, answer, revision)
    except exams.ExamClosed as error:
        db.session.commit()  # the session was graded
        return {"error": _(str(error)), "closed": True}, 409
    except exams.StaleRevision as error:
        db.session.rollback()
        return {"error": _(str(error)), "stale": True}, 409
    except exams.ExamError as error:
        db.session.rollback()
        return {"error": str(error)}, 400
    db.session.commit()
    return {"saved": True, "position": item.position, "revision": item.revision}, 200


def _kind_and_ids(session: ExamSession, position: int) -> tuple[str, list[str]]:
    """An item's kind and answer ids, for the form parser."""
    item = next((i for i in session.items if i.position == position), None)
    if item is None:
        abort(404)
    return item.version.exercise.kind, [a.key for a in item.version.answers]


@bp.post(f"{SESSION}/{POSITION}")
@role_required(Role.STUDENT)
def save(session_id: int, position: int) -> Response:
    """Save one answer from the form, then go to the next question (or the overview)."""
    session = _own_session(session_id)
    kind, ids = _kind_and_ids(session, position)
    revision = request.form.get("revision", type=int)
    payload, status = _save(session, position, parse_response(kind, request.form, ids), revision)
    if status == 200:
        flash(_("Answer %(n)s saved.", n=position), "success")
        after = request.form.get("then", "next")
        if after == "next" and position < len(session.items):
            return redirect(url_for(".question", session_id=session_id, position=position + 1))
        return redirect(url_for(".session_page", session_id=session_id))
    flash(payload["error"], "error")
    if payload.get("closed"):
        return redirect(url_for(".result", session_id=session_id))
    return redirect(url_for(".question", session_id=session_id, position=position))


@bp.post(f"{SESSION}/autosave")
@role_required(Role.STUDENT)
def autosave(session_id: int) -> tuple[Response, int]:
    """JSON autosave: {position, revision, fields | answer} → the new revision, or 409/400."""
    session = _own_session(session_id)
    body = request.get_json(silent=True)
    position = body.get("position") if isinstance(body, dict) else None
    if not isinstance(position, int) or isinstance(position, bool):
        return jsonify(error=_("Send JSON with a position and a revision.")), 400
    answer = body.get("answer")
    if isinstance(body.get("fields"), dict):
        kind, ids = _kind_and_ids(session, position)
        fields = MultiDict(
            [
                (str(k), str(v))
                for k, values in body["fields"].items()
                for v in (values if isinstance(values, list) else [values])
            ]
        )
        answer = parse_response(kind, fields, ids)
    payload, status = _save(session, position, answer, body.get("revision"))
    return jsonify(payload), status


@bp.post(f"{SESSION}/finish")
@role_required(Role.STUDENT)
def finish(session_id: int) -> Response:
    """Submit the exam: grade it now (once); unanswered questions need an explicit confirmation."""
    session = _own_session(session_id)
    blank = exams.unanswered_positions(session)
    if session.status == "active" and blank and not request.form.get("confirm_unanswered"):
        flash(_("Questions %(list)s are not answered: answer them or confirm that you submit "
                "without them.", list=", ".join(map(str, blank))), "warning")
        return redirect(url_for(".summary", session_id=session_id) + "#unanswered")
    exams.finish_session(session)
    db.session.commit()
    return redirect(url_for(".result", session_id=session_id))


@bp.get(f"{SESSION}/result")
@role_required(Role.STUDENT)
def result(session_id: int) -> str | Response:
    """Pass or fail, the per-criterion breakdown and what to practise; never item by item."""
    session = _own_session(session_id)
    if session.status == "active":
        return redirect(url_for(".session_page", session_id=session_id))
    return render_template(
        "exams/result.html",
        session=session,
        outcome=outcome_of(session),
        reviewed=reviewed_sections(session),
        certificate=exams.certificate_for_session(session),
    )
